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
