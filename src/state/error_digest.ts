/**
 * The recent-errors model behind the on-screen error overlay (terminal and
 * web renderers) and the summary printed after a terminal run: error records
 * folded by message, each with how many times it happened, its first and
 * last frame and the callback it first came from.
 *
 * The overlay shows the distinct errors that happened in the last
 * {@linkcode OVERLAY_FADE_FRAMES} simulated frames (5 s at the default
 * 60 Hz), newest first, at most {@linkcode OVERLAY_LIMIT} of them; an error
 * that stops happening fades out on its own, one that keeps happening stays.
 *
 * @example
 * ```ts
 * import { ErrorDigest, formatErrorSummary } from "./error_digest.ts";
 * const digest = new ErrorDigest();
 * for (let frame = 0; frame < 3; frame++) {
 *   digest.add({ frame, callback: "on_update_menu", message: "main.lua:4: boom" });
 * }
 * digest.overlay(3)[0]?.text; // "[3x] main.lua:4: boom"
 * formatErrorSummary(digest).includes("3 times, first at frame 0 in on_update_menu"); // true
 * ```
 *
 * @module
 */
import type { OverlayError } from "../core/render_types.ts";
import { errorHeadline, errorWhere } from "./error_text.ts";

/** Frames an error stays on the overlay after it last happened. */
export const OVERLAY_FADE_FRAMES = 300;
/** Most distinct errors on the overlay at once. */
export const OVERLAY_LIMIT = 5;
/** Most distinct messages kept; later new ones are only counted. */
export const MAX_DISTINCT_ERRORS = 200;

/**
 * What the digest needs of an error record.
 *
 * @example
 * ```ts
 * import type { DigestInput } from "./error_digest.ts";
 * const e: DigestInput = { frame: 3, callback: "on_update_play", message: "main.lua:4: boom" };
 * ```
 */
export interface DigestInput {
  /** Frame it happened on. */
  readonly frame: number;
  /** Callback (or engine function) it came from. */
  readonly callback: string;
  /** The error text; its first line is the message folded on. */
  readonly message: string;
}

/**
 * One distinct error.
 *
 * @example
 * ```ts
 * import { ErrorDigest } from "./error_digest.ts";
 * const digest = new ErrorDigest();
 * digest.add({ frame: 3, callback: "on_update_play", message: "main.lua:4: boom" });
 * ```
 */
export interface DigestEntry {
  /** First line of the message, with `file:line` when Lua gave one. */
  readonly message: string;
  /** `file:line` of the game file the message names, if any. */
  readonly where: string | undefined;
  /** Callback of the first occurrence. */
  readonly callback: string;
  /** Frame of the first occurrence. */
  readonly firstFrame: number;
  /** Frame of the latest occurrence. */
  readonly lastFrame: number;
  /** Occurrences so far. */
  readonly count: number;
}

interface MutableEntry {
  message: string;
  where: string | undefined;
  callback: string;
  firstFrame: number;
  lastFrame: number;
  count: number;
}

/**
 * Error records folded by message.
 *
 * @example
 * ```ts
 * import { ErrorDigest } from "./error_digest.ts";
 * const digest = new ErrorDigest();
 * digest.add({ frame: 1, callback: "on_setup", message: "main.lua:2: a\nstack traceback:" });
 * digest.add({ frame: 9, callback: "on_hit", message: "main.lua:2: a" });
 * digest.entries[0]?.count; // 2
 * ```
 */
export class ErrorDigest {
  #byMessage = new Map<string, MutableEntry>();
  #entries: MutableEntry[] = [];
  // The latest few distinct errors, newest first: all the overlay ever needs.
  #latest: MutableEntry[] = [];
  #total = 0;
  #untracked = 0;

