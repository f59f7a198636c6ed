/**
 * The engine log: every line and every callback error, stamped with the
 * frame, kept for `--dump-state` and passed to a sink (stderr, a renderer's
 * status line). The same error repeating is rate-limited.
 *
 * @module
 */

/** Log levels, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** One log line. */
export interface LogEntry {
  /** Simulation frame. */
  frame: number;
  /** Severity. */
  level: LogLevel;
  /** Text. */
  message: string;
}

/** One failed callback (an error record). */
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
}

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

  /** Create a log. */
  constructor(options: EngineLogOptions = {}) {
    this.#sink = options.sink;
    this.#repeatLimit = options.repeatLimit ?? 5;
    this.#capacity = options.capacity ?? 10_000;
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
    this.#errors.push({ frame: this.frame, callback, entity, message });
    if (this.#errors.length > this.#capacity) this.#errors.shift();
    const firstLine = message.split("\n", 1)[0] ?? message;
    const key = `${callback}\u0000${firstLine}`;
    const count = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.set(key, count);
    const who = entity === null ? callback : `${callback} (entity ${entity})`;
    if (count <= this.#repeatLimit) this.error(`${who}: ${firstLine}`);
    else if (count === this.#repeatLimit + 1) {
      this.error(`${who}: the same error keeps repeating; further repeats are not logged`);
    }
  }
}
