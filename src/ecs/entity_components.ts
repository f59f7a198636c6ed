/**
 * Component access by public entity id, for command processing and tests.
 * Every function refuses a dead or unknown id instead of touching the eid it
 * used to have. Hot code should query and index the stores by eid instead.
 *
 * @module
 */
import * as bit from "bitecs";
import type { ComponentDef, Store } from "./store.ts";
import { eidOf, storeOf } from "./entity_lookup.ts";
import type { World } from "./world.ts";

/**
 * A component's membership bit: bitECS keeps it in one mask array per
 * generation of 31 components. Reading the bit directly skips the two map
 * lookups of `bit.hasComponent`, which showed in every per-entity loop.
 */
interface Membership {
  readonly masks: number[];
  readonly flag: number;
}

function membershipOf(world: World, store: Store<string>): Membership {
  const ecs = world.ecs;
  const ctx = (ecs as bit.InternalWorld)[bit.$internal];
  const data = ctx.componentMap.get(store) ?? bit.registerComponent(ecs, store);
  // A generation's mask array stays the same array (bitECS only ever appends generations).
  const masks = ctx.entityMasks[data.generationId]!;
  return { masks, flag: data.bitflag };
}

/**
 * Add component `def` to entity `id` at its defaults (no change when it has it
 * already). Returns false when `id` is not alive.
 *
 * @example
 * ```ts
 * import { addComponent, createWorld, Frozen, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * console.assert(addComponent(world, spawnEntity(world), Frozen));
 * ```
 */
export function addComponent(world: World, id: number, def: ComponentDef): boolean {
  const eid = eidOf(world, id);
  if (eid === undefined) return false;
  attach(world, eid, def);
  return true;
}

function attach<F extends string>(world: World, eid: number, def: ComponentDef<F>) {
  const store = storeOf(world, def);
  // Most writes go to a component the entity has: test its bit before asking bitECS.
  const { masks, flag } = membershipOf(world, store);
  if (((masks[eid] ?? 0) & flag) === flag) return store;
  // bitECS returns true only when newly added; a fresh component starts at
  // its defaults whatever the row held.
  if (bit.addComponent(world.ecs, eid, store)) {
    for (const field of def.fields) store[field][eid] = def.defaults[field];
  }
  return store;
}

/**
 * Remove component `def` from entity `id`. Returns false when `id` is not alive.
 *
 * @example
 * ```ts
 * import { addComponent, createWorld, Frozen, hasComponent, removeComponent, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * addComponent(world, id, Frozen);
 * removeComponent(world, id, Frozen);
 * console.assert(!hasComponent(world, id, Frozen));
 * ```
 */
export function removeComponent(world: World, id: number, def: ComponentDef): boolean {
  const eid = eidOf(world, id);
  if (eid === undefined) return false;
  bit.removeComponent(world.ecs, eid, storeOf(world, def));
  return true;
}

/**
 * Whether live entity `id` has component `def`.
 *
 * @example
 * ```ts
 * import { createWorld, hasComponent, Position, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * console.assert(!hasComponent(world, spawnEntity(world), Position));
 * ```
 */
export function hasComponent(world: World, id: number, def: ComponentDef): boolean {
  const eid = eidOf(world, id);
  return eid !== undefined && bit.hasComponent(world.ecs, eid, storeOf(world, def));
}

/**
 * A test of component `def` by internal eid, its store resolved once: for
 * loops that test the same components of many entities.
 *
 * @example
 * ```ts
 * import { addComponent, componentTest, createWorld, eidOf, Position, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const hasPosition = componentTest(world, Position);
 * const id = spawnEntity(world);
 * addComponent(world, id, Position);
 * console.assert(hasPosition(eidOf(world, id)!));
 * ```
 */
export function componentTest(world: World, def: ComponentDef): (eid: number) => boolean {
  const { masks, flag } = membershipOf(world, storeOf(world, def));
  return (eid) => ((masks[eid] ?? 0) & flag) === flag;
}

/**
 * Write `values` into component `def` of entity `id`, adding the component
 * (at its defaults) first when missing. Returns false, writing nothing, when
 * `id` is not alive.
 *
 * @example
 * ```ts
 * import { createWorld, getComponent, Position, setComponent, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * setComponent(world, id, Position, { x: 4, y: 2 });
 * console.assert(getComponent(world, id, Position)?.x === 4);
 * ```
 */
export function setComponent<F extends string>(
  world: World,
  id: number,
  def: ComponentDef<F>,
  values: Partial<Record<F, number>>,
): boolean {
  const eid = eidOf(world, id);
  if (eid === undefined) return false;
  const store = attach(world, eid, def);
  const fields = def.fields;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const value = values[field];
    if (value !== undefined) store[field][eid] = value;
  }
  return true;
}

/**
 * A copy of component `def` of entity `id`, or `undefined` when the entity is
 * not alive or does not have it.
 *
 * @example
 * ```ts
 * import { addComponent, createWorld, getComponent, Scale, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * addComponent(world, id, Scale);
 * console.assert(getComponent(world, id, Scale)?.x === 1);
 * ```
 */
export function getComponent<F extends string>(
  world: World,
  id: number,
  def: ComponentDef<F>,
): Record<F, number> | undefined {
  const eid = eidOf(world, id);
  if (eid === undefined) return undefined;
  const store = storeOf(world, def);
  if (!bit.hasComponent(world.ecs, eid, store)) return undefined;
  const out = {} as Record<F, number>;
  for (const field of def.fields) out[field] = store[field][eid]!;
  return out;
}
