/**
 * The world handle: a bitECS world, the component stores, the side tables, and
 * the mapping between public entity ids and bitECS eids; spawning and
 * despawning. Looking entities up is in `entity_lookup.ts`.
 *
 * bitECS recycles an eid as soon as it is removed, so eids are never shown to
 * Lua. Public ids come from a per-world counter starting at 1 and are never
 * reused: a stale id finds no eid instead of aliasing a newer entity.
 *
 * @module
 */
import * as bit from "bitecs";
import { MAX_ENTITIES } from "../core/ceilings.ts";
import { EntitySignals } from "../signals/entity_signals.ts";
import { CORE_COMPONENTS, type CoreStores, createCoreStores } from "./components.ts";
import { WorldCapacityError } from "./errors.ts";
import { ForceTable } from "./forces.ts";
import { GroupTable } from "./groups.ts";
import { IdIndex } from "./id_index.ts";
import type { EntityTable } from "./side_table.ts";
import { growStore } from "./store.ts";
import { resetRows, shareWorldState, stateOf, type WorldState } from "./world_state.ts";

/**
 * Options of {@linkcode createWorld}.
 *
 * @example
 * ```ts
 * import { createWorld, type WorldOptions } from "./world.ts";
 * const options: WorldOptions = { capacity: 4096 };
 * const world = createWorld(options);
 * ```
 */
export interface WorldOptions {
  /** Entities that fit before the stores grow. Default 1024. */
  capacity?: number;
  /** Double the stores when full (default), or throw {@linkcode WorldCapacityError}. */
  growable?: boolean;
  /**
   * Most live entities, however the stores grow (default
   * {@linkcode MAX_ENTITIES}); spawning past it throws {@linkcode WorldCapacityError}.
   */
  maxEntities?: number;
}

/**
 * The underlying bitECS world type, for use with bitECS `query` and friends.
 *
 * @example
 * ```ts
 * import { query } from "bitecs";
 * import { createWorld, type EcsWorld } from "./mod.ts";
 * const world = createWorld();
 * const ecs: EcsWorld = world.ecs;
 * console.assert(query(ecs, [world.components.position]).length === 0);
 * ```
 */
export type EcsWorld = bit.World;

/**
 * A Moonglow world. Make one with {@linkcode createWorld}; operate on it with
 * the functions of this module. Hot code reads and writes the typed arrays of
 * `components` by eid and queries `ecs` with bitECS `query`.
 *
 * @example
 * ```ts
 * import { query } from "bitecs";
 * import { addComponent, createWorld, Position, spawnEntity, Velocity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * addComponent(world, id, Position);
 * addComponent(world, id, Velocity);
 * const { position, velocity } = world.components;
 * for (const eid of query(world.ecs, [position, velocity])) {
 *   position.x[eid] = position.x[eid]! + velocity.x[eid]! / 60;
 * }
 * ```
 */
export class World {
  /** The bitECS world; component refs are the stores of `components`. */
  readonly ecs: EcsWorld;
  /** Stores of the core components, indexed by eid. */
  readonly components: CoreStores;
  /** Group membership of every entity. */
  readonly groups: GroupTable;
  /** Named forces of every entity. */
  readonly forces: ForceTable;
  /** Per-entity signals, created by whoever first writes one. */
  readonly entitySignals: EntitySignals;
  #state: WorldState;

  static {
    // The functions of this folder reach the private state; nothing else can.
    shareWorldState((world) => world.#state);
  }

  /**
   * Create an empty world (same as {@linkcode createWorld}).
   *
   * @example
   * ```ts
   * import { World } from "./world.ts";
   * const world = new World({ capacity: 64 });
   * ```
   */
  constructor(options: WorldOptions = {}) {
    const maxEntities = options.maxEntities ?? MAX_ENTITIES;
    if (!Number.isSafeInteger(maxEntities) || maxEntities < 1) {
      throw new RangeError(`World entity ceiling must be a positive integer, got ${maxEntities}`);
    }
    const capacity = Math.min(options.capacity ?? 1024, maxEntities);
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`World capacity must be a positive integer, got ${capacity}`);
    }
    // Row 0 is never used: bitECS eids start at 1.
    const rows = capacity + 1;
    this.ecs = bit.createWorld();
    this.components = createCoreStores(rows);
    const state: WorldState = {
      nextId: 1,
      eidById: new IdIndex(),
      idByEid: new Float64Array(rows),
      capacity,
      growable: options.growable ?? true,
      maxEntities,
      stores: new Map(),
      members: new Map(),
      tables: [],
      alive: undefined,
      resets: undefined,
    };
    this.#state = state;
    for (const [key, def] of Object.entries(CORE_COMPONENTS)) {
      state.stores.set(def, this.components[key as keyof CoreStores]);
    }
    this.groups = new GroupTable((eid) => state.idByEid[eid] ?? 0);
    this.forces = new ForceTable();
    this.entitySignals = new EntitySignals();
    state.tables.push(this.groups, this.forces, this.entitySignals);
  }

  /**
   * Entities that fit before the stores grow again.
   *
   * @example
   * ```ts
   * import { createWorld } from "./world.ts";
   * console.assert(createWorld({ capacity: 8 }).capacity === 8);
   * ```
   */
  get capacity(): number {
    return this.#state.capacity;
  }

  /**
   * Most live entities this world holds, however its stores grow.
   *
   * @example
   * ```ts
   * import { createWorld } from "./world.ts";
   * console.assert(createWorld({ maxEntities: 100 }).maxEntities === 100);
   * ```
   */
  get maxEntities(): number {
    return this.#state.maxEntities;
  }
}

