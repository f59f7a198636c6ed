/**
 * Deterministic iteration for systems: side tables iterate in insertion
 * order, which depends on history (clones, re-inserts); systems walk their
 * entities by ascending public id instead.
 *
 * @module
 */
import { idOf, type SideTable, type World } from "../ecs/mod.ts";

/**
 * `[id, eid, value]` for every live entity of `table`, by ascending id.
 *
 * @example
 * ```ts
 * import { byId } from "./entity_order.ts";
 * import { createWorld, eidOf, SideTable, spawnEntity } from "../ecs/mod.ts";
 * const world = createWorld();
 * const [a, b] = [spawnEntity(world), spawnEntity(world)];
 * const table = new SideTable<string>();
 * table.set(eidOf(world, b)!, "b");
 * table.set(eidOf(world, a)!, "a");
 * console.assert(byId(world, table).map(([, , v]) => v).join() === "a,b");
 * ```
 */
export function byId<V>(world: World, table: SideTable<V>): [number, number, V][] {
  const out: [number, number, V][] = [];
  // Entries are mostly made in spawn order, which is id order: then there is nothing to sort.
  let sorted = true, last = -Infinity;
  for (const [eid, value] of table.entries()) {
    const id = idOf(world, eid);
    if (id === undefined) continue;
    if (id < last) sorted = false;
    last = id;
    out.push([id, eid, value]);
  }
  return sorted ? out : out.sort((p, q) => p[0] - q[0]);
}
