/**
 * Key sets: the keys of one entity's signals, sorted per category and interned, so that entities
 * with the same keys share one object and a key added or removed moves an entity from one set to
 * another by a lookup. A game that sets and clears a flag of thousands of entities every frame
 * changes their key sets every frame: sorting and interning each one again cost about as much as
 * the rest of the frame.
 *
 * @module
 */

/** Categories by number: scalars, integers, strings, flags. */
export type KeySlot = 0 | 1 | 2 | 3;

/** Distinct key sets kept; past this the table starts over (equal sets then cost their keys once more). */
const MAX_SETS = 4096;
/** Moves kept per set, slot and direction: through a set that many keys pass, the first ones only. */
const MAX_MOVES = 64;

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per slot, the sets one move away, by the key that moves. */
type Moves = (Map<string, KeySet> | undefined)[];
const noMoves = (): Moves => [undefined, undefined, undefined, undefined];
const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * An interned set of signal keys: each category's keys sorted by UTF-16 code units. Equal sets
 * are one object while the intern table holds them (it starts over past 4,096 sets; sets made
 * before then still hold their keys, they are only no longer shared with new equal ones).
 *
 * @example
 * ```ts
 * import { EMPTY_KEY_SET } from "./key_set.ts";
 * const hp = EMPTY_KEY_SET.with(1, "hp");
 * console.assert(hp.ik[0] === "hp" && hp.without(1, "hp") === EMPTY_KEY_SET);
 * console.assert(EMPTY_KEY_SET.with(1, "hp") === hp);
 * ```
 */
export class KeySet {
  /** Scalar keys, sorted. */
  readonly sk: readonly string[];
  /** Integer keys, sorted. */
  readonly ik: readonly string[];
  /** String keys, sorted. */
  readonly tk: readonly string[];
  /** Set flags, sorted. */
  readonly flags: readonly string[];
  /** All keys together. */
  readonly total: number;
  /** The intern table's generation it was made in: moves are kept only within one. */
  readonly #generation: number;
  /**
   * Per slot, the set with one key more (by that key) and with one key less; kept while the
   * intern table holds this set.
   */
  readonly #added: Moves = noMoves();
  readonly #removed: Moves = noMoves();

  private constructor(lists: readonly (readonly string[])[], generation: number) {
    this.sk = lists[0]!;
    this.ik = lists[1]!;
    this.tk = lists[2]!;
    this.flags = lists[3]!;
    this.total = this.sk.length + this.ik.length + this.tk.length + this.flags.length;
    this.#generation = generation;
  }

  /**
   * The interned set of these sorted lists (scalars, integers, strings, flags).
   *
   * @example
   * ```ts
   * import { KeySet } from "./key_set.ts";
   * const a = KeySet.of([[], ["hp"], [], ["boss"]]);
   * console.assert(a === KeySet.of([[], ["hp"], [], ["boss"]]) && a.total === 2);
   * ```
   */
  static of(lists: readonly (readonly string[])[]): KeySet {
    const name = JSON.stringify(lists);
    let set = interned.get(name);
    if (set === undefined) {
      if (interned.size >= MAX_SETS) {
        // The sets made so far forget their moves, so that the ones entities still hold do not
        // keep each other (and a whole generation) alive.
        for (const old of interned.values()) {
          old.#added.fill(undefined);
          old.#removed.fill(undefined);
        }
        interned = new Map();
        generation++;
      }
      const kept = lists.map((l) => (l.length === 0 ? NO_KEYS : Object.freeze([...l])));
      interned.set(name, set = new KeySet(kept, generation));
    }
    return set;
  }

  /**
   * The set of any lists of keys, sorted here.
   *
   * @example
   * ```ts
   * import { KeySet } from "./key_set.ts";
   * console.assert(KeySet.sorting([["b", "a"], [], [], []]).sk[0] === "a");
   * ```
   */
  static sorting(lists: readonly Iterable<string>[]): KeySet {
    return KeySet.of(lists.map((keys) => [...keys].sort(byKey)));
  }

  /** The keys of `slot`, sorted. */
  keys(slot: KeySlot): readonly string[] {
    return slot === 0 ? this.sk : slot === 1 ? this.ik : slot === 2 ? this.tk : this.flags;
  }

  /**
   * This set with `key` added to `slot` (itself when it has it).
   *
   * @example
   * ```ts
   * import { EMPTY_KEY_SET } from "./key_set.ts";
   * console.assert(EMPTY_KEY_SET.with(3, "boss").flags[0] === "boss");
   * ```
   */
  with(slot: KeySlot, key: string): KeySet {
    return this.#move(this.#added, slot, key, true);
  }

  /**
   * This set with `key` removed from `slot` (itself when it lacks it).
   *
   * @example
   * ```ts
   * import { EMPTY_KEY_SET } from "./key_set.ts";
   * console.assert(EMPTY_KEY_SET.with(0, "x").without(0, "x").total === 0);
   * ```
   */
  without(slot: KeySlot, key: string): KeySet {
    return this.#move(this.#removed, slot, key, false);
  }

  #move(
    moves: Moves,
    slot: KeySlot,
    key: string,
    add: boolean,
  ): KeySet {
    const known = moves[slot]?.get(key);
    if (known !== undefined) return known;
    const list = this.keys(slot);
    const at = lowerBound(list, key), has = list[at] === key;
    if (has === add) return this;
    const changed = add
      ? [...list.slice(0, at), key, ...list.slice(at)]
      : [...list.slice(0, at), ...list.slice(at + 1)];
    const lists = [this.sk, this.ik, this.tk, this.flags];
    lists[slot] = changed;
    const next = KeySet.of(lists);
    // A move is kept only between sets of the table's generation (see KeySet.of).
    if (next.#generation === this.#generation && generation === this.#generation) {
      const map = moves[slot] ??= new Map();
      if (map.size < MAX_MOVES) map.set(key, next);
    }
    return next;
  }
}

// Where `key` is or would go in the sorted `list`.
function lowerBound(list: readonly string[], key: string): number {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

let interned = new Map<string, KeySet>();
let generation = 0;

/**
 * The set of no keys.
 *
 * @example
 * ```ts
 * import { EMPTY_KEY_SET } from "./key_set.ts";
 * console.assert(EMPTY_KEY_SET.total === 0);
 * ```
 */
export const EMPTY_KEY_SET: KeySet = KeySet.of([[], [], [], []]);
