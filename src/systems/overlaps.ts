/**
 * The broad phase of collision detection: which boxes of one list overlap
 * which boxes of another, through a uniform grid sized to the boxes, so a
 * frame's cost grows with the boxes and their overlaps rather than with how
 * many share a row or column (a sweep along one axis looked at every box of a
 * column for each box: most of finding a storm's pairs).
 *
 * @module
 */

/**
 * An axis-aligned box: edges and the entity id it belongs to.
 *
 * @example
 * ```ts
 * import type { Box } from "./overlaps.ts";
 * const b: Box = { id: 1, x0: 0, y0: 0, x1: 10, y1: 10 };
 * ```
 */
export interface Box {
  /** The entity id. */
  id: number;
  /** Left edge. */
  x0: number;
  /** Top edge. */
  y0: number;
  /** Right edge. */
  x1: number;
  /** Bottom edge. */
  y1: number;
}

/** A box over more cells than this is checked against every box instead. */
const MAX_CELLS = 64;

/**
 * Boxes as columns of numbers, refilled frame after frame without an object
 * per box (making one per collider each frame was a tenth of a collision
 * stage with 10,000 colliders, and most of what its garbage collector did).
 *
 * @example
 * ```ts
 * import { BoxList } from "./overlaps.ts";
 * const list = new BoxList();
 * list.push(7, 0, 0, 10, 10);
 * console.assert(list.length === 1 && list.box(0).x1 === 10);
 * ```
 */
export class BoxList {
  /** How many boxes the list holds. */
  length = 0;
  /** Entity ids. */
  ids: Float64Array;
  /** Left edges. */
  x0: Float64Array;
  /** Top edges. */
  y0: Float64Array;
  /** Right edges. */
  x1: Float64Array;
  /** Bottom edges. */
  y1: Float64Array;

  /** An empty list with room for `capacity` boxes before it grows. */
  constructor(capacity = 16) {
    const n = Math.max(1, capacity);
    this.ids = new Float64Array(n);
    this.x0 = new Float64Array(n);
    this.y0 = new Float64Array(n);
    this.x1 = new Float64Array(n);
    this.y1 = new Float64Array(n);
  }

  /**
   * A list of `boxes`.
   *
   * @example
   * ```ts
   * import { BoxList } from "./overlaps.ts";
   * BoxList.of([{ id: 1, x0: 0, y0: 0, x1: 1, y1: 1 }]).length; // 1
   * ```
   */
  static of(boxes: readonly Box[]): BoxList {
    const list = new BoxList(boxes.length);
    for (const b of boxes) list.push(b.id, b.x0, b.y0, b.x1, b.y1);
    return list;
  }

  /**
   * Empty the list, keeping its room.
   *
   * @example
   * ```ts
   * import { BoxList } from "./overlaps.ts";
   * const list = BoxList.of([{ id: 1, x0: 0, y0: 0, x1: 1, y1: 1 }]);
   * list.clear();
   * console.assert(list.length === 0);
   * ```
   */
  clear(): void {
    this.length = 0;
  }

  /**
   * Append the box of entity `id`.
   *
   * @example
   * ```ts
   * import { BoxList } from "./overlaps.ts";
   * new BoxList().push(3, -5, -5, 5, 5);
   * ```
   */
  push(id: number, x0: number, y0: number, x1: number, y1: number): void {
    const i = this.length;
    if (i === this.ids.length) this.#grow();
    this.ids[i] = id;
    this.x0[i] = x0;
    this.y0[i] = y0;
    this.x1[i] = x1;
    this.y1[i] = y1;
    this.length = i + 1;
  }

  /**
   * Box `i` as an object.
   *
   * @example
   * ```ts
   * import { BoxList } from "./overlaps.ts";
   * BoxList.of([{ id: 1, x0: 0, y0: 0, x1: 1, y1: 1 }]).box(0).id; // 1
   * ```
   */
  box(i: number): Box {
    return { id: this.ids[i]!, x0: this.x0[i]!, y0: this.y0[i]!, x1: this.x1[i]!, y1: this.y1[i]! };
  }

  #grow(): void {
    const n = this.ids.length * 2;
    const more = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.ids = more(this.ids);
    this.x0 = more(this.x0);
    this.y0 = more(this.y0);
    this.x1 = more(this.x1);
    this.y1 = more(this.y1);
  }
}

/**
 * Whether boxes `i` of `as` and `j` of `bs` overlap (touching edges do not) and are different
 * entities. Written as the comparisons that rule a pair out, so that a box with a NaN edge is
 * treated the same way wherever it is met.
 */
