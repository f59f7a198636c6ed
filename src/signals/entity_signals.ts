/**
 * Every entity's signals, kept by key: one column per key of each category, in pages of 64
 * entities. A frame writes and reads the same few keys of thousands of entities; a per-entity
 * object graph (the signals, their buckets, each bucket's map) put several scattered objects in
 * each of those accesses, where a column puts one dense page, shared by the entity's neighbours.
 * Each entity's own row keeps the order its keys came in, its versions and its snapshot.
 *
 * @module
 */
import { type SignalRecord, Signals, type SignalsApi, type SignalsSnapshot } from "./signals.ts";
import { checkKey, checkValue, INTEGER, SCALAR, STRING } from "./validate.ts";
import { EMPTY_KEY_SET, type KeySet } from "./key_set.ts";

type Category = keyof SignalsSnapshot;
const SCALARS = 0, INTEGERS = 1, STRINGS = 2, FLAGS = 3;
type Slot = typeof SCALARS | typeof INTEGERS | typeof STRINGS | typeof FLAGS;
const SLOT: Readonly<Record<Category, Slot>> = { scalars: 0, integers: 1, strings: 2, flags: 3 };

const PAGE_BITS = 6;
const PAGE = 1 << PAGE_BITS, PAGE_MASK = PAGE - 1;

/**
 * One key's values for 64 consecutive eids. A number signal is never NaN (the validators refuse
 * it), so NaN marks a number slot without a value; a string slot without one is undefined; a flag
 * is set where its byte is 1.
 */
interface Page {
  readonly values: Float64Array | (string | undefined)[] | Uint8Array;
  /** Values present: the page goes once the last one does. */
  count: number;
}

// One key's values in one category (what EntitySignals.column hands out): its pages, by eid >> 6,
// and how many there are.
class Column {
  readonly pages: (Page | undefined)[] = [];
  count = 0;
  readonly #slot: Slot;

  constructor(slot: Slot) {
    this.#slot = slot;
  }

  at(eid: number): Value | undefined {
    const page = this.pages[eid >> PAGE_BITS], at = eid & PAGE_MASK, slot = this.#slot;
    if (page === undefined || !isSet(page, slot, at)) return undefined;
    return slot === FLAGS ? true : page.values[at];
  }
}
type Value = number | string | true;

/** What a slot without a value holds, by category. */
const EMPTY = [NaN, NaN, undefined, 0] as const;

function newPage(slot: Slot): Page {
  const values = slot === STRINGS
    ? new Array<string | undefined>(PAGE)
    : slot === FLAGS
    ? new Uint8Array(PAGE)
    : new Float64Array(PAGE);
  return { values: values.fill(EMPTY[slot] as never), count: 0 };
}

// One branch per kind of page, so that each reads one kind of array (a frame's thousands of
// signal writes come through here; `Object.is` over the three kinds cost a tenth of a frame
// that sets and clears entity flags).
function isSet(page: Page, slot: Slot, at: number): boolean {
  if (slot === STRINGS) return (page.values as (string | undefined)[])[at] !== undefined;
  if (slot === FLAGS) return (page.values as Uint8Array)[at] === 1;
  const v = (page.values as Float64Array)[at]!;
  return v === v; // NaN: no value
}

/** What the table and its rows share. */
class Columns {
  /** Per category, each key's column. */
  readonly columns: Map<string, Column>[] = [new Map(), new Map(), new Map(), new Map()];
  /** Per eid, its row; undefined when the entity has no signals. */
  readonly rows: (Row | undefined)[] = [];
  /** Per category and eid, the keys in the order they came. */
  readonly order: (string[] | undefined)[][] = [[], [], [], []];
  /** Per eid, the change and key-set counters (they only grow, also across eids reused). */
  readonly version: number[] = [];
  readonly keysVersion: number[] = [];
  /** Per eid, its keys (undefined: none). */
  readonly keySets: (KeySet | undefined)[] = [];
  /** Per category and eid, its frozen record; per eid, its snapshot (undefined: made anew). */
  readonly views: (SignalRecord<unknown> | undefined)[][] = [[], [], [], []];
  readonly snapshots: (SignalsSnapshot | undefined)[] = [];
  /** Counts the columns made and dropped. */
  layout = 0;

  read(slot: Slot, eid: number, key: string): Value | undefined {
    return this.columns[slot]!.get(key)?.at(eid);
  }

