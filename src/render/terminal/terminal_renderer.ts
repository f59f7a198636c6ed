/**
 * The terminal renderer: truecolor half-block pixels sized to the terminal,
 * a status line, raw keyboard input and a console prompt. Each frame is
 * diffed against the last one and written as one string.
 *
 * Errors: the frame's error overlay (`RenderFrame.errorOverlay`, see
 * `src/state/error_digest.ts`) is drawn over the bottom of the game, just
 * above the console answers and the status line, white on red, at most
 * {@linkcode ERROR_ROWS} rows: the newest distinct errors, `[Nx] ` before
 * one that repeated. The game goes on underneath; an error that stops
 * happening fades after 300 frames. After quitting, `moonglow run` prints
 * every distinct error to stderr.
 *
 * @example
 * ```ts
 * import { TerminalRenderer } from "./terminal_renderer.ts";
 * const r = new TerminalRenderer(); // Deno stdin/stdout
 * await r.start();
 * // each frame: r.poll(); r.draw(frame);
 * await r.stop();
 * ```
 *
 * @module
 */

import type { Renderer, RendererEvent, RenderFrame, Rgba } from "../../core/render_types.ts";
import { cursorTo, ENTER_SEQUENCE, HIDE_CURSOR, RESTORE_SEQUENCE, SHOW_CURSOR } from "./ansi.ts";
import { CellBuffer } from "./cell_buffer.ts";
import { encodeDiff } from "./diff.ts";
import { RendererStateError } from "./errors.ts";
import type { HoldTiming } from "./key_hold.ts";
import { KeyboardInput } from "./keyboard.ts";
import { type ConsoleSize, fitView } from "./layout.ts";
import { packRgb, type PixelBuffer } from "./pixel_buffer.ts";
import { rasterize } from "./rasterize.ts";
import { formatStatus } from "./status_line.ts";
import type { TextureSampler } from "./texture_sampler.ts";
import {
  denoConsoleSize,
  denoExitHooks,
  denoStdin,
  type ExitHooks,
  type InputSource,
  type SyncWriter,
  writeAll,
} from "./terminal_io.ts";

/** Options of {@linkcode TerminalRenderer}; every default is the real terminal. */
export interface TerminalRendererOptions {
  /** Output. Default `Deno.stdout`. */
  writer?: SyncWriter;
  /** Keyboard. Default `Deno.stdin`; `null` for no input at all. */
  input?: InputSource | null;
  /** Terminal size, asked every frame so resizing works. Default `Deno.consoleSize()`. */
  size?: () => ConsoleSize;
  /** Clock in ms for key releases and console output expiry. Default `performance.now`. */
  now?: () => number;
  /** Restoring on unload, crash and signals. Default {@linkcode denoExitHooks}; `null` for none. */
  exitHooks?: ExitHooks | null;
  /** Sprite pixels (e.g. `PngTextureSampler`); without one sprites are drawn as their colour. */
  sampler?: TextureSampler;
  /** Key release heuristic timing (see `key_hold.ts`). */
  hold?: Partial<HoldTiming>;
  /** How many console answer lines are shown. Default 4. */
  consoleLines?: number;
  /** How long answer lines stay once the prompt is closed, in ms. Default 5000. */
  consoleOutputMs?: number;
  /** Colour outside the game view. Default black. */
  letterbox?: Rgba;
}

const STATUS_FG = 0xd0d0d0;
const STATUS_BG = 0x262626;
const PROMPT_FG = 0xffffff;
const PROMPT_BG = 0x303060;
const OUTPUT_FG = 0xe0e0e0;
const OUTPUT_BG = 0x121212;
const PROMPT_PREFIX = "> ";
const ERROR_FG = 0xffffff;
const ERROR_BG = 0x8b1a1a;

/** Most error overlay rows (never more than a third of the game rows). */
export const ERROR_ROWS = 3;

/**
 * A {@linkcode Renderer} for ANSI truecolor terminals.
 *
 * Layout: all rows but the last show the game as `▀` cells (fg = upper
 * pixel, bg = lower pixel); the last row is the status line, or the console
 * prompt while it is open; console answers show just above it, and recent
 * errors above those.
 *
 * @example
 * ```ts
 * import { TerminalRenderer } from "./terminal_renderer.ts";
 * let out = "";
 * const r = new TerminalRenderer({
 *   writer: { writeSync: (p) => (out += new TextDecoder().decode(p), p.length) },
 *   input: null,
 *   size: () => ({ columns: 20, rows: 6 }),
 *   exitHooks: null,
 * });
 * await r.start();
 * r.draw({
 *   frame: 0,
 *   view: { width: 40, height: 20 },
 *   camera: { x: 20, y: 10, zoom: 1 },
 *   background: [0, 0, 40, 255],
 *   drawables: [{ id: 1, x: 0, y: 0, w: 4, h: 4, z: 0, color: [255, 255, 0, 255] }],
 *   status: { fps: 60, entities: 1, frameMs: 0.4, errors: 0, scene: "main" },
 * });
 * await r.stop();
 * out.includes("FPS 60"); // true
 * ```
 */
