/**
 * Encodes the difference between two cell buffers as one ANSI string: only
 * changed runs of cells are written, each preceded by a cursor move, and
 * colours are set only when they differ from the pen's current ones. Over
 * SSH this is what keeps a mostly static screen cheap.
 *
 * @example
 * ```ts
 * import { encodeDiff } from "./diff.ts";
 * import { CellBuffer } from "./cell_buffer.ts";
 * const a = new CellBuffer(3, 1);
 * encodeDiff(a, new CellBuffer(3, 1)); // "" (nothing changed)
 * ```
 *
 * @module
 */

import { CLEAR_SCREEN, cursorTo, sgr } from "./ansi.ts";
import type { CellBuffer } from "./cell_buffer.ts";

/**
 * The string that turns a screen showing `prev` into `next`. With no `prev`
 * or a different size (the terminal was resized), the screen is cleared and
 * every cell written. The colours in effect at the start are treated as
 * unknown, so the first cell written always sets both.
 *
 * @example
 * ```ts
 * import { encodeDiff } from "./diff.ts";
 * import { CellBuffer } from "./cell_buffer.ts";
 * const next = new CellBuffer(2, 1);
 * next.putLine(0, "hi", 0xffffff, 0x000000);
 * encodeDiff(undefined, next);
 * // "\x1b[0m\x1b[2J\x1b[1;1H\x1b[38;2;255;255;255;48;2;0;0;0mhi"
 * ```
 */
export function encodeDiff(prev: CellBuffer | undefined, next: CellBuffer): string {
  const full = !prev || prev.columns !== next.columns || prev.rows !== next.rows;
  let out = full ? CLEAR_SCREEN : "";
  let penFg = -1;
  let penBg = -1;
  const { columns, rows, glyph, fg, bg } = next;
  for (let r = 0; r < rows; r++) {
    // The cursor sits right after the last cell written; -1 = unknown.
    let cursor = -1;
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      if (!full && prev.sameCell(next, i)) continue;
      if (cursor !== c) out += cursorTo(r + 1, c + 1);
      const f = fg[i] ?? 0;
      const b = bg[i] ?? 0;
      out += sgr(f === penFg ? undefined : f, b === penBg ? undefined : b);
      penFg = f;
      penBg = b;
      out += String.fromCodePoint(glyph[i] ?? 0x20);
      cursor = c + 1;
    }
  }
  return out;
}
