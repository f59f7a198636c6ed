/**
 * The terminal screen as three typed arrays (glyph code point, packed
 * foreground, packed background), the unit the renderer diffs between
 * frames.
 *
 * @example
 * ```ts
 * import { CellBuffer } from "./cell_buffer.ts";
 * const cells = new CellBuffer(10, 2);
 * cells.putLine(1, "FPS 60", 0xffffff, 0x000000);
 * String.fromCodePoint(cells.glyph[10]!); // "F"
 * ```
 *
 * @module
 */

import { UPPER_HALF_BLOCK } from "./ansi.ts";
import { gridSize, type PixelBuffer } from "./pixel_buffer.ts";

/** Code point of the upper half block `▀`. */
export const HALF_BLOCK: number = UPPER_HALF_BLOCK.codePointAt(0) ?? 0x2580;
const SPACE = 0x20;

/** Average of two packed colours, channel by channel. */
function average(a: number, b: number): number {
  const mix = (shift: number) => ((((a >>> shift) & 0xff) + ((b >>> shift) & 0xff)) >> 1) << shift;
  return mix(16) | mix(8) | mix(0);
}

/**
 * Control characters (C0, DEL, C1) would be sent to the terminal as
 * commands: game text must never be able to emit an escape sequence.
 */
function printable(cp: number): number {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? SPACE : cp;
}

/**
 * A `columns` x `rows` grid of cells, row-major.
 *
 * @example
 * ```ts
 * import { CellBuffer } from "./cell_buffer.ts";
 * const a = new CellBuffer(2, 1);
 * const b = new CellBuffer(2, 1);
 * b.putText(1, 0, "x", 0xffffff, 1);
 * [a.sameCell(b, 0), a.sameCell(b, 1)]; // [true, false]
 * ```
 */
export class CellBuffer {
  /** Columns. */
  readonly columns: number;
  /** Rows. */
  readonly rows: number;
  /** Unicode code point per cell. */
  readonly glyph: Uint32Array;
  /** Packed `0xRRGGBB` foreground per cell. */
  readonly fg: Uint32Array;
  /** Packed `0xRRGGBB` background per cell. */
  readonly bg: Uint32Array;

  /** Create a grid of black spaces. */
  constructor(columns: number, rows: number) {
    [this.columns, this.rows] = gridSize(columns, rows);
    const n = this.columns * this.rows;
    this.glyph = new Uint32Array(n).fill(SPACE);
    this.fg = new Uint32Array(n);
    this.bg = new Uint32Array(n);
  }

  /**
   * Whether cell `i` is identical in `other` (same size assumed).
   *
   * @example
   * ```ts
   * import { CellBuffer } from "./cell_buffer.ts";
   * new CellBuffer(1, 1).sameCell(new CellBuffer(1, 1), 0); // true
   * ```
   */
  sameCell(other: CellBuffer, i: number): boolean {
    return this.glyph[i] === other.glyph[i] && this.fg[i] === other.fg[i] &&
      this.bg[i] === other.bg[i];
  }

  /**
   * Pair pixel rows into half-block cells for the first `gameRows` rows:
   * cell (c, r) is `▀` with fg = pixel (c, 2r) and bg = pixel (c, 2r + 1).
   *
   * @example
   * ```ts
   * import { CellBuffer } from "./cell_buffer.ts";
   * import { PixelBuffer } from "./pixel_buffer.ts";
   * const p = new PixelBuffer(1, 2);
   * p.blend(0, 0, 0xff0000, 255);
   * const cells = new CellBuffer(1, 2);
   * cells.drawPixels(p, 1);
   * [cells.fg[0], cells.bg[0]]; // [0xff0000, 0]
   * ```
   */
  drawPixels(pixels: PixelBuffer, gameRows: number): void {
    const rows = Math.min(gameRows, this.rows, pixels.height >> 1);
    const cols = Math.min(this.columns, pixels.width);
    for (let r = 0; r < rows; r++) {
      const upper = 2 * r * pixels.width;
      const lower = upper + pixels.width;
      const out = r * this.columns;
      this.glyph.fill(HALF_BLOCK, out, out + cols);
      this.fg.set(pixels.data.subarray(upper, upper + cols), out);
      this.bg.set(pixels.data.subarray(lower, lower + cols), out);
    }
  }

  /**
   * Write `text` from (`column`, `row`), clipped to the grid and to rows
   * before `rowLimit`; `\n` goes to the next row at `column`. The cell keeps
   * a background: the average of its two pixels for a half-block cell.
   *
   * @example
   * ```ts
   * import { CellBuffer } from "./cell_buffer.ts";
   * const cells = new CellBuffer(4, 2);
   * cells.putText(-1, 0, "abc", 0xffffff, 2); // "a" is clipped
   * String.fromCodePoint(cells.glyph[0]!); // "b"
   * ```
   */
  putText(column: number, row: number, text: string, fg: number, rowLimit: number): void {
    const limit = Math.min(rowLimit, this.rows);
    let c = column;
    let r = row;
    for (const ch of text) {
      if (ch === "\n") {
        r++;
        c = column;
        continue;
      }
      if (r >= 0 && r < limit && c >= 0 && c < this.columns) {
        const i = r * this.columns + c;
        if (this.glyph[i] === HALF_BLOCK) this.bg[i] = average(this.fg[i] ?? 0, this.bg[i] ?? 0);
        this.glyph[i] = printable(ch.codePointAt(0) ?? SPACE);
        this.fg[i] = fg;
      }
      c++;
    }
  }

  /**
   * Fill row `row` with `text`, truncated or padded with spaces, in the given
   * colours (status line, console prompt and output).
   *
   * @example
   * ```ts
   * import { CellBuffer } from "./cell_buffer.ts";
   * const cells = new CellBuffer(3, 1);
   * cells.putLine(0, "abcdef", 0xffffff, 0x000000);
   * String.fromCodePoint(...cells.glyph); // "abc"
   * ```
   */
  putLine(row: number, text: string, fg: number, bg: number): void {
    if (row < 0 || row >= this.rows) return;
    const start = row * this.columns;
    const end = start + this.columns;
    this.glyph.fill(SPACE, start, end);
    this.fg.fill(fg, start, end);
    this.bg.fill(bg, start, end);
    let i = start;
    for (const ch of text) {
      if (i >= end) break;
      this.glyph[i++] = printable(ch.codePointAt(0) ?? SPACE);
    }
  }
}