export class TerminalRenderer implements Renderer {
  #writer: SyncWriter;
  #input: InputSource | null;
  #size: () => ConsoleSize;
  #now: () => number;
  #exitHooks: ExitHooks | null;
  #sampler: TextureSampler | undefined;
  #letterbox: number;
  #consoleLines: number;
  #consoleOutputMs: number;
  #keyboard: KeyboardInput;
  #encoder = new TextEncoder();

  #started = false;
  #restored = false;
  #stopping: Promise<void> | undefined;
  #uninstallHooks: (() => void) | undefined;
  #readLoop: Promise<void> | undefined;
  #inputError: unknown;

  #prev: CellBuffer | undefined;
  #spare: CellBuffer | undefined;
  #pixels: PixelBuffer | undefined;
  #cursorShown = false;
  #output: string[] = [];
  #outputAt = -Infinity;

  /** Create the renderer; nothing is written or read until {@linkcode TerminalRenderer.start}. */
  constructor(options: TerminalRendererOptions = {}) {
    this.#writer = options.writer ?? Deno.stdout;
    this.#input = options.input === undefined ? denoStdin() : options.input;
    this.#size = options.size ?? denoConsoleSize;
    this.#now = options.now ?? (() => performance.now());
    this.#exitHooks = options.exitHooks === undefined ? denoExitHooks() : options.exitHooks;
    this.#sampler = options.sampler;
    this.#letterbox = packRgb(options.letterbox ?? [0, 0, 0, 255]);
    this.#consoleLines = options.consoleLines ?? 4;
    this.#consoleOutputMs = options.consoleOutputMs ?? 5000;
    this.#keyboard = new KeyboardInput({ hold: options.hold });
  }

  /** Whether the console prompt is open. */
  get consoleOpen(): boolean {
    return this.#keyboard.consoleOpen;
  }

  /** The error that ended the input read loop, if any (input then stops, output goes on). */
  get inputError(): unknown {
    return this.#inputError;
  }