  /** Set `key` of `eid`; whether anything changed. */
  write(slot: Slot, eid: number, key: string, value: Value): boolean {
    const columns = this.columns[slot]!;
    let column = columns.get(key);
    if (column === undefined) (columns.set(key, column = new Column(slot)), this.layout++);
    const p = eid >> PAGE_BITS, at = eid & PAGE_MASK;
    let page = column.pages[p];
    if (page === undefined) (column.pages[p] = page = newPage(slot), column.count++);
    const values = page.values;
    if (isSet(page, slot, at)) {
      if (slot === FLAGS || Object.is(values[at], value)) return false;
    } else {
      page.count++;
      (this.order[slot]![eid] ??= []).push(key);
      this.keysVersion[eid] = (this.keysVersion[eid] ?? 0) + 1;
      this.keySets[eid] = (this.keySets[eid] ?? EMPTY_KEY_SET).with(slot, key);
    }
    values[at] = slot === FLAGS ? 1 : value as never;
    this.#changed(slot, eid);
    return true;
  }

  /** Remove `key` of `eid`; whether it was there. */
  remove(slot: Slot, eid: number, key: string): boolean {
    const column = this.columns[slot]!.get(key);
    const p = eid >> PAGE_BITS, at = eid & PAGE_MASK;
    const page = column?.pages[p];
    if (column === undefined || page === undefined || !isSet(page, slot, at)) return false;
    this.#unset(slot, column, p, page, at, key);
    const order = this.order[slot]![eid]!;
    order.splice(order.indexOf(key), 1);
    this.keysVersion[eid] = (this.keysVersion[eid] ?? 0) + 1;
    this.keySets[eid] = this.keySets[eid]?.without(slot, key);
    this.#changed(slot, eid);
    return true;
  }

  /** Remove every key of `eid`; whether there were any. */
  clear(eid: number): boolean {
    let any = false;
    for (let slot = 0 as Slot; slot <= FLAGS; slot++) {
      const keys = this.order[slot]![eid];
      if (keys === undefined || keys.length === 0) continue;
      const column = this.columns[slot]!, p = eid >> PAGE_BITS, at = eid & PAGE_MASK;
      for (const key of keys) {
        const c = column.get(key)!;
        this.#unset(slot, c, p, c.pages[p]!, at, key);
      }
      this.order[slot]![eid] = undefined;
      this.views[slot]![eid] = undefined;
      any = true;
    }
    if (any) {
      this.keysVersion[eid] = (this.keysVersion[eid] ?? 0) + 1;
      this.keySets[eid] = undefined;
      this.version[eid] = (this.version[eid] ?? 0) + 1;
      this.snapshots[eid] = undefined;
    }
    return any;
  }

  #unset(slot: Slot, column: Column, p: number, page: Page, at: number, key: string): void {
    page.values[at] = EMPTY[slot] as never;
    // An empty page and then an empty column go: memory follows what is set, whatever keys a
    // game has made before.
    if (--page.count > 0) return;
    column.pages[p] = undefined;
    if (--column.count === 0) (this.columns[slot]!.delete(key), this.layout++);
  }

  #changed(slot: Slot, eid: number): void {
    this.version[eid] = (this.version[eid] ?? 0) + 1;
    this.views[slot]![eid] = undefined;
    this.snapshots[eid] = undefined;
  }

  keys(slot: Slot, eid: number): IterableIterator<string> {
    // A copy: a caller may remove keys while it goes through them.
    return [...(this.order[slot]![eid] ?? [])].values();
  }

  view(slot: Slot, eid: number): SignalRecord<unknown> {
    let view = this.views[slot]![eid];
    if (view === undefined) {
      // fromEntries defines own properties, so a key like "__proto__" stays data.
      const keys = this.order[slot]![eid] ?? [];
      view = Object.freeze(Object.fromEntries(keys.map((k) => [k, this.read(slot, eid, k)])));
      this.views[slot]![eid] = view;
    }
    return view;
  }
}

// The signals of one entity of an EntitySignals. Once the entity is deleted its row is detached:
// it reads as empty, and writes to it go nowhere.
class Row implements SignalsApi {
  keysCache: unknown = undefined;
  #c: Columns | undefined;
  readonly #eid: number;

  constructor(columns: Columns, eid: number) {
    this.#c = columns;
    this.#eid = eid;
  }

  detach(): void {
    this.#c = undefined;
  }

  get version(): number {
    return this.#c?.version[this.#eid] ?? 0;
  }

  get keysVersion(): number {
    return this.#c?.keysVersion[this.#eid] ?? 0;
  }