  /** Count one error. */
  add(record: DigestInput): void {
    this.#total++;
    const message = errorHeadline(record.message);
    let entry = this.#byMessage.get(message);
    if (entry === undefined) {
      if (this.#entries.length >= MAX_DISTINCT_ERRORS) {
        this.#untracked++;
        return;
      }
      entry = {
        message,
        where: errorWhere(message),
        callback: record.callback,
        firstFrame: record.frame,
        lastFrame: record.frame,
        count: 0,
      };
      this.#byMessage.set(message, entry);
      this.#entries.push(entry);
    }
    entry.count++;
    entry.lastFrame = record.frame;
    if (this.#latest[0] !== entry) {
      const at = this.#latest.indexOf(entry);
      if (at >= 0) this.#latest.splice(at, 1);
      this.#latest.unshift(entry);
      if (this.#latest.length > OVERLAY_LIMIT) this.#latest.length = OVERLAY_LIMIT;
    }
  }

  /** Distinct errors in the order they first happened. */
  get entries(): readonly DigestEntry[] {
    return this.#entries;
  }

  /** Every error counted, repeats included. */
  get total(): number {
    return this.#total;
  }

  /** Errors not kept because {@linkcode MAX_DISTINCT_ERRORS} distinct ones were already kept. */
  get untracked(): number {
    return this.#untracked;
  }

  /**
   * The overlay's lines at `frame`: distinct errors that happened within
   * {@linkcode OVERLAY_FADE_FRAMES} frames before it, newest first.
   *
   * @example
   * ```ts
   * import { ErrorDigest } from "./error_digest.ts";
   * const digest = new ErrorDigest();
   * digest.add({ frame: 0, callback: "on_setup", message: "main.lua:2: a" });
   * digest.overlay(10).length; // 1
   * digest.overlay(1000).length; // 0: faded
   * ```
   */
  overlay(frame: number): OverlayError[] {
    const out: OverlayError[] = [];
    for (const e of this.#latest) {
      if (frame - e.lastFrame > OVERLAY_FADE_FRAMES) break;
      out.push({
        text: overlayText(e),
        message: e.message,
        count: e.count,
        lastFrame: e.lastFrame,
      });
    }
    return out;
  }
}

/**
 * The overlay's text for one distinct error: how many times it happened
 * when more than once (first, so a narrow screen cuts the message instead),
 * then its message.
 *
 * @example
 * ```ts
 * import { overlayText } from "./error_digest.ts";
 * overlayText({ message: "main.lua:4: boom", count: 12 }); // "[12x] main.lua:4: boom"
 * ```
 */
export function overlayText(entry: Pick<DigestEntry, "message" | "count">): string {
  return entry.count > 1 ? `[${entry.count}x] ${entry.message}` : entry.message;
}

/**
 * The summary of a run's errors: each distinct error once with its count,
 * first frame and callback; `""` when there were none.
 *
 * @example
 * ```ts
 * import { ErrorDigest, formatErrorSummary } from "./error_digest.ts";
 * const digest = new ErrorDigest();
 * digest.add({ frame: 5, callback: "on_update_level", message: "main.lua:8: attempt to call a nil value" });
 * formatErrorSummary(digest);
 * // "1 error during the run:\n  main.lua:8: attempt to call a nil value\n    1 time, first at frame 5 in on_update_level"
 * ```
 */
export function formatErrorSummary(digest: ErrorDigest): string {
  const entries = digest.entries;
  if (digest.total === 0) return "";
  const times = (n: number) => n === 1 ? "1 time" : `${n} times`;
  const head = digest.total === 1
    ? "1 error during the run:"
    : `${digest.total} errors during the run (${entries.length} distinct):`;
  const lines = [head];
  for (const e of entries) {
    lines.push(`  ${e.message}`);
    lines.push(`    ${times(e.count)}, first at frame ${e.firstFrame} in ${e.callback}`);
  }
  if (digest.untracked > 0) {
    lines.push(`  ... and ${digest.untracked} more errors with other messages`);
  }
  return lines.join("\n");
}
