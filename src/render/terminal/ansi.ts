/**
 * The ANSI escape sequences the terminal renderer writes, in one place so
 * tests can name them instead of repeating raw bytes.
 *
 * @example
 * ```ts
 * import { cursorTo, sgr } from "./ansi.ts";
 * cursorTo(1, 1); // "\x1b[1;1H"
 * sgr(0xff0000, 0x000000); // "\x1b[38;2;255;0;0;48;2;0;0;0m"
 * ```
 *
 * @module
 */

/** Control Sequence Introducer. */
export const CSI = "\x1b[";

/** The upper half block: its foreground is the upper pixel, its background the lower one. */
export const UPPER_HALF_BLOCK = "\u2580";

/**
 * Entered by `start()`: alternate screen, hidden cursor, no auto-wrap (so a
 * write to the last column never scrolls), cleared screen.
 *
 * @example
 * ```ts
 * import { ENTER_SEQUENCE } from "./ansi.ts";
 * ENTER_SEQUENCE.startsWith("\x1b[?1049h"); // true
 * ```
 */
export const ENTER_SEQUENCE = `${CSI}?1049h${CSI}?25l${CSI}?7l${CSI}0m${CSI}2J`;

/**
 * Written by `stop()` and the exit hooks: reset colours, auto-wrap back on,
 * cursor shown, main screen back.
 *
 * @example
 * ```ts
 * import { RESTORE_SEQUENCE } from "./ansi.ts";
 * RESTORE_SEQUENCE.endsWith("\x1b[?1049l"); // true
 * ```
 */
export const RESTORE_SEQUENCE = `${CSI}0m${CSI}?7h${CSI}?25h${CSI}?1049l`;

/**
 * Reset colours and clear the screen (used when the terminal was resized).
 *
 * @example
 * ```ts
 * import { CLEAR_SCREEN } from "./ansi.ts";
 * CLEAR_SCREEN; // "\x1b[0m\x1b[2J"
 * ```
 */
export const CLEAR_SCREEN = `${CSI}0m${CSI}2J`;

/**
 * Show the cursor (while the console prompt is open).
 *
 * @example
 * ```ts
 * import { SHOW_CURSOR } from "./ansi.ts";
 * SHOW_CURSOR; // "\x1b[?25h"
 * ```
 */
export const SHOW_CURSOR = `${CSI}?25h`;

/**
 * Hide the cursor.
 *
 * @example
 * ```ts
 * import { HIDE_CURSOR } from "./ansi.ts";
 * HIDE_CURSOR; // "\x1b[?25l"
 * ```
 */
export const HIDE_CURSOR = `${CSI}?25l`;

/**
 * Move the cursor to a 1-based row and column.
 *
 * @example
 * ```ts
 * import { cursorTo } from "./ansi.ts";
 * cursorTo(3, 10); // "\x1b[3;10H"
 * ```
 */
export function cursorTo(row: number, column: number): string {
  return `${CSI}${row};${column}H`;
}

function rgbParams(rgb: number): string {
  return `${(rgb >>> 16) & 0xff};${(rgb >>> 8) & 0xff};${rgb & 0xff}`;
}

/**
 * Truecolor SGR for a packed `0xRRGGBB` foreground and/or background; pass
 * `undefined` to leave one unchanged. Empty string when both are undefined.
 *
 * @example
 * ```ts
 * import { sgr } from "./ansi.ts";
 * sgr(undefined, 0x102030); // "\x1b[48;2;16;32;48m"
 * sgr(undefined, undefined); // ""
 * ```
 */
export function sgr(fg: number | undefined, bg: number | undefined): string {
  if (fg === undefined && bg === undefined) return "";
  const parts: string[] = [];
  if (fg !== undefined) parts.push(`38;2;${rgbParams(fg)}`);
  if (bg !== undefined) parts.push(`48;2;${rgbParams(bg)}`);
  return `${CSI}${parts.join(";")}m`;
}