  get keySet(): KeySet {
    return this.#c?.keySets[this.#eid] ?? EMPTY_KEY_SET;
  }

  keys(category: Category): IterableIterator<string> {
    return this.#c?.keys(SLOT[category], this.#eid) ?? [].values();
  }

  getScalar(key: string): number | undefined {
    return this.#c?.read(SCALARS, this.#eid, key) as number | undefined;
  }

  setScalar(key: string, value: number): void {
    checkValue(SCALAR, key, value);
    this.#c?.write(SCALARS, this.#eid, key, value);
  }

  clearScalar(key: string): void {
    this.#c?.remove(SCALARS, this.#eid, key);
  }

  getInteger(key: string): number | undefined {
    return this.#c?.read(INTEGERS, this.#eid, key) as number | undefined;
  }

  setInteger(key: string, value: number): void {
    checkValue(INTEGER, key, value);
    // -0 is stored as 0 so Lua sees the integer it expects.
    this.#c?.write(INTEGERS, this.#eid, key, value + 0);
  }

  clearInteger(key: string): void {
    this.#c?.remove(INTEGERS, this.#eid, key);
  }

  getString(key: string): string | undefined {
    return this.#c?.read(STRINGS, this.#eid, key) as string | undefined;
  }

  setString(key: string, value: string): void {
    checkValue(STRING, key, value);
    this.#c?.write(STRINGS, this.#eid, key, value);
  }

  clearString(key: string): void {
    this.#c?.remove(STRINGS, this.#eid, key);
  }

  hasFlag(key: string): boolean {
    return this.#c?.read(FLAGS, this.#eid, key) === true;
  }

  setFlag(key: string): void {
    checkKey(key);
    this.#c?.write(FLAGS, this.#eid, key, true);
  }

  clearFlag(key: string): void {
    this.#c?.remove(FLAGS, this.#eid, key);
  }

  clear(): void {
    this.#c?.clear(this.#eid);
  }

  clone(): Signals {
    return copyInto(new Signals(), this);
  }

  snapshot(): SignalsSnapshot {
    const c = this.#c, eid = this.#eid;
    if (c === undefined) return new Signals().snapshot();
    let snap = c.snapshots[eid];
    if (snap === undefined) {
      snap = Object.freeze({
        scalars: c.view(SCALARS, eid) as SignalRecord<number>,
        integers: c.view(INTEGERS, eid) as SignalRecord<number>,
        strings: c.view(STRINGS, eid) as SignalRecord<string>,
        flags: c.view(FLAGS, eid) as SignalRecord<true>,
      });
      c.snapshots[eid] = snap;
    }
    return snap;
  }
}

// Every key of `from` set in `to`, category by category in the order they came.
function copyInto<T extends SignalsApi>(to: T, from: SignalsApi): T {
  for (const k of from.keys("scalars")) to.setScalar(k, from.getScalar(k)!);
  for (const k of from.keys("integers")) to.setInteger(k, from.getInteger(k)!);
  for (const k of from.keys("strings")) to.setString(k, from.getString(k)!);
  for (const k of from.keys("flags")) to.setFlag(k);
  return to;
}

// Reads a table's key sets (set by the class: they are not part of its public API).
let keySets: (table: EntitySignals, eid: number) => KeySet;

/**
 * The keys of `eid`'s signals in `table`, sorted per category: one object for every entity with
 * the same keys (see {@linkcode KeySet}), kept up to date as keys come and go.
 *
 * @example
 * ```ts
 * import { EntitySignals, keySetOf } from "./entity_signals.ts";
 * const table = new EntitySignals();
 * table.ensure(4).setInteger("hp", 3);
 * table.ensure(5).setInteger("hp", 9);
 * console.assert(keySetOf(table, 4) === keySetOf(table, 5) && keySetOf(table, 4).ik[0] === "hp");
 * ```
 */
export function keySetOf(table: EntitySignals, eid: number): KeySet {
  return keySets(table, eid);
}

/**
 * The signals of every entity, by eid: the world's entity side table for them. An entity has
 * signals once something set one (or {@linkcode EntitySignals.ensure} made them), until it is
 * deleted; its signals are a live row of this table, with the methods of a {@linkcode Signals}.
 *
 * @example
 * ```ts
 * import { EntitySignals } from "./entity_signals.ts";
 * const table = new EntitySignals();
 * table.ensure(7).setInteger("hp", 3);
 * console.assert(table.get(7)?.getInteger("hp") === 3 && table.get(8) === undefined);
 * ```
 */