function overlap(as: BoxList, i: number, bs: BoxList, j: number): boolean {
  if (bs.x0[j]! >= as.x1[i]! || bs.x1[j]! <= as.x0[i]! || bs.ids[j] === as.ids[i]) return false;
  return !(bs.y0[j]! >= as.y1[i]! || bs.y1[j]! <= as.y0[i]!);
}

// A cell's key: collisions of two cells on one key only add candidates, which the exact test sorts
// out.
function cellKey(cx: number, cy: number): number {
  return (Math.imul(cx | 0, 73856093) ^ Math.imul(cy | 0, 19349663)) | 0;
}

/** Cell numbers a loop can count through (past 2^53 adding one changes nothing). */
const MAX_CELL = 2 ** 52;

/**
 * How many cells box `i` covers, their range written to `out[at..at+4)` as x0,
 * x1, y0, y1; 0 when they are too many (or its edges not finite, or so far out
 * that their numbers cannot be counted through).
 */
function cellsOf(list: BoxList, i: number, size: number, out: Float64Array, at: number): number {
  const cx0 = Math.floor(list.x0[i]! / size), cx1 = Math.floor(list.x1[i]! / size);
  const cy0 = Math.floor(list.y0[i]! / size), cy1 = Math.floor(list.y1[i]! / size);
  const n = (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
  if (!(n >= 1 && n <= MAX_CELLS)) return 0;
  if (!(Math.abs(cx0) < MAX_CELL && Math.abs(cx1) < MAX_CELL)) return 0;
  if (!(Math.abs(cy0) < MAX_CELL && Math.abs(cy1) < MAX_CELL)) return 0;
  out[at] = cx0, out[at + 1] = cx1, out[at + 2] = cy0, out[at + 3] = cy1;
  return n;
}

// Boxes sampled per list for its typical size.
const SIZE_SAMPLES = 63;

/**
 * The typical size of the boxes of `list` (the larger side): the median of up
 * to {@linkcode SIZE_SAMPLES} boxes spread evenly over it, so that a few huge
 * boxes (a zone over the level) do not make every cell huge; NaN when empty.
 */
function typicalSize(list: BoxList, sample: Float64Array): number {
  const n = Math.min(list.length, SIZE_SAMPLES);
  if (n === 0) return NaN;
  for (let k = 0; k < n; k++) {
    const i = Math.floor(k * list.length / n);
    sample[k] = Math.max(list.x1[i]! - list.x0[i]!, list.y1[i]! - list.y0[i]!);
  }
  // NaN sizes sort last; a median past them says "no size" (the caller falls back).
  return sample.subarray(0, n).sort()[n >> 1]!;
}

// Twice the larger of two typical sizes that are usable (finite, above 0); 1 when neither is.
function cellSize(a: number, b: number): number {
  const ok = (v: number) => Number.isFinite(v) && v > 0;
  const typical = ok(a) && ok(b) ? Math.max(a, b) : ok(a) ? a : ok(b) ? b : 0.5;
  return 2 * typical;
}

/**
 * The boxes of each cell, in typed arrays: an open-addressed table from cell
 * key to the first of the cell's entries, each entry a box index and the next
 * entry. (A Map of arrays made an object per cell: a third of finding a
 * storm's pairs.) Kept from call to call, grown when a call needs more.
 */
class CellTable {
  #mask = 0;
  /** The hash's top bits index the table: 32 minus the table's size in bits. */
  #shift = 32;
  #keys = new Int32Array(0);
  #heads = new Int32Array(0);
  #box = new Int32Array(0);
  #next = new Int32Array(0);
  #entries = 0;

  /** Empty the table, with room for `entries` entries. */
  reset(entries: number): void {
    let size = 16;
    while (size < entries * 2) size *= 2;
    if (size > this.#heads.length) {
      this.#keys = new Int32Array(size);
      this.#heads = new Int32Array(size);
    }
    if (entries > this.#box.length) {
      this.#box = new Int32Array(entries);
      this.#next = new Int32Array(entries);
    }
    this.#mask = size - 1;
    this.#shift = 32 - Math.log2(size);
    this.#heads.fill(-1, 0, size);
    this.#entries = 0;
  }

  /** The slot of `key`: its own, or the empty one where it would go. */
  #slot(key: number): number {
    const keys = this.#keys, heads = this.#heads, mask = this.#mask;
    let h = Math.imul(key, 0x9e3779b1) >>> this.#shift;
    while (heads[h] !== -1 && keys[h] !== key) h = (h + 1) & mask;
    return h;
  }

  /** File box `j` under cell `key`. */
  add(key: number, j: number): void {
    const h = this.#slot(key), e = this.#entries++;
    this.#box[e] = j;
    this.#next[e] = this.#heads[h]!;
    this.#heads[h] = e;
    this.#keys[h] = key;
  }

  /** The first entry of cell `key`, -1 when it has none. */
  first(key: number): number {
    return this.#heads[this.#slot(key)]!;
  }

  /** The entry after `e` in its cell, -1 after the last. */
  next(e: number): number {
    return this.#next[e]!;
  }

  /** The box of entry `e`. */
  box(e: number): number {
    return this.#box[e]!;
  }
}

