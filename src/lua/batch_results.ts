/**
 * Decoding the reply to a batch: the results of its callbacks (a cursor over
 * them, read in place), or the reason the state refused it. Written by
 * `batch_callbacks.lua` and `batch_entry.lua`; the two halves must change
 * together.
 *
 * @module
 */
import type { ComponentReads } from "./components_part.ts";
import { ByteReader, DecodeError, decodeUtf8 } from "./bytes.ts";
import { HINT_LEVEL, type LoggedLine } from "./batch_types.ts";
import { MoonglowError } from "../core/errors.ts";

const LEVELS = ["debug", "info", "warn", "error"] as const;

/** The logs of the many callbacks that logged nothing: one shared, frozen list. */
const NO_LOGS: LoggedLine[] = Object.freeze([]) as unknown as LoggedLine[];

function readLogs(bytes: Uint8Array): LoggedLine[] {
  const r = new ByteReader(bytes);
  const out: LoggedLine[] = [];
  while (r.remaining > 0) {
    const at = r.offset;
    const byte = r.u8("log level");
    if (byte === HINT_LEVEL) {
      out.push({ level: "warn", message: r.str("hint code"), hint: true });
      continue;
    }
    const level = LEVELS[byte];
    if (level === undefined) throw new DecodeError("Unknown log level", at);
    out.push({ level, message: r.str("log message") });
  }
  return out;
}

/**
 * The callback count of a reply that refused its batch (the state holds other
 * tables than the batch expects); see {@linkcode refusalOf}.
 *
 * @example
 * ```ts
 * import { REFUSED_COUNT } from "./batch_results.ts";
 * REFUSED_COUNT === 0xffffffff; // true
 * ```
 */
export const REFUSED_COUNT = 0xffffffff;

/**
 * Thrown when results are read from a reply that refused its batch (see
 * {@linkcode refusalOf}).
 *
 * @example
 * ```ts
 * import { BatchRefusedError } from "./batch_results.ts";
 * new BatchRefusedError("stale input").message; // "Batch refused: stale input"
 * ```
 */
export class BatchRefusedError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "BATCH_REFUSED";
  /** Why the state refused the batch. */
  readonly reason: string;
  /** Create the error. */
  constructor(reason: string) {
    super(`Batch refused: ${reason}`);
    this.reason = reason;
  }
}

/**
 * Why the state refused the batch this reply answers, or undefined when it
 * ran it. A state refuses a batch that expects a snapshot or input table it
 * does not hold (`<s4 reason> <I4 0xFFFFFFFF>` in place of results); the
 * engine then sends the batch again with the tables.
 *
 * @example
 * ```ts
 * import { refusalOf } from "./batch_results.ts";
 * refusalOf(new Uint8Array(4)); // undefined: no callbacks, not refused
 * ```
 */
export function refusalOf(output: Uint8Array): string | undefined {
  if (output.length < 8) return undefined;
  const view = new DataView(output.buffer, output.byteOffset, output.byteLength);
  if (view.getUint32(output.length - 4, true) !== REFUSED_COUNT) return undefined;
  const length = view.getUint32(0, true);
  if (length !== output.length - 8) return undefined;
  return decodeUtf8(output.subarray(4, 4 + length));
}

/**
 * Bytes of one table-of-contents entry: `<i8 index << 36 | command bytes << 4 |
 * reads | status>`.
 */
const TOC_ENTRY = 8;

/**
 * What a callback read of the snapshot's components (`ecs.getComponent`),
 * as bits of its table-of-contents entry: a collision callback is kept in its
 * batch only while the entities it read are as the world holds them.
 *
 * @example
 * ```ts
 * import { ResultReads } from "./batch_results.ts";
 * ResultReads.Listed; // 4
 * ```
 */
export const ResultReads = {
  /** The ids it read are in the reads section (see {@linkcode BatchResults}). */
  Listed: 4,
  /** It read more entities than are listed: count it as reading every one. */
  Any: 8,
} as const;
/**
 * Status of a callback in the table of contents of batch results (the low two
 * bits of its entry; see {@linkcode BatchResults}).
 *
 * @example
 * ```ts
 * import { ResultStatus } from "./batch_results.ts";
 * ResultStatus.Failed; // 1
 * ```
 */
