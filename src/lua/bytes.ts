/**
 * Little-endian byte writer and reader matching Lua's `string.pack` formats
 * `B`, `<I2`, `<I4`, `<d` and `<s4`, used by every binary message between the
 * engine and its Lua states.
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

const encoder = new TextEncoder();
// A leading byte order mark is text a Lua string holds: kept, not dropped.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Error thrown when a binary message is truncated or malformed.
 *
 * @example
 * ```ts
 * import { DecodeError } from "./bytes.ts";
 * const e = new DecodeError("Unknown tag 9", 12);
 * // e.message === "Unknown tag 9 at byte 12"
 * ```
 */
export class DecodeError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "BYTES_DECODE";
  /** Byte offset where decoding failed. */
  readonly offset: number;
  /** Create a decode error for `what` at byte `offset`. */
  constructor(what: string, offset: number) {
    super(`${what} at byte ${offset}`);
    this.offset = offset;
  }
}

/**
 * Decode UTF-8 (invalid sequences become U+FFFD). Short ASCII strings, the
 * usual keys and names, are built from their bytes directly: a
 * `TextDecoder.decode` call costs about a microsecond each in Deno.
 *
 * @example
 * ```ts
 * import { decodeUtf8 } from "./bytes.ts";
 * decodeUtf8(new Uint8Array([104, 105])); // "hi"
 * ```
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n > 32) return decoder.decode(bytes);
  let s = "";
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c > 0x7f) return decoder.decode(bytes);
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * The bytes of `parts`, one after another, in a new array.
 *
 * @example
 * ```ts
 * import { concatBytes } from "./bytes.ts";
 * concatBytes([new Uint8Array([1]), new Uint8Array([2, 3])]); // Uint8Array [1, 2, 3]
 * ```
 */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A growable little-endian byte buffer.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * const w = new ByteWriter();
 * w.u8(1); w.f64(2.5); w.str("hi");
 * const bytes = w.finish();
 * ```
 */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;

  /** Create a writer with an initial capacity in bytes. */
  constructor(capacity = 256) {
    this.#buf = new Uint8Array(capacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.#len;
  }

  #reserve(n: number): number {
    const at = this.#len;
    const need = at + n;
    if (need > this.#buf.length) {
      let cap = this.#buf.length * 2;
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.#buf.subarray(0, at));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
    }
    this.#len = need;
    return at;
  }

  /** Write an unsigned byte (`B`). */
  u8(v: number): void {
    const at = this.#reserve(1);
    this.#buf[at] = v;
  }

  /** Write an unsigned 16-bit integer (`<I2`). */
  u16(v: number): void {
    // Reserve before reading #view: growing replaces it.
    const at = this.#reserve(2);
    this.#view.setUint16(at, v, true);
  }

  /** Write an unsigned 32-bit integer (`<I4`). */
  u32(v: number): void {
    // Reserve before reading #view: growing replaces it.
    const at = this.#reserve(4);
    this.#view.setUint32(at, v, true);
  }

  /** Write a 64-bit float (`<d`). */
  f64(v: number): void {
    // Reserve before reading #view: growing replaces it.
    const at = this.#reserve(8);
    this.#view.setFloat64(at, v, true);
  }

  /** Overwrite 4 bytes already written at `offset` with `<I4 v>` (a count known only later). */
  patchU32(offset: number, v: number): void {
    if (offset < 0 || offset + 4 > this.#len) {
      throw new RangeError(`Cannot patch 4 bytes at ${offset} of ${this.#len} written`);
    }
    this.#view.setUint32(offset, v, true);
  }

  /** Write raw bytes. */
  bytes(b: Uint8Array): void {
    const at = this.#reserve(b.length);
    this.#buf.set(b, at);
  }

  /** Write a string as UTF-8 with a 32-bit length prefix (`<s4`). */
  str(s: string): void {
    // Reserve the worst case, then shrink to what was written.
    this.#len = this.strAt(this.#reserve(4 + s.length * 3), s);
  }

  /**
   * Write an integer of magnitude below 2^53 as a signed 64-bit integer
   * (`<i8`), so Lua reads it as an integer without a conversion.
   */
  i64(v: number): void {
    this.i64At(this.#reserve(8), v);
  }

  /**
   * Reserve `n` bytes for the `...At` writes, which write at an offset without growing the
   * buffer: one check for a record of several fields instead of one per field. Returns where
   * they start; {@linkcode ByteWriter.release} then ends the written bytes where the record ends.
   *
   * @example
   * ```ts
   * import { ByteWriter } from "./bytes.ts";
   * const w = new ByteWriter();
   * let at = w.claim(8 + 4 + 3 * "hi".length);
   * w.f64At(at, 2.5);
   * at = w.strAt(at + 8, "hi");
   * w.release(at); // 14 bytes written
   * ```
   */
  claim(n: number): number {
    return this.#reserve(n);
  }

  /**
   * End the written bytes at `end`, at most where they end now: within the last
   * {@linkcode ByteWriter.claim}, where its record ends; anywhere, to write again from there.
   */
  release(end: number): void {
    if (end < 0 || end > this.#len) {
      throw new RangeError(`Cannot end at byte ${end} of ${this.#len} claimed`);
    }
    this.#len = end;
  }

  /** Write a 64-bit float (`<d`) at `at`, within a claim. */
  f64At(at: number, v: number): void {
    this.#view.setFloat64(at, v, true);
  }

  /** Write an unsigned byte (`B`) at `at`, within a claim. */
  u8At(at: number, v: number): void {
    this.#buf[at] = v;
  }

  /** Write `<i8>` (see {@linkcode ByteWriter.i64}) at `at`, within a claim. */
  i64At(at: number, v: number): void {
    const view = this.#view;
    if ((v | 0) === v) {
      // A 32-bit integer (an entity id, mostly): its sign fills the high word.
      view.setInt32(at, v, true);
      view.setInt32(at + 4, v < 0 ? -1 : 0, true);
      return;
    }
    const lo = v % 0x1_0000_0000;
    const hi = Math.floor(v / 0x1_0000_0000);
    view.setUint32(at, lo < 0 ? lo + 0x1_0000_0000 : lo, true);
    view.setInt32(at + 4, hi, true);
  }

  /**
   * Write `<s4>` (see {@linkcode ByteWriter.str}) at `at`, within a claim of its worst case
   * (`4 + 3 * s.length` bytes); returns where it ends.
   */
  strAt(at: number, s: string): number {
    const n = s.length, buf = this.#buf;
    // Short ASCII strings (names, keys) are the common case: copying the
    // code units beats encodeInto, which needs a fresh subarray per call.
    if (n <= 64) {
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        buf[at + 4 + i] = c;
      }
      if (i === n) {
        this.#view.setUint32(at, n, true);
        return at + 4 + n;
      }
    }
    const { written } = encoder.encodeInto(s, buf.subarray(at + 4, at + 4 + 3 * n));
    this.#view.setUint32(at, written, true);
    return at + 4 + written;
  }

  /** Write bytes with a 32-bit length prefix (`<s4`). */
  lstr(b: Uint8Array): void {
    this.u32(b.length);
    this.bytes(b);
  }

  /** The written bytes (a view, valid until the next write). */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /** A copy of the written bytes; the writer can be reused after `reset()`. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }

  /** Forget everything written, keeping the capacity. */
  reset(): void {
    this.#len = 0;
  }
}

