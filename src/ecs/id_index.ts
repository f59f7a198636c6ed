/**
 * The map from public entity ids to bitECS eids, for a {@linkcode World}.
 *
 * @module
 */

// Ids are handed out in increasing order and never reused, so the live ones sit in a few runs of
// consecutive ids: pages of 256 ids make a lookup two array reads instead of a hash lookup (ids
// are often doubles read from a command's bytes, which a Map hashes slowly; several lookups per
// callback showed as a few percent of a frame). A page goes once its last entity does.
const PAGE_BITS = 8;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;

/**
 * Live ids and their eids: lookups by id, iteration in ascending id order.
 *
 * @example
 * ```ts
 * import { IdIndex } from "./id_index.ts";
 * const index = new IdIndex();
 * index.set(7, 3);
 * console.assert(index.get(7) === 3 && index.get(8) === undefined);
 * ```
 */
export class IdIndex {
  /** Every entry in insertion order, which is ascending id order; the count. */
  #order = new Map<number, number>();
  /** Eids of ids below 2^31 by page (0: no entity), and each page's live count. */
  #pages: (Int32Array | undefined)[] = [];
  #live: number[] = [];
  #lastId = 0;

  /**
   * The eid of `id`, or `undefined` when it is not live.
   *
   * @example
   * ```ts
   * import { IdIndex } from "./id_index.ts";
   * console.assert(new IdIndex().get(1) === undefined);
   * ```
   */
  get(id: number): number | undefined {
    // A positive 32-bit integer has its page; anything else (fractions, NaN, huge ids) the map.
    if ((id | 0) === id && id > 0) {
      const eid = this.#pages[id >> PAGE_BITS]?.[id & PAGE_MASK];
      return eid === 0 ? undefined : eid;
    }
    return this.#order.get(id);
  }

  /**
   * Whether `id` is live.
   *
   * @example
   * ```ts
   * import { IdIndex } from "./id_index.ts";
   * console.assert(!new IdIndex().has(1));
   * ```
   */
  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /**
   * Record live `id` in row `eid` (a positive integer); ids come in increasing order.
   *
   * @throws {RangeError} when `eid` is not a positive 32-bit integer or `id` is not above every
   * id recorded before.
   * @example
   * ```ts
   * import { IdIndex } from "./id_index.ts";
   * new IdIndex().set(1, 1);
   * ```
   */
  set(id: number, eid: number): void {
    if ((eid | 0) !== eid || eid <= 0) throw new RangeError(`Entity row must be positive: ${eid}`);
    if (!(id > this.#lastId)) {
      throw new RangeError(`Entity id ${id} is not above the ids already recorded`);
    }
    this.#lastId = id;
    this.#order.set(id, eid);
    if ((id | 0) !== id) return;
    const p = id >> PAGE_BITS;
    const page = this.#pages[p] ??= new Int32Array(PAGE_SIZE);
    page[id & PAGE_MASK] = eid;
    this.#live[p] = (this.#live[p] ?? 0) + 1;
  }

  /**
   * Forget `id`; returns its eid, or `undefined` when it was not live.
   *
   * @example
   * ```ts
   * import { IdIndex } from "./id_index.ts";
   * console.assert(new IdIndex().delete(1) === undefined);
   * ```
   */
  delete(id: number): number | undefined {
    const eid = this.#order.get(id);
    if (eid === undefined) return undefined;
    this.#order.delete(id);
    if ((id | 0) === id) {
      const p = id >> PAGE_BITS;
      this.#pages[p]![id & PAGE_MASK] = 0;
      const left = this.#live[p]! - 1;
      this.#live[p] = left;
      if (left === 0) this.#pages[p] = undefined;
    }
    return eid;
  }

  /**
   * How many ids are live.
   *
   * @example
   * ```ts
   * import { IdIndex } from "./id_index.ts";
   * console.assert(new IdIndex().size === 0);
   * ```
   */
  get size(): number {
    return this.#order.size;
  }

  /**
   * `[id, eid]` pairs in ascending id order.
   *
   * @example
   * ```ts
   * import { IdIndex } from "./id_index.ts";
   * const index = new IdIndex();
   * index.set(2, 1);
   * console.assert([...index.entries()][0]?.[0] === 2);
   * ```
   */
  entries(): MapIterator<[number, number]> {
    return this.#order.entries();
  }
}
