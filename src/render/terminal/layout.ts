/**
 * Where the game's logical view lands on the terminal: the cell grid (all
 * rows but the last, which holds the status line) is a pixel grid twice as
 * tall, and the view is scaled uniformly to fit it and centred.
 *
 * @example
 * ```ts
 * import { fitView } from "./layout.ts";
 * const l = fitView({ width: 320, height: 240 }, { columns: 80, rows: 25 });
 * [l.pixelWidth, l.pixelHeight, l.scale]; // [80, 48, 0.2]
 * ```
 *
 * @module
 */

/** A terminal size in character cells (the shape of `Deno.consoleSize()`). */
export interface ConsoleSize {
  /** Columns. */
  columns: number;
  /** Rows. */
  rows: number;
}

/** The result of {@linkcode fitView}. Pixel rectangles are integers. */
export interface Layout {
  /** Terminal columns. */
  columns: number;
  /** Terminal rows, status line included. */
  rows: number;
  /** Rows of half-block cells (all rows but the status line). */
  gameRows: number;
  /** Pixel grid width (= columns). */
  pixelWidth: number;
  /** Pixel grid height (= 2 * gameRows). */
  pixelHeight: number;
  /** Pixels per view unit. */
  scale: number;
  /** Left edge of the view on the pixel grid. */
  viewportX: number;
  /** Top edge of the view on the pixel grid. */
  viewportY: number;
  /** Width of the view on the pixel grid. */
  viewportWidth: number;
  /** Height of the view on the pixel grid. */
  viewportHeight: number;
}

/**
 * Fit a `view` (world units) into a terminal of `size` cells, keeping the
 * aspect ratio: half-block pixels are about square, so one uniform scale.
 * Empty or degenerate sizes give an empty viewport rather than NaN.
 *
 * @example
 * ```ts
 * import { fitView } from "./layout.ts";
 * const l = fitView({ width: 4, height: 4 }, { columns: 8, rows: 3 });
 * [l.viewportX, l.viewportWidth]; // [2, 4]: pillarboxed
 * ```
 */
export function fitView(
  view: { width: number; height: number },
  size: ConsoleSize,
): Layout {
  const columns = Math.max(0, Math.trunc(size.columns));
  const rows = Math.max(0, Math.trunc(size.rows));
  const gameRows = Math.max(0, rows - 1);
  const pixelWidth = columns;
  const pixelHeight = gameRows * 2;
  const ok = view.width > 0 && view.height > 0 && Number.isFinite(view.width) &&
    Number.isFinite(view.height);
  const scale = ok ? Math.min(pixelWidth / view.width, pixelHeight / view.height) : 0;
  const viewportWidth = Math.min(pixelWidth, Math.round(view.width * scale));
  const viewportHeight = Math.min(pixelHeight, Math.round(view.height * scale));
  return {
    columns,
    rows,
    gameRows,
    pixelWidth,
    pixelHeight,
    scale,
    viewportX: Math.floor((pixelWidth - viewportWidth) / 2),
    viewportY: Math.floor((pixelHeight - viewportHeight) / 2),
    viewportWidth,
    viewportHeight,
  };
}