/** Working arrays of {@linkcode forEachOverlapIn}, kept between calls (it never runs nested). */
const scratch = {
  grid: new CellTable(),
  cells: new Float64Array(64),
  counts: new Int32Array(16),
  seen: new Int32Array(16),
  sample: new Float64Array(SIZE_SAMPLES),
  busy: false,
};

// `a` as long as `n` at least (its contents are not kept).
function atLeast<T extends Float64Array | Int32Array>(a: T, n: number, make: (n: number) => T): T {
  return a.length >= n ? a : make(Math.max(n, a.length * 2));
}

/**
 * Call `visit(i, j)` for every box `i` of `as` and `j` of `bs` that overlap
 * (touching edges do not) and belong to different entities, each pair once,
 * in no particular order. `visit` must not call this function again.
 *
 * Cells are about twice the typical size of the larger boxes of the two
 * lists, so a box covers one to four: each box of `bs` is filed under its
 * cells and each box of `as` looks in its own.
 *
 * @example
 * ```ts
 * import { BoxList, forEachOverlapIn } from "./overlaps.ts";
 * const as = BoxList.of([{ id: 1, x0: 0, y0: 0, x1: 10, y1: 10 }]);
 * const bs = BoxList.of([{ id: 2, x0: 5, y0: 5, x1: 15, y1: 15 }]);
 * forEachOverlapIn(as, bs, (i, j) => console.log(as.ids[i], bs.ids[j])); // 1 2
 * ```
 */
export function forEachOverlapIn(
  as: BoxList,
  bs: BoxList,
  visit: (i: number, j: number) => void,
): void {
  if (as.length === 0 || bs.length === 0) return;
  if (scratch.busy) throw new Error("The broad phase was called again from its own visit");
  scratch.busy = true;
  try {
    overlapsIn(as, bs, visit);
  } finally {
    scratch.busy = false;
  }
}

function overlapsIn(as: BoxList, bs: BoxList, visit: (i: number, j: number) => void): void {
  const size = cellSize(typicalSize(as, scratch.sample), typicalSize(bs, scratch.sample));
  // Each b's cells, then a table of the cells' boxes (b's over too many cells are candidates of
  // every a instead).
  const nb = bs.length;
  const cells = scratch.cells = atLeast(scratch.cells, nb * 4, (n) => new Float64Array(n));
  const counts = scratch.counts = atLeast(scratch.counts, nb, (n) => new Int32Array(n));
  const everywhere: number[] = [];
  let entries = 0;
  for (let j = 0; j < nb; j++) {
    const n = counts[j] = cellsOf(bs, j, size, cells, j * 4);
    if (n === 0) everywhere.push(j);
    entries += n;
  }
  const grid = scratch.grid;
  grid.reset(entries);
  for (let j = 0; j < nb; j++) {
    if (counts[j] === 0) continue;
    const cx0 = cells[j * 4]!, cx1 = cells[j * 4 + 1]!, cy0 = cells[j * 4 + 2]!;
    const cy1 = cells[j * 4 + 3]!;
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) grid.add(cellKey(cx, cy), j);
    }
  }
  // seen[j] is the number (from 1) of the last a that looked at b j: each pair is tested once.
  const seen = scratch.seen = atLeast(scratch.seen, nb, (n) => new Int32Array(n));
  seen.fill(0, 0, nb);
  const mine = new Float64Array(4);
  for (let i = 0; i < as.length; i++) {
    const mark = i + 1;
    if (cellsOf(as, i, size, mine, 0) === 0) {
      for (let j = 0; j < nb; j++) test(i, mark, j);
      continue;
    }
    for (let cy = mine[2]!; cy <= mine[3]!; cy++) {
      for (let cx = mine[0]!; cx <= mine[1]!; cx++) {
        for (let e = grid.first(cellKey(cx, cy)); e !== -1; e = grid.next(e)) {
          test(i, mark, grid.box(e));
        }
      }
    }
    for (let k = 0; k < everywhere.length; k++) test(i, mark, everywhere[k]!);
  }

  function test(i: number, mark: number, j: number): void {
    if (seen[j] === mark) return;
    seen[j] = mark;
    if (overlap(as, i, bs, j)) visit(i, j);
  }
}