/**
 * Whether `a` and `b` hold the same bytes (both absent counts as the same).
 *
 * @example
 * ```ts
 * import { sameBytes } from "./bytes.ts";
 * sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2])); // true
 * ```
 */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A bounds-checked little-endian reader; every overrun throws
 * {@linkcode DecodeError} with the offset.
 *
 * @example
 * ```ts
 * import { ByteReader, ByteWriter } from "./bytes.ts";
 * const w = new ByteWriter();
 * w.u32(7);
 * const r = new ByteReader(w.finish());
 * // r.u32() === 7
 * ```
 */
export class ByteReader {
  #buf: Uint8Array;
  #view: DataView;
  #pos = 0;

  /** Read from `buf`. */
  constructor(buf: Uint8Array) {
    this.#buf = buf;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Current offset. */
  get offset(): number {
    return this.#pos;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.#buf.length - this.#pos;
  }

  #take(n: number, what: string): number {
    const at = this.#pos;
    if (n < 0 || at + n > this.#buf.length) {
      throw new DecodeError(
        `Truncated ${what} (need ${n} bytes, have ${this.#buf.length - at})`,
        at,
      );
    }
    this.#pos = at + n;
    return at;
  }

  /** Read an unsigned byte. */
  u8(what = "byte"): number {
    return this.#buf[this.#take(1, what)] as number;
  }

  /** Read an unsigned 16-bit integer. */
  u16(what = "u16"): number {
    return this.#view.getUint16(this.#take(2, what), true);
  }

  /** Read an unsigned 32-bit integer. */
  u32(what = "u32"): number {
    return this.#view.getUint32(this.#take(4, what), true);
  }

  /** Read a 64-bit float. */
  f64(what = "number"): number {
    return this.#view.getFloat64(this.#take(8, what), true);
  }

  /** Read `<s4` bytes (a view into the buffer). */
  lstr(what = "string"): Uint8Array {
    const n = this.u32(`${what} length`);
    const at = this.#take(n, what);
    return this.#buf.subarray(at, at + n);
  }

  /** Read a `<s4` UTF-8 string. */
  str(what = "string"): string {
    return decodeUtf8(this.lstr(what));
  }

  /** Throw unless every byte was consumed. */
  end(what = "message"): void {
    if (this.#pos !== this.#buf.length) {
      throw new DecodeError(
        `${this.#buf.length - this.#pos} unexpected bytes after ${what}`,
        this.#pos,
      );
    }
  }
}
