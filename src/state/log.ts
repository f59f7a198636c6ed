/**
 * The engine log: every line and every callback error, stamped with the
 * frame, kept for `--dump-state` and passed to a sink (stderr, a renderer's
 * status line). The same error repeating is rate-limited. Error records are
 * in the game's words (see `error_text.ts`) unless the log is verbose, and
 * are folded into an {@linkcode ErrorDigest} for the overlay and the summary.
 *
 * @module
 */

import { ErrorDigest } from "./error_digest.ts";
import { gameErrorText } from "./error_text.ts";

/**
 * Log levels, lowest first.
 *
 * @example
 * ```ts
 * import type { LogLevel } from "./log.ts";
 * const quiet = (level: LogLevel) => level === "debug" || level === "info";
 * ```
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * One log line.
 *
 * @example
 * ```ts
 * import type { LogEntry } from "./log.ts";
 * const line: LogEntry = { frame: 12, level: "warn", message: "entity 9 is gone" };
 * ```
 */
export interface LogEntry {
  /** Simulation frame. */
  frame: number;
  /** Severity. */
  level: LogLevel;
  /** Text. */
  message: string;
}

/**
 * One failed callback (an error record).
 *
 * @example
 * ```ts
 * import type { ErrorRecord } from "./log.ts";
 * const failed: ErrorRecord = {
 *   frame: 40,
 *   callback: "on_ball_wall",
 *   entity: null,
 *   message: "main.lua:12: attempt to index a nil value (field 'vel')",
 * };
 * ```
 */
export interface ErrorRecord {
  /** Simulation frame. */
  frame: number;
  /** Callback name (a Lua global, or a system name). */
  callback: string;
  /** Entity id the callback ran for, or null. */
  entity: number | null;
  /** Message with `file:line` and traceback. */
  message: string;
}

/** Options for {@linkcode EngineLog}. */
export interface EngineLogOptions {
  /** Receives every line that is not suppressed. */
  sink?: (entry: LogEntry) => void;
  /** How many times the same error is logged before it is suppressed. */
  repeatLimit?: number;
  /** Most entries kept in memory (oldest dropped first). */
  capacity?: number;
  /**
   * Keep error texts as the engine made them, engine frames and all
   * (`--verbose`); by default they are put in the game's words.
   */
  verbose?: boolean;
  /**
   * Where a string literal (an asset path) is written in the game's files,
   * as `file:line`, for asset errors.
   */
  locate?: (literal: string) => string | undefined;
}

// Repeating errors repeat their text: convert each distinct text once.
const WORDS_CACHE = 256;

/**
 * Frame-stamped log with error records and rate limiting.
 *
 * @example
 * ```ts
 * import { EngineLog } from "./log.ts";
 * const log = new EngineLog();
 * log.frame = 3;
 * log.warn("entity 9 is gone");
 * // log.entries[0] => { frame: 3, level: "warn", message: "entity 9 is gone" }
 * ```
 */
export class EngineLog {
  /** Current frame, stamped on new entries. */
  frame = 0;
  #entries: LogEntry[] = [];
  #errors: ErrorRecord[] = [];
  #seen = new Map<string, number>();
  #sink?: (entry: LogEntry) => void;
  #repeatLimit: number;
  #capacity: number;
  #verbose: boolean;
  #locate: (literal: string) => string | undefined;
  #words = new Map<string, string>();
  #digest = new ErrorDigest();

  /** Create a log. */
  constructor(options: EngineLogOptions = {}) {
    this.#sink = options.sink;
    this.#repeatLimit = options.repeatLimit ?? 5;
    this.#capacity = options.capacity ?? 10_000;
    this.#verbose = options.verbose ?? false;
    this.#locate = options.locate ?? (() => undefined);
  }

  /** Whether error texts are kept with the engine's detail (`--verbose`). */
  get verbose(): boolean {
    return this.#verbose;
  }

  /** Every error record folded by message (never trimmed by `capacity`). */
  get digest(): ErrorDigest {
    return this.#digest;
  }

  /** Entries kept, oldest first. */
  get entries(): readonly LogEntry[] {
    return this.#entries;
  }

  /** Error records kept, oldest first. */
  get errors(): readonly ErrorRecord[] {
    return this.#errors;
  }

  /** Add a line at `level`. */
  write(level: LogLevel, message: string): void {
    const entry = { frame: this.frame, level, message };
    this.#entries.push(entry);
    if (this.#entries.length > this.#capacity) this.#entries.shift();
    this.#sink?.(entry);
  }

  /** Add an info line. */
  info(message: string): void {
    this.write("info", message);
  }

  /** Add a warning. */
  warn(message: string): void {
    this.write("warn", message);
  }

  /** Add an error line. */
  error(message: string): void {
    this.write("error", message);
  }

  /**
   * Record a failed callback. Every failure is kept as a record; the log line
   * for the same callback and message is written at most `repeatLimit` times,
   * then once more saying it is suppressed.
   */
  callbackError(callback: string, entity: number | null, message: string): void {
    const text = this.#verbose ? message : this.#gameWords(message);
    const who = entity === null ? callback : `${callback} (entity ${entity})`;
    this.#record(callback, entity, text, who);
  }

  /**
   * Record an asset that cannot be used (a missing file, one that does not
   * decode): an error record from `callback` (the engine function or the
   * renderer that found it), with the game line that names `path` when the
   * path is written out in the game's files.
   *
   * @example
   * ```ts
   * import { EngineLog } from "./log.ts";
   * const log = new EngineLog({ locate: (p) => p === "ball.png" ? "main.lua:3" : undefined });
   * log.assetError("load_texture", "ball.png", 'texture "ball": file "ball.png" does not exist');
   * log.errors[0]?.message; // 'main.lua:3: load_texture: texture "ball": file "ball.png" does not exist'
   * ```
   */
  assetError(callback: string, path: string, message: string): void {
    const where = this.#locate(path);
    const text = where === undefined
      ? `${callback}: ${message}`
      : `${where}: ${callback}: ${message}`;
    this.#record(callback, null, text, undefined);
  }

  #record(callback: string, entity: number | null, text: string, who: string | undefined): void {
    const record = { frame: this.frame, callback, entity, message: text };
    this.#errors.push(record);
    if (this.#errors.length > this.#capacity) this.#errors.shift();
    this.#digest.add(record);
    const firstLine = text.split("\n", 1)[0] ?? text;
    const key = `${callback}\u0000${firstLine}`;
    const count = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.set(key, count);
    const line = who === undefined ? firstLine : `${who}: ${firstLine}`;
    if (count <= this.#repeatLimit) this.error(line);
    else if (count === this.#repeatLimit + 1) {
      this.error(
        `${who ?? callback}: the same error keeps repeating; further repeats are not logged`,
      );
    }
  }

  #gameWords(message: string): string {
    let text = this.#words.get(message);
    if (text === undefined) {
      text = gameErrorText(message);
      if (this.#words.size >= WORDS_CACHE) this.#words.clear();
      this.#words.set(message, text);
    }
    return text;
  }
}
