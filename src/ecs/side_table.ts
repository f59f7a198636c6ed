/**
 * Side tables: per-entity data that does not fit a typed array, keyed by eid.
 *
 * The world clears every registered side table when an entity is despawned, so
 * a recycled eid starts without stale data.
 *
 * @module
 */

/**
 * Anything the world must clear for an eid on despawn.
 *
 * @example
 * ```ts
 * import type { EntityTable } from "./side_table.ts";
 * const table: EntityTable = { delete: (_eid) => false };
 * ```
 */
export interface EntityTable {
  /** Forget everything about `eid`; returns whether there was anything. */
  delete(eid: number): boolean;
}

/**
 * A map from eid to one value.
 *
 * @example
 * ```ts
 * import { SideTable } from "./side_table.ts";
 * const names = new SideTable<string>();
 * names.set(3, "ball");
 * console.assert(names.get(3) === "ball");
 * ```
 */
export class SideTable<V> implements EntityTable {
  /** Every entry, in insertion order (iteration order is part of the contract). */
  #map = new Map<number, V>();
  /**
   * The same entries indexed by eid (small integers): a lookup is an array
   * read. Contexts look up several tables per entity per frame.
   */
  #byEid: (V | undefined)[] = [];
  /** Whether each eid has an entry (a value may be `undefined`): `has` without a map lookup. */
  #present: boolean[] = [];

  /**
   * The value for `eid`, or `undefined`.
   *
   * @example
   * ```ts
   * import { SideTable } from "./side_table.ts";
   * console.assert(new SideTable<number>().get(1) === undefined);
   * ```
   */
  get(eid: number): V | undefined {
    return this.#byEid[eid];
  }

  /**
   * Set the value for `eid`.
   *
   * @example
   * ```ts
   * import { SideTable } from "./side_table.ts";
   * new SideTable<number>().set(1, 42);
   * ```
   */
  set(eid: number, value: V): void {
    this.#map.set(eid, value);
    this.#byEid[eid] = value;
    this.#present[eid] = true;
  }

  /**
   * Whether `eid` has a value.
   *
   * @example
   * ```ts
   * import { SideTable } from "./side_table.ts";
   * console.assert(!new SideTable<number>().has(1));
   * ```
   */
  has(eid: number): boolean {
    return this.#present[eid] === true;
  }

  /**
   * Remove the value for `eid`; returns whether there was one.
   *
   * @example
   * ```ts
   * import { SideTable } from "./side_table.ts";
   * console.assert(!new SideTable<number>().delete(1));
   * ```
   */
  delete(eid: number): boolean {
    // Every despawn asks every table: most have no row for it, and an array read says so.
    if (this.#present[eid] !== true) return false;
    this.#byEid[eid] = undefined;
    this.#present[eid] = false;
    return this.#map.delete(eid);
  }

  /**
   * The value for `eid`, created by `make` when missing.
   *
   * @example
   * ```ts
   * import { SideTable } from "./side_table.ts";
   * const t = new SideTable<string[]>();
   * t.ensure(1, () => []).push("a");
   * console.assert(t.get(1)?.length === 1);
   * ```
   */
  ensure(eid: number, make: () => V): V {
    let value = this.#byEid[eid];
    if (value === undefined) {
      value = make();
      this.set(eid, value);
    }
    return value;
  }

  /**
   * How many eids have a value.
   *
   * @example
   * ```ts
   * import { SideTable } from "./side_table.ts";
   * console.assert(new SideTable<number>().size === 0);
   * ```
   */
  get size(): number {
    return this.#map.size;
  }

  /**
   * `[eid, value]` pairs in insertion order.
   *
   * @example
   * ```ts
   * import { SideTable } from "./side_table.ts";
   * const t = new SideTable<number>();
   * t.set(2, 20);
   * console.assert([...t.entries()].length === 1);
   * ```
   */
  entries(): IterableIterator<[number, V]> {
    return this.#map.entries();
  }

  /**
   * The eids that have a value, in insertion order.
   *
   * @example
   * ```ts
   * import { SideTable } from "./side_table.ts";
   * const t = new SideTable<number>();
   * t.set(2, 20);
   * console.assert([...t.keys()][0] === 2);
   * ```
   */
  keys(): IterableIterator<number> {
    return this.#map.keys();
  }

  /**
   * The values in insertion order.
   *
   * @example
   * ```ts
   * import { SideTable } from "./side_table.ts";
   * const t = new SideTable<number>();
   * t.set(2, 20);
   * console.assert([...t.values()][0] === 20);
   * ```
   */
  values(): IterableIterator<V> {
    return this.#map.values();
  }
}