  /**
   * Switch to the alternate screen, hide the cursor, enter raw mode, install
   * the exit hooks and start reading the keyboard.
   *
   * @example
   * ```ts
   * import { TerminalRenderer } from "./terminal_renderer.ts";
   * const r = new TerminalRenderer({ writer: { writeSync: (p) => p.length }, input: null, exitHooks: null });
   * await r.start();
   * await r.stop();
   * ```
   */
  start(): Promise<void> {
    if (this.#stopping) {
      throw new RendererStateError("Cannot start the terminal renderer after stop()");
    }
    if (this.#started) throw new RendererStateError("The terminal renderer is already started");
    this.#started = true;
    this.#uninstallHooks = this.#exitHooks?.install(() => this.#restore());
    this.#write(ENTER_SEQUENCE);
    const input = this.#input;
    if (input) {
      input.setRaw(true);
      this.#readLoop = this.#read(input);
    }
    return Promise.resolve();
  }

  async #read(input: InputSource): Promise<void> {
    try {
      while (!this.#stopping) {
        const chunk = await input.read();
        if (chunk === null) break;
        this.#keyboard.feed(chunk, this.#now());
      }
    } catch (error) {
      if (!this.#stopping) this.#inputError = error;
    }
  }

  /**
   * Draw a frame: only the cells that changed since the last one are
   * written. Ignored after {@linkcode TerminalRenderer.stop}.
   *
   * @example
   * ```ts
   * import { TerminalRenderer } from "./terminal_renderer.ts";
   * const r = new TerminalRenderer({ writer: { writeSync: (p) => p.length }, input: null, exitHooks: null });
   * try {
   *   r.draw({} as never);
   * } catch (e) {
   *   (e as Error).message; // "Cannot draw before start()"
   * }
   * ```
   */
  draw(frame: RenderFrame): void {
    if (!this.#started) throw new RendererStateError("Cannot draw before start()");
    if (this.#stopping) return;
    const layout = fitView(frame.view, this.#size());
    this.#sampler?.prepare?.(frame);
    const raster = rasterize(frame, layout, {
      sampler: this.#sampler,
      letterbox: this.#letterbox,
      reuse: this.#pixels,
    });
    this.#pixels = raster.pixels;

    const spare = this.#spare;
    const cells = spare && spare.columns === layout.columns && spare.rows === layout.rows
      ? spare
      : new CellBuffer(layout.columns, layout.rows);
    cells.drawPixels(raster.pixels, layout.gameRows);
    for (const t of raster.texts) cells.putText(t.column, t.row, t.text, t.color, layout.gameRows);
    const answers = this.#drawConsoleOutput(cells, layout.gameRows);
    drawErrors(cells, frame, layout.gameRows - answers);
    const bottom = layout.rows - 1;
    let park = cursorTo(Math.max(1, layout.rows), 1);
    let cursor = false;
    if (this.#keyboard.consoleOpen) {
      const shown = PROMPT_PREFIX.length + this.#keyboard.promptCaret;
      const skip = Math.max(0, shown - (layout.columns - 1));
      const line = [...(PROMPT_PREFIX + this.#keyboard.promptText)].slice(skip).join("");
      cells.putLine(bottom, line, PROMPT_FG, PROMPT_BG);
      park = cursorTo(Math.max(1, layout.rows), shown - skip + 1);
      cursor = true;
    } else {
      cells.putLine(bottom, formatStatus(frame.status), STATUS_FG, STATUS_BG);
    }

    let out = encodeDiff(this.#prev, cells) + park;
    if (cursor !== this.#cursorShown) {
      out += cursor ? SHOW_CURSOR : HIDE_CURSOR;
      this.#cursorShown = cursor;
    }
    this.#write(out);
    this.#spare = this.#prev;
    this.#prev = cells;
  }

  /** Draws the console answers that are visible; returns how many rows they took. */
  #drawConsoleOutput(cells: CellBuffer, gameRows: number): number {
    const visible = this.#keyboard.consoleOpen ||
      this.#now() - this.#outputAt < this.#consoleOutputMs;
    const count = Math.min(this.#consoleLines, gameRows, this.#output.length);
    if (!visible || count <= 0) return 0;
    const lines = this.#output.slice(-count);
    const first = gameRows - lines.length;
    lines.forEach((line, i) => cells.putLine(first + i, line, OUTPUT_FG, OUTPUT_BG));
    return lines.length;
  }

  /**
   * Keyboard events since the last poll, with synthesized releases.
   *
   * @example
   * ```ts
   * import { TerminalRenderer } from "./terminal_renderer.ts";
   * new TerminalRenderer({ input: null, exitHooks: null }).poll(); // []
   * ```
   */
  poll(): RendererEvent[] {
    return this.#keyboard.poll(this.#now());
  }

  /**
   * Show console answers above the status line (the last few, for a few
   * seconds after the prompt closes).
   *
   * @example
   * ```ts
   * import { TerminalRenderer } from "./terminal_renderer.ts";
   * new TerminalRenderer({ input: null, exitHooks: null }).consoleOutput(["r_fov = 90"]);
   * ```
   */
  consoleOutput(lines: readonly string[]): void {
    // Answers may hold newlines; each shown line is one row.
    for (const line of lines) this.#output.push(...line.split("\n"));
    const keep = Math.max(this.#consoleLines, 1);
    if (this.#output.length > keep) this.#output.splice(0, this.#output.length - keep);
    this.#outputAt = this.#now();
  }

  /**
   * Restore the terminal (colours, cursor, main screen, raw mode off), remove
   * the exit hooks and end the read loop. Safe to call twice.
   *
   * @example
   * ```ts
   * import { TerminalRenderer } from "./terminal_renderer.ts";
   * const r = new TerminalRenderer({ writer: { writeSync: (p) => p.length }, input: null, exitHooks: null });
   * await r.start();
   * await r.stop();
   * await r.stop(); // no-op
   * ```
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  async #shutdown(): Promise<void> {
    if (!this.#started) return;
    this.#restore();
    this.#uninstallHooks?.();
    this.#uninstallHooks = undefined;
    if (this.#input) {
      try {
        await this.#input.cancel();
      } catch {
        // Input already closed: nothing left to stop.
      }
    }
    await this.#readLoop;
  }

  /** Synchronous so exit hooks can call it; runs once. */
  #restore(): void {
    if (this.#restored) return;
    this.#restored = true;
    try {
      this.#write(RESTORE_SEQUENCE);
    } finally {
      try {
        this.#input?.setRaw(false);
      } catch {
        // Stdin gone (closed terminal): there is no mode left to restore.
      }
    }
  }

  #write(text: string): void {
    if (text !== "") writeAll(this.#writer, this.#encoder.encode(text));
  }
}

/** The error overlay in the rows just above `bottom`, newest error lowest. */
function drawErrors(cells: CellBuffer, frame: RenderFrame, bottom: number): void {
  const errors = frame.errorOverlay ?? [];
  const count = Math.min(ERROR_ROWS, Math.floor(bottom / 3), errors.length);
  for (let i = 0; i < count; i++) {
    cells.putLine(bottom - 1 - i, ` ${errors[i]!.text}`, ERROR_FG, ERROR_BG);
  }
}