export const ResultStatus = {
  /** Succeeded with nothing but commands. */
  Ok: 0,
  /** Failed: an error text and logs follow, no commands. */
  Failed: 1,
  /** Succeeded with a returned text or logs. */
  OkWithExtras: 2,
} as const;

const LISTED = ResultReads.Listed, ANY = ResultReads.Any;

const OK = ResultStatus.Ok,
  FAILED = ResultStatus.Failed,
  OK_WITH_EXTRAS = ResultStatus.OkWithExtras;

/**
 * A cursor over the results of a batch, one callback per
 * {@linkcode BatchResults.next} in request order, without an object per
 * callback: a frame of thousands of callbacks reads their fields in place and
 * decodes each one's commands straight from the buffer. Layout: the commands
 * of every callback that succeeded, back to back; then the extras of each
 * callback that has any, `<s4 return> <s4 logs>` (status 2) or `<s4 error>
 * <s4 logs>` (status 1); then, when a callback lists reads, the reads
 * section: per such callback `<i8 count>` and its `<i8>` ids, then `<I4 section
 * bytes>`; then the table of contents, one `<i8 index << 36 | command bytes << 4 | reads |
 * status>` per callback (status 0: commands only; see {@linkcode ResultReads});
 * then
 * `<I4 callback count>`. A malformed buffer throws {@linkcode DecodeError}
 * (the table of contents is checked whole before the first callback), a
 * refused batch {@linkcode BatchRefusedError}.
 *
 * @example
 * ```ts
 * import { BatchResults } from "./batch_results.ts";
 * const results = new BatchResults(new Uint8Array(4));
 * while (results.next()) console.log(results.index, results.ok);
 * ```
 */
export class BatchResults {
  /** Callbacks in the batch. */
  readonly count: number;
  /** The current callback's request index. */
  index = 0;
  /** Whether it ran to the end (else {@linkcode BatchResults.error} says why). */
  ok = true;
  /** Where its encoded commands start in {@linkcode BatchResults.bytes}. */
  commandsStart = 0;
  /** Where they end (equal to the start: none). */
  commandsEnd = 0;
  /** A string it returned, else undefined. */
  returned: string | undefined;
  /** Its error text with `file:line` and traceback, when it failed. */
  error: string | undefined;
  /** Lines it logged (a shared empty list when none). */
  logs: LoggedLine[] = NO_LOGS;
  /** The entities whose components it read (`ecs.getComponent`), if any. */
  componentReads: ComponentReads | undefined;
  /** The whole results buffer. */
  readonly bytes: Uint8Array;
  #view: DataView;
  #tocAt: number;
  // Where the extras end: the reads section, else the table of contents.
  #extrasEnd: number;
  #readsAt: number;
  #i = 0;
  #entryAt = 0;
  #pos: number;

  /**
   * Check the table of contents of `bytes` and stand before the first callback.
   *
   * @throws {DecodeError} when the buffer is truncated or a status is unknown.
   */
  constructor(bytes: Uint8Array) {
    if (bytes.length < 4) throw new DecodeError("Truncated batch results (no callback count)", 0);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = view.getUint32(bytes.length - 4, true);
    const refusal = n === REFUSED_COUNT ? refusalOf(bytes) : undefined;
    if (refusal !== undefined) throw new BatchRefusedError(refusal);
    const tocAt = bytes.length - 4 - n * TOC_ENTRY;
    if (tocAt < 0) throw new DecodeError(`Truncated batch results (${n} callbacks)`, 0);
    this.bytes = bytes;
    this.count = n;
    this.#view = view;
    this.#tocAt = tocAt;
    let commandBytes = 0, listed = false;
    for (let i = 0; i < n; i++) {
      const at = tocAt + i * TOC_ENTRY;
      const low = view.getUint32(at, true), status = low & 3;
      if (status > OK_WITH_EXTRAS) throw new DecodeError(`Unknown callback status ${status}`, at);
      if ((low & LISTED) !== 0 && (low & ANY) !== 0) {
        throw new DecodeError("Reads both listed and any", at);
      }
      listed ||= (low & LISTED) !== 0;
      commandBytes += this.#length(at);
    }
    // The reads section, when a callback lists reads: `<i8>` each, then its byte length.
    const readsLength = listed && tocAt >= 4 ? view.getUint32(tocAt - 4, true) : 0;
    if (listed && (tocAt < 4 || readsLength % 8 !== 0 || readsLength > tocAt - 4)) {
      throw new DecodeError(`Malformed callback reads section (${readsLength} bytes)`, tocAt);
    }
    const extrasEnd = listed ? tocAt - 4 - readsLength : tocAt;
    if (commandBytes > extrasEnd) {
      throw new DecodeError(`Truncated callback commands (need ${commandBytes} bytes)`, tocAt);
    }
    this.#extrasEnd = this.#readsAt = extrasEnd;
    this.#pos = commandBytes;
  }

