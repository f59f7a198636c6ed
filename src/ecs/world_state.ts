/**
 * The private state of a {@linkcode World}, shared by the modules of this
 * folder (the world itself and the entity lookups) and by nothing else.
 *
 * @module
 */
import type { IdIndex } from "./id_index.ts";
import type { EntityTable } from "./side_table.ts";
import type { ComponentDef, Store } from "./store.ts";
import type { World } from "./world.ts";

/** What a world keeps behind its handle. */
export interface WorldState {
  nextId: number;
  readonly eidById: IdIndex;
  // eid -> public id, 0 when the eid is free. Float64 because ids go to 2^53.
  idByEid: Float64Array;
  capacity: number;
  readonly growable: boolean;
  readonly maxEntities: number;
  readonly stores: Map<ComponentDef, Store>;
  /** Each store's bitECS membership bit, found on first use (see entity_components.ts). */
  readonly members: Map<ComponentDef, Membership>;
  readonly tables: EntityTable[];
  /** The live entities in id order, until the next spawn or despawn (see aliveEntities). */
  alive: AliveEntities | undefined;
  /** Every store's columns and their defaults, until a store is added or grows (see resetRows). */
  resets: ResetColumns | undefined;
}

/**
 * Every field column of a world's stores with its default, flat: a despawn writes the defaults
 * back into its row in one loop over typed arrays, where going store by store and field by field
 * read each store's columns by name (about a microsecond a despawn).
 *
 * @example
 * ```ts
 * import type { ResetColumns } from "./world_state.ts";
 * const none: ResetColumns = { columns: [], defaults: [] };
 * ```
 */
export interface ResetColumns {
  readonly columns: readonly Float64Array[];
  readonly defaults: readonly number[];
}

/**
 * Write every store's defaults into row `eid` of `state`'s stores.
 *
 * @example
 * ```ts
 * import { resetRows, stateOf } from "./world_state.ts";
 * import { createWorld } from "./world.ts";
 * resetRows(stateOf(createWorld()), 1);
 * ```
 */
export function resetRows(state: WorldState, eid: number): void {
  let resets = state.resets;
  if (resets === undefined) {
    const columns: Float64Array[] = [], defaults: number[] = [];
    for (const [def, store] of state.stores) {
      for (const field of def.fields) {
        columns.push(store[field]!);
        defaults.push(def.defaults[field]!);
      }
    }
    resets = state.resets = { columns, defaults };
  }
  const { columns, defaults } = resets;
  for (let i = 0; i < columns.length; i++) columns[i]![eid] = defaults[i]!;
}

/**
 * The live entities in ascending id order: `ids[i]` lives in row `eids[i]`.
 *
 * @example
 * ```ts
 * import type { AliveEntities } from "./world_state.ts";
 * const none: AliveEntities = { ids: [], eids: [] };
 * ```
 */
export interface AliveEntities {
  /** Public ids, ascending. */
  readonly ids: readonly number[];
  /** The bitECS eid of each id. */
  readonly eids: readonly number[];
}

/**
 * A component's store and membership bit: bitECS keeps the bit in one mask array per generation
 * of 31 components, and a generation's array stays the same array (bitECS only appends).
 *
 * @example
 * ```ts
 * import type { Membership } from "./world_state.ts";
 * const m: Membership = { store: {}, masks: [], flag: 1, write: () => {} };
 * ```
 */
export interface Membership {
  readonly store: Store;
  readonly masks: number[];
  readonly flag: number;
  /** Writes the fields `values` gives as numbers into row `eid` of `store`. */
  readonly write: (store: Store, eid: number, values: Partial<Record<string, number>>) => void;
}

/** The private state of `world`; set once by {@linkcode World}'s class body. */
export let stateOf: (world: World) => WorldState;

/** Called by {@linkcode World}'s class body to hand out its state accessor. */
export function shareWorldState(accessor: (world: World) => WorldState): void {
  stateOf = accessor;
}
