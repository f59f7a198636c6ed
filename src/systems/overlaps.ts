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

/** The cells a box covers, or undefined when they are too many (or its edges not finite). */
function cellsOf(b: Box, size: number): [number, number, number, number] | undefined {
  const cx0 = Math.floor(b.x0 / size), cx1 = Math.floor(b.x1 / size);
  const cy0 = Math.floor(b.y0 / size), cy1 = Math.floor(b.y1 / size);
  const n = (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
  return n >= 1 && n <= MAX_CELLS ? [cx0, cx1, cy0, cy1] : undefined;
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
  const grid = new Map<number, number[]>();
  const everywhere: number[] = []; // b's over too many cells: candidates of every a
  for (let j = 0; j < bs.length; j++) {
    const cells = cellsOf(bs[j]!, size);
    if (cells === undefined) {
      everywhere.push(j);
      continue;
    }
    const [cx0, cx1, cy0, cy1] = cells;
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const key = cellKey(cx, cy);
        const list = grid.get(key);
        if (list === undefined) grid.set(key, [j]);
        else if (list[list.length - 1] !== j) list.push(j);
      }
    }
  }
  // seen[j] is the number (from 1) of the last a that looked at b j: each pair is tested once.
  const seen = new Int32Array(bs.length);
  const test = (a: Box, mark: number, j: number) => {
    if (seen[j] === mark) return;
    seen[j] = mark;
    const b = bs[j]!;
    if (overlap(a, b)) visit(a, b);
  };
  for (let i = 0; i < as.length; i++) {
    const a = as[i]!, mark = i + 1;
    const cells = cellsOf(a, size);
    if (cells === undefined) {
      for (let j = 0; j < bs.length; j++) test(a, mark, j);
      continue;
    }
    const [cx0, cx1, cy0, cy1] = cells;
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const list = grid.get(cellKey(cx, cy));
        if (list !== undefined) { for (const j of list) test(a, mark, j); }
      }
    }
    for (const j of everywhere) test(a, mark, j);
  }
}