  // An entry's low word holds the status, the read bits and the low 28 bits of the command
  // bytes, its high word the index and their top 4 bits.
  #length(at: number): number {
    const lo = this.#view.getUint32(at, true), hi = this.#view.getUint32(at + 4, true);
    return (lo >>> 4) + (hi & 15) * 2 ** 28;
  }

  // A callback's listed reads, next in the reads section: a count, at least one, then the ids.
  #ids(at: number): number[] {
    const end = this.#tocAt - 4;
    let pos = this.#readsAt;
    const n = end - pos >= 8 ? this.#i64(pos) : 0;
    if (n < 1 || n > (end - pos - 8) / 8) {
      throw new DecodeError(`Malformed callback reads (${n} ids)`, at);
    }
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push(this.#i64(pos += 8));
    this.#readsAt = pos + 8;
    return ids;
  }

  #i64(at: number): number {
    return this.#view.getInt32(at + 4, true) * 2 ** 32 + this.#view.getUint32(at, true);
  }

  #lstr(what: string): Uint8Array {
    const view = this.#view, end = this.#extrasEnd, pos = this.#pos;
    if (end - pos < 4) throw new DecodeError(`Truncated ${what} length`, pos);
    const length = view.getUint32(pos, true);
    if (length > end - pos - 4) {
      throw new DecodeError(
        `Truncated ${what} (need ${length} bytes, have ${end - pos - 4})`,
        pos,
      );
    }
    this.#pos = pos + 4 + length;
    return this.bytes.subarray(pos + 4, this.#pos);
  }

  /**
   * Move to the next callback; false after the last one.
   *
   * @throws {DecodeError} when its extras are malformed, or after the last
   * callback when bytes are left over.
   */
  next(): boolean {
    if (this.#i >= this.count) {
      const pos = this.#pos, end = this.#extrasEnd;
      if (pos !== end) {
        throw new DecodeError(`${end - pos} unexpected bytes in batch results`, pos);
      }
      const reads = this.#readsAt, readsEnd = end === this.#tocAt ? end : this.#tocAt - 4;
      if (reads !== readsEnd) {
        throw new DecodeError(`${readsEnd - reads} unexpected bytes in callback reads`, reads);
      }
      return false;
    }
    const at = this.#tocAt + this.#i++ * TOC_ENTRY;
    const view = this.#view;
    const low = view.getUint32(at, true), status = low & 3, length = this.#length(at);
    this.index = view.getUint32(at + 4, true) >>> 4;
    this.componentReads = low & ANY ? "any" : low & LISTED ? this.#ids(at) : undefined;
    this.commandsStart = this.#entryAt;
    this.commandsEnd = this.#entryAt += length;
    this.ok = status !== FAILED;
    this.returned = this.error = undefined;
    this.logs = NO_LOGS;
    if (status === OK) return true;
    const text = this.#lstr(status === FAILED ? "callback error" : "callback return");
    const logBytes = this.#lstr("callback logs");
    if (logBytes.length > 0) this.logs = readLogs(logBytes);
    if (status === FAILED) {
      if (length !== 0) throw new DecodeError("Failed callback with commands", at);
      this.error = decodeUtf8(text);
    } else if (text.length > 0) this.returned = decodeUtf8(text);
    return true;
  }
}
