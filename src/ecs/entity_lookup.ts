/**
 * Looking entities up in a {@linkcode World}: whether an id is alive, its
 * eid and back, the live ids, how many there are and how many more fit, and
 * the component stores.
 *
 * @module
 */
import * as bit from "bitecs";
import { type ComponentDef, createStore, type Store } from "./store.ts";
import type { World } from "./world.ts";
import { type AliveEntities, stateOf } from "./world_state.ts";

export type { AliveEntities };

/**
 * Whether entity `id` is alive.
 *
 * @example
 * ```ts
 * import { createWorld, isAlive, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * console.assert(isAlive(world, spawnEntity(world)) && !isAlive(world, 99));
 * ```
 */
export function isAlive(world: World, id: number): boolean {
  return stateOf(world).eidById.has(id);
}

/**
 * The bitECS eid of live entity `id`, or `undefined` when it is unknown or dead.
 *
 * @example
 * ```ts
 * import { createWorld, eidOf, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * world.components.position.x[eidOf(world, id)!] = 3;
 * ```
 */
export function eidOf(world: World, id: number): number | undefined {
  return stateOf(world).eidById.get(id);
}

/**
 * The public id of live eid `eid`, or `undefined` when no entity has it.
 *
 * @example
 * ```ts
 * import { createWorld, eidOf, idOf, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * console.assert(idOf(world, eidOf(world, id)!) === id);
 * ```
 */
export function idOf(world: World, eid: number): number | undefined {
  const id = stateOf(world).idByEid[eid];
  return id === undefined || id === 0 ? undefined : id;
}

/**
 * Ids of every live entity in ascending order (the deterministic iteration order).
 *
 * @example
 * ```ts
 * import { aliveIds, createWorld, despawnEntity, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * spawnEntity(world);
 * spawnEntity(world);
 * despawnEntity(world, 1);
 * console.assert(aliveIds(world).join() === "2");
 * ```
 */
export function aliveIds(world: World): number[] {
  return aliveEntities(world).ids.slice();
}

/**
 * The live entities in ascending id order with their eids, for loops over
 * every entity (no lookup per entity). The same object is returned until an
 * entity is spawned or despawned; it is never changed afterwards.
 *
 * @example
 * ```ts
 * import { aliveEntities, createWorld, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * spawnEntity(world);
 * const { ids, eids } = aliveEntities(world);
 * console.assert(ids[0] === 1 && eids.length === 1);
 * ```
 */
export function aliveEntities(world: World): AliveEntities {
  const state = stateOf(world);
  if (state.alive === undefined) {
    // Ids are inserted once, in increasing order, so the index iterates them ascending.
    const ids: number[] = [], eids: number[] = [];
    for (const [id, eid] of state.eidById.entries()) (ids.push(id), eids.push(eid));
    state.alive = Object.freeze({ ids: Object.freeze(ids), eids: Object.freeze(eids) });
  }
  return state.alive;
}

/**
 * How many entities are alive.
 *
 * @example
 * ```ts
 * import { createWorld, entityCount, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * spawnEntity(world);
 * console.assert(entityCount(world) === 1);
 * ```
 */
export function entityCount(world: World): number {
  return stateOf(world).eidById.size;
}

/**
 * How many more entities the world can hold before it reaches its ceiling.
 * Whoever spawns many at once (a tilemap, a grid layout) checks it first,
 * so that a request too big for the world spawns nothing.
 *
 * @example
 * ```ts
 * import { createWorld, entityRoom, spawnEntity } from "./mod.ts";
 * const world = createWorld({ maxEntities: 10 });
 * spawnEntity(world);
 * console.assert(entityRoom(world) === 9);
 * ```
 */
export function entityRoom(world: World): number {
  return stateOf(world).maxEntities - stateOf(world).eidById.size;
}

/**
 * The store of component `def` in `world`, created on first use. Core
 * components are also on `world.components`.
 *
 * @example
 * ```ts
 * import { createWorld, defineComponent, storeOf } from "./mod.ts";
 * const Health = defineComponent("health", { hp: 100 });
 * const world = createWorld();
 * const health = storeOf(world, Health);
 * console.assert(health.hp.length > 0);
 * ```
 */
export function storeOf<F extends string>(world: World, def: ComponentDef<F>): Store<F> {
  const state = stateOf(world);
  let store = state.stores.get(def) as Store<F> | undefined;
  if (store === undefined) {
    store = createStore(def, state.capacity + 1);
    state.stores.set(def, store);
    state.resets = undefined; // one more store to reset
  }
  return store;
}

/**
 * The components entity `id` has, in registration order, or `undefined` when
 * it is not alive.
 *
 * @example
 * ```ts
 * import { addComponent, componentsOf, createWorld, Position, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * addComponent(world, id, Position);
 * console.assert(componentsOf(world, id)?.[0] === Position);
 * ```
 */
export function componentsOf(world: World, id: number): ComponentDef[] | undefined {
  const state = stateOf(world);
  const eid = state.eidById.get(id);
  if (eid === undefined) return undefined;
  const defs: ComponentDef[] = [];
  for (const [def, store] of state.stores) {
    if (bit.hasComponent(world.ecs, eid, store)) defs.push(def);
  }
  return defs;
}