export class EntitySignals {
  readonly #c = new Columns();

  /**
   * The signals of `eid`, or undefined when it has none.
   *
   * @example
   * ```ts
   * import { EntitySignals } from "./entity_signals.ts";
   * console.assert(new EntitySignals().get(1) === undefined);
   * ```
   */
  get(eid: number): SignalsApi | undefined {
    return this.#c.rows[eid];
  }

  /**
   * The column of `key` in `category`, for reading that key of many entities without a lookup
   * each (`at(eid)`: the value, `true` for a flag, or undefined), or undefined when no entity has
   * the key. It stays this table's column of the key while {@linkcode EntitySignals.layout} is
   * unchanged.
   *
   * @example
   * ```ts
   * import { EntitySignals } from "./entity_signals.ts";
   * const table = new EntitySignals();
   * table.ensure(1).setScalar("speed", 2.5);
   * const speed = table.column("scalars", "speed");
   * console.assert(speed?.at(1) === 2.5 && speed.at(2) === undefined);
   * ```
   */
  column(
    category: keyof SignalsSnapshot,
    key: string,
  ): { at(eid: number): number | string | true | undefined } | undefined {
    return this.#c.columns[SLOT[category]]!.get(key);
  }

  /**
   * Counts the columns made and dropped: while it is unchanged, a column
   * {@linkcode EntitySignals.column} handed out is still the key's.
   *
   * @example
   * ```ts
   * import { EntitySignals } from "./entity_signals.ts";
   * const table = new EntitySignals(), before = table.layout;
   * table.ensure(1).setFlag("boss");
   * console.assert(table.layout !== before);
   * ```
   */
  get layout(): number {
    return this.#c.layout;
  }

  /**
   * A number that changes whenever a key of `eid` is added or removed, also across a despawn
   * and the eid's reuse: a key set worked out for `eid` holds while it is unchanged.
   *
   * @example
   * ```ts
   * import { EntitySignals } from "./entity_signals.ts";
   * const table = new EntitySignals(), before = table.keysVersion(4);
   * table.ensure(4).setInteger("hp", 3);
   * console.assert(table.keysVersion(4) !== before);
   * ```
   */
  keysVersion(eid: number): number {
    return this.#c.keysVersion[eid] ?? 0;
  }

  static {
    keySets = (table, eid) => table.#c.keySets[eid] ?? EMPTY_KEY_SET;
  }

  /**
   * Whether `eid` has signals.
   *
   * @example
   * ```ts
   * import { EntitySignals } from "./entity_signals.ts";
   * const table = new EntitySignals();
   * table.ensure(2);
   * console.assert(table.has(2) && !table.has(3));
   * ```
   */
  has(eid: number): boolean {
    return this.#c.rows[eid] !== undefined;
  }

  /**
   * The signals of `eid`, made (empty) when it has none.
   *
   * @example
   * ```ts
   * import { EntitySignals } from "./entity_signals.ts";
   * const table = new EntitySignals();
   * console.assert(table.ensure(4) === table.ensure(4));
   * ```
   */
  ensure(eid: number): SignalsApi {
    return this.#c.rows[eid] ??= new Row(this.#c, eid);
  }

  /**
   * Give `eid` exactly the signals of `from` (its keys in the same order), replacing any it had.
   *
   * @example
   * ```ts
   * import { EntitySignals } from "./entity_signals.ts";
   * import { Signals } from "./signals.ts";
   * const table = new EntitySignals(), s = new Signals();
   * s.setFlag("boss");
   * table.set(5, s);
   * console.assert(table.get(5)?.hasFlag("boss"));
   * ```
   */
  set(eid: number, from: SignalsApi): void {
    const row = this.ensure(eid);
    if (from === row) return;
    row.clear();
    copyInto(row, from);
  }

  /**
   * Forget the signals of `eid` (a despawn); whether it had any. A row handed out before is
   * detached: it reads as empty and writes to it go nowhere, so a reused eid starts without them.
   *
   * @example
   * ```ts
   * import { EntitySignals } from "./entity_signals.ts";
   * const table = new EntitySignals();
   * table.ensure(3).setFlag("hit");
   * console.assert(table.delete(3) && table.get(3) === undefined);
   * ```
   */
  delete(eid: number): boolean {
    const c = this.#c, row = c.rows[eid];
    if (row === undefined) return false;
    c.clear(eid);
    row.detach();
    c.rows[eid] = undefined;
    return true;
  }
}
