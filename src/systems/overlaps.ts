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
 * Whether `a` and `b` overlap (touching edges do not) and are different
 * entities. Written as the comparisons that rule a pair out, so that a box
 * with a NaN edge is treated the same way wherever it is met.
 */
function overlap(a: Box, b: Box): boolean {
  if (b.x0 >= a.x1 || b.x1 <= a.x0 || b.id === a.id) return false;
  return !(b.y0 >= a.y1 || b.y1 <= a.y0);
}

// A cell's key: collisions of two cells on one key only add candidates, which the exact test sorts
// out.
function cellKey(cx: number, cy: number): number {
  return (Math.imul(cx | 0, 73856093) ^ Math.imul(cy | 0, 19349663)) | 0;
}

/** Cell numbers a loop can count through (past 2^53 adding one changes nothing). */
const MAX_CELL = 2 ** 52;

/**
 * How many cells a box covers, their range written to `out[at..at+4)` as x0,
 * x1, y0, y1; 0 when they are too many (or its edges not finite, or so far out
 * that their numbers cannot be counted through).
 */
function cellsOf(b: Box, size: number, out: Float64Array, at: number): number {
  const cx0 = Math.floor(b.x0 / size), cx1 = Math.floor(b.x1 / size);
  const cy0 = Math.floor(b.y0 / size), cy1 = Math.floor(b.y1 / size);
  const n = (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
  if (!(n >= 1 && n <= MAX_CELLS)) return 0;
  if (!(Math.abs(cx0) < MAX_CELL && Math.abs(cx1) < MAX_CELL)) return 0;
  if (!(Math.abs(cy0) < MAX_CELL && Math.abs(cy1) < MAX_CELL)) return 0;
  out[at] = cx0, out[at + 1] = cx1, out[at + 2] = cy0, out[at + 3] = cy1;
  return n;
}

/**
 * The boxes of each cell, in typed arrays: an open-addressed table from cell
 * key to the first of the cell's entries, each entry a box index and the next
 * entry. (A Map of arrays made an object per cell: a third of finding a
 * storm's pairs.)
 */
class CellTable {
  #mask: number;
  /** The hash's top bits index the table: 32 minus the table's size in bits. */
  #shift: number;
  #keys: Int32Array;
  #heads: Int32Array;
  #box: Int32Array;
  #next: Int32Array;
  #entries = 0;

  /** A table for at most `entries` entries. */
  constructor(entries: number) {
    let size = 16;
    while (size < entries * 2) size *= 2;
    this.#mask = size - 1;
    this.#shift = 32 - Math.log2(size);
    this.#keys = new Int32Array(size);
    this.#heads = new Int32Array(size).fill(-1);
    this.#box = new Int32Array(entries);
    this.#next = new Int32Array(entries);
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

/**
 * Call `visit(a, b)` for every box `a` of `as` and `b` of `bs` that overlap
 * (touching edges do not) and belong to different entities, each pair once,
 * in no particular order.
 *
 * @example
 * ```ts
 * import { forEachOverlap } from "./overlaps.ts";
 * const as = [{ id: 1, x0: 0, y0: 0, x1: 10, y1: 10 }];
 * const bs = [{ id: 2, x0: 5, y0: 5, x1: 15, y1: 15 }, { id: 3, x0: 10, y0: 0, x1: 20, y1: 10 }];
 * forEachOverlap(as, bs, (a, b) => console.log(a.id, b.id)); // 1 2
 * ```
 */
export function forEachOverlap(
  as: readonly Box[],
  bs: readonly Box[],
  visit: (a: Box, b: Box) => void,
): void {
  if (as.length === 0 || bs.length === 0) return;
  // Cells about twice the mean size of b's boxes: a box covers one to four.
  let sum = 0;
  for (const b of bs) sum += Math.max(b.x1 - b.x0, b.y1 - b.y0);
  const mean = sum / bs.length;
  const size = Number.isFinite(mean) && mean > 0 ? 2 * mean : 1;
  // Each b's cells, then a table of the cells' boxes (b's over too many cells are candidates of
  // every a instead).
  const cells = new Float64Array(bs.length * 4); // whole numbers, maybe beyond 32 bits
  const counts = new Int32Array(bs.length);
  const everywhere: number[] = [];
  let entries = 0;
  for (let j = 0; j < bs.length; j++) {
    const n = counts[j] = cellsOf(bs[j]!, size, cells, j * 4);
    if (n === 0) everywhere.push(j);
    entries += n;
  }
  const grid = new CellTable(entries);
  for (let j = 0; j < bs.length; j++) {
    if (counts[j] === 0) continue;
    const cx0 = cells[j * 4]!, cx1 = cells[j * 4 + 1]!, cy0 = cells[j * 4 + 2]!;
    const cy1 = cells[j * 4 + 3]!;
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) grid.add(cellKey(cx, cy), j);
    }
  }
  // seen[j] is the number (from 1) of the last a that looked at b j: each pair is tested once.
  const seen = new Int32Array(bs.length);
  const mine = new Float64Array(4);
  for (let i = 0; i < as.length; i++) {
    const a = as[i]!, mark = i + 1;
    if (cellsOf(a, size, mine, 0) === 0) {
      for (let j = 0; j < bs.length; j++) test(a, mark, j);
      continue;
    }
    for (let cy = mine[2]!; cy <= mine[3]!; cy++) {
      for (let cx = mine[0]!; cx <= mine[1]!; cx++) {
        for (let e = grid.first(cellKey(cx, cy)); e !== -1; e = grid.next(e)) {
          test(a, mark, grid.box(e));
        }
      }
    }
    for (let k = 0; k < everywhere.length; k++) test(a, mark, everywhere[k]!);
  }

  function test(a: Box, mark: number, j: number): void {
    if (seen[j] === mark) return;
    seen[j] = mark;
    const b = bs[j]!;
    if (overlap(a, b)) visit(a, b);
  }
}