/**
 * Create an empty world.
 *
 * @example
 * ```ts
 * import { createWorld, entityCount } from "./mod.ts";
 * const world = createWorld();
 * console.assert(entityCount(world) === 0);
 * ```
 */
export function createWorld(options?: WorldOptions): World {
  return new World(options);
}

/**
 * Spawn an empty entity and return its public id (1, 2, 3, ... never reused).
 *
 * @throws {WorldCapacityError} when the world is full: not growable, or at
 * its entity ceiling ({@linkcode WorldOptions.maxEntities}).
 * @example
 * ```ts
 * import { createWorld, spawnEntity } from "./world.ts";
 * const world = createWorld();
 * console.assert(spawnEntity(world) === 1 && spawnEntity(world) === 2);
 * ```
 */
export function spawnEntity(world: World): number {
  const state = stateOf(world);
  const eid = bit.addEntity(world.ecs);
  if (eid > state.capacity) {
    if (!state.growable || eid > state.maxEntities) {
      bit.removeEntity(world.ecs, eid);
      throw new WorldCapacityError(
        state.growable
          ? `The world is full: it holds at most ${state.maxEntities} entities`
          : `World is full: capacity is ${state.capacity} entities`,
      );
    }
    grow(state, eid);
  }
  const id = state.nextId++;
  state.eidById.set(id, eid);
  state.idByEid[eid] = id;
  state.alive = undefined;
  return id;
}

function grow(state: WorldState, eid: number): void {
  let capacity = state.capacity;
  while (capacity < eid) capacity *= 2;
  // Stores never grow past the ceiling: nothing can live in those rows.
  capacity = Math.min(capacity, state.maxEntities);
  const rows = capacity + 1;
  const ids = new Float64Array(rows);
  ids.set(state.idByEid);
  state.idByEid = ids;
  for (const [def, store] of state.stores) growStore(def, store, rows);
  state.resets = undefined; // the columns were replaced
  state.capacity = capacity;
}

/**
 * Despawn entity `id`: its components, groups, forces, signals and every
 * registered side table are cleared. Returns false when `id` is unknown or
 * already dead.
 *
 * @example
 * ```ts
 * import { createWorld, despawnEntity, spawnEntity } from "./world.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * console.assert(despawnEntity(world, id) && !despawnEntity(world, id));
 * ```
 */
export function despawnEntity(world: World, id: number): boolean {
  const state = stateOf(world);
  const eid = state.eidById.get(id);
  if (eid === undefined) return false;
  // Tables first: the group table still needs eid -> id to drop memberships.
  for (const table of state.tables) table.delete(eid);
  // bitECS hands this eid out again at once; it must come back clean.
  resetRows(state, eid);
  bit.removeEntity(world.ecs, eid);
  state.idByEid[eid] = 0;
  state.eidById.delete(id);
  state.alive = undefined;
  return true;
}

/**
 * Register `table` so the world clears an entity's entry on despawn, and
 * return it. Systems keep their per-entity data (sprites, timers, ...) this way.
 *
 * @example
 * ```ts
 * import { addSideTable, createWorld, SideTable } from "./mod.ts";
 * const world = createWorld();
 * const labels = addSideTable(world, new SideTable<string>());
 * ```
 */
export function addSideTable<T extends EntityTable>(world: World, table: T): T {
  stateOf(world).tables.push(table);
  return table;
}
