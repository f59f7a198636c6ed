/**
 * Bounds-checked little-endian reader and growable writer for the command
 * encoding, plus tagged Lua values. Every read checks the remaining length
 * first, so corrupt input becomes a {@linkcode CommandDecodeError}, never a
 * `RangeError` or a silently short result.
 *
 * @example
 * ```ts
 * import { Reader, Writer } from "./wire.ts";
 * const w = new Writer();
 * w.u16(7);
 * new Reader(w.finish()).u16("opcode"); // 7
 * ```
 *
 * @module
 */
import { ByteWriter, decodeUtf8 } from "../lua/bytes.ts";
import type { LuaTable, LuaValue } from "./types.ts";
import { MoonglowError } from "../core/errors.ts";

/**
 * Thrown by `decodeCommands` for corrupt input: names the byte offset and what
 * was wrong.
 *
 * @example
 * ```ts
 * import { CommandDecodeError } from "./wire.ts";
 * const e = new CommandDecodeError(4, "unknown opcode 9999");
 * e.offset; // 4
 * ```
 */
export class CommandDecodeError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "COMMAND_DECODE";
  /** Byte offset where decoding failed. */
  readonly offset: number;
  /** What was wrong. */
  readonly reason: string;
  /** Create a decode error at `offset`. */
  constructor(offset: number, reason: string) {
    super(`Cannot decode command at byte ${offset}: ${reason}`);
    this.offset = offset;
    this.reason = reason;
  }
}

/**
 * Thrown by `encodeCommand` for a command that does not match its declaration.
 *
 * @example
 * ```ts
 * import { CommandEncodeError } from "./wire.ts";
 * new CommandEncodeError("Unknown command nope").name; // "CommandEncodeError"
 * ```
 */
export class CommandEncodeError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "COMMAND_ENCODE";
}

/** Deepest tagged-value nesting accepted (the Lua encoder uses the same limit). */
export const MAX_TAGGED_DEPTH = 32;

const utf8Encoder = new TextEncoder();

// A frame's commands are decoded callback by callback from views of one
// results buffer: one DataView over that buffer serves them all.
let viewedBuffer: ArrayBufferLike | undefined;
let bufferView: DataView | undefined;

/**
 * A DataView over the whole of `buffer`: the same object while the buffer is the last one asked
 * for (a frame's callbacks are read one by one from one reply).
 *
 * @example
 * ```ts
 * import { viewOf } from "./wire.ts";
 * const bytes = new Uint8Array([1, 0]);
 * console.assert(viewOf(bytes.buffer).getUint16(0, true) === 1);
 * ```
 */
export function viewOf(buffer: ArrayBufferLike): DataView {
  if (buffer !== viewedBuffer || !bufferView) {
    viewedBuffer = buffer;
    bufferView = new DataView(buffer);
  }
  return bufferView;
}

/** Recently decoded short ASCII strings, by a hash of their bytes. */
const recent: (string | undefined)[] = new Array(256).fill(undefined);

/**
 * `bytes[start, end)` as a string when short and plain ASCII, else undefined.
 * Commands name the same keys and assets frame after frame: a small cache of
 * recent strings hands back the same string instead of building it again.
 */
function shortAscii(bytes: Uint8Array, start: number, end: number): string | undefined {
  const n = end - start;
  if (n > 32) return undefined;
  let h = n;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c > 0x7f) return undefined;
    h = (h * 31 + c) & 0xff;
  }
  const cached = recent[h];
  if (cached !== undefined && cached.length === n) {
    let i = 0;
    while (i < n && cached.charCodeAt(i) === bytes[start + i]) i++;
    if (i === n) return cached;
  }
  const s = String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  recent[h] = s;
  return s;
}

/**
 * The string `bytes[start, end)` holds as UTF-8 (invalid UTF-8 becomes U+FFFD), as
 * {@linkcode Reader.string} reads it.
 *
 * @example
 * ```ts
 * import { stringOf } from "./wire.ts";
 * console.assert(stringOf(new TextEncoder().encode("hp"), 0, 2) === "hp");
 * ```
 */
export function stringOf(bytes: Uint8Array, start: number, end: number): string {
  return shortAscii(bytes, start, end) ?? decodeUtf8(bytes.subarray(start, end));
}

/**
 * Sequential reader over one buffer.
 *
 * @example
 * ```ts
 * import { Reader } from "./wire.ts";
 * new Reader(new Uint8Array([1])).u8("flag"); // 1
 * ```
 */
export class Reader {
  /** Current offset. */
  pos = 0;
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  /** Where `bytes` starts in the buffer `#view` covers. */
  readonly #base: number;
  /** Where reading stops (an offset into `bytes`). */
  readonly #end: number;

  /** Read `bytes[start, end)`; offsets in errors count from the start of `bytes`. */
  constructor(bytes: Uint8Array, start = 0, end: number = bytes.byteLength) {
    this.#bytes = bytes;
    this.#view = viewOf(bytes.buffer);
    this.#base = bytes.byteOffset;
    this.pos = start;
    this.#end = end;
  }

  /** Bytes left. */
  get remaining(): number {
    return this.#end - this.pos;
  }

  /** Throw a decode error at the current offset. */
  fail(reason: string, at: number = this.pos): never {
    throw new CommandDecodeError(at, reason);
  }

  #need(n: number, what: string): number {
    if (n > this.remaining) {
      this.fail(`${what} needs ${n} bytes but only ${this.remaining} remain`);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  /** Read a `B`. */
  u8(what: string): number {
    return this.#view.getUint8(this.#base + this.#need(1, what));
  }

  /** Read a `<I2`. */
  u16(what: string): number {
    return this.#view.getUint16(this.#base + this.#need(2, what), true);
  }

  /** Read a `<I4`. */
  u32(what: string): number {
    return this.#view.getUint32(this.#base + this.#need(4, what), true);
  }

  /** Read a `<d`, rejecting NaN and infinities (the Lua side never sends them). */
  f64(what: string): number {
    const at = this.pos;
    const v = this.#view.getFloat64(this.#base + this.#need(8, what), true);
    if (!Number.isFinite(v)) this.fail(`${what} is not a finite number (${v})`, at);
    return v;
  }

  /**
   * Read a `<I4` count of items that take at least `minBytes` each, refusing
   * one the remaining bytes cannot hold (so corrupt input cannot make a
   * decoder loop or allocate for billions of items).
   */
  count(what: string, minBytes: number): number {
    const at = this.pos;
    const n = this.u32(what);
    if (n > this.remaining / minBytes) {
      this.fail(`${what} ${n} is more than the ${this.remaining} remaining bytes allow`, at);
    }
    return n;
  }

  /** Read a `<s4` as raw bytes. */
  rawString(what: string): Uint8Array {
    const start = this.#stringStart(what);
    return this.#bytes.subarray(start, this.pos);
  }

  /** Read a `<s4` as a string (invalid UTF-8 becomes U+FFFD). */
  string(what: string): string {
    const start = this.#stringStart(what);
    return stringOf(this.#bytes, start, this.pos);
  }

  /** Read a `<s4`'s length and step over its bytes; where they start. */
  #stringStart(what: string): number {
    const at = this.pos;
    const len = this.u32(`${what} length`);
    if (len > this.remaining) {
      this.fail(`${what} length ${len} runs past the end (${this.remaining} bytes remain)`, at);
    }
    return this.#need(len, what);
  }

  /** Read a `B` that must be 0 or 1. */
  bool(what: string): boolean {
    const at = this.pos;
    const b = this.u8(what);
    if (b > 1) this.fail(`${what} must be 0 or 1, got ${b}`, at);
    return b === 1;
  }

  /** Read a tagged value. */
  tagged(what: string, depth = 0): LuaValue {
    const at = this.pos;
    const tag = this.u8(`${what} tag`);
    switch (tag) {
      case 0:
        return null;
      case 1:
        return false;
      case 2:
        return true;
      case 3:
        return this.f64(what);
      case 4:
        return this.string(what);
      case 5:
        return this.#table(what, depth, at);
      default:
        return this.fail(`${what} has unknown tag ${tag}`, at);
    }
  }

  #table(what: string, depth: number, at: number): LuaTable {
    if (depth >= MAX_TAGGED_DEPTH) {
      this.fail(`${what} is nested deeper than ${MAX_TAGGED_DEPTH}`, at);
    }
    // each pair takes at least two tag bytes
    const n = this.count(`${what} table size`, 2);
    const out = new Map<number | string, LuaValue>();
    let prevNum: number | undefined;
    let prevStr: Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      const keyAt = this.pos;
      const tag = this.u8(`${what} key tag`);
      let key: number | string;
      if (tag === 3) {
        if (prevStr !== undefined) this.fail(`${what} has a number key after a string key`, keyAt);
        key = this.f64(`${what} key`);
        if (prevNum !== undefined && !(key > prevNum)) {
          this.fail(`${what} keys are not strictly ascending`, keyAt);
        }
        prevNum = key;
      } else if (tag === 4) {
        const raw = this.rawString(`${what} key`);
        if (prevStr !== undefined && compareBytes(prevStr, raw) >= 0) {
          this.fail(`${what} keys are not strictly ascending`, keyAt);
        }
        prevStr = raw;
        key = decodeUtf8(raw);
      } else {
        return this.fail(
          `${what} key has tag ${tag} (only numbers and strings may be keys)`,
          keyAt,
        );
      }
      const valueAt = this.pos;
      const value = this.tagged(
        `${what}[${typeof key === "string" ? JSON.stringify(key) : key}]`,
        depth + 1,
      );
      if (value === null) this.fail(`${what} has a nil value`, valueAt);
      out.set(key, value);
    }
    return out;
  }
}

/**
 * Compare byte strings (the order Lua's `<` gives for strings in the C locale).
 *
 * @example
 * ```ts
 * import { compareBytes } from "./wire.ts";
 * compareBytes(new Uint8Array([1]), new Uint8Array([2])); // -1
 * ```
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Growable little-endian writer for commands: `ByteWriter`'s primitives plus
 * the declaration-checked tagged-value encoder.
 *
 * @example
 * ```ts
 * import { Writer } from "./wire.ts";
 * const w = new Writer();
 * w.string("hi");
 * w.finish().length; // 6
 * ```
 */
export class Writer extends ByteWriter {
  /** Write a `<s4`. */
  string(s: string): void {
    this.str(s);
  }

  /** Write a tagged value (table keys sorted: numbers ascending, then strings by bytes). */
  tagged(v: LuaValue, what: string, depth = 0): void {
    if (v === null) return this.u8(0);
    switch (typeof v) {
      case "boolean":
        return this.u8(v ? 2 : 1);
      case "number":
        if (!Number.isFinite(v)) throw new CommandEncodeError(`${what} is not a finite number`);
        this.u8(3);
        return this.f64(v);
      case "string":
        this.u8(4);
        return this.string(v);
    }
    if (depth >= MAX_TAGGED_DEPTH) {
      throw new CommandEncodeError(`${what} is nested deeper than ${MAX_TAGGED_DEPTH}`);
    }
    const nums: number[] = [];
    const strs: [Uint8Array, string][] = [];
    for (const k of v.keys()) {
      if (typeof k === "number") {
        if (!Number.isFinite(k)) throw new CommandEncodeError(`${what} has a non-finite key`);
        nums.push(k);
      } else {
        strs.push([utf8Encoder.encode(k), k]);
      }
    }
    nums.sort((a, b) => a - b);
    strs.sort((a, b) => compareBytes(a[0], b[0]));
    this.u8(5);
    this.u32(nums.length + strs.length);
    for (const k of nums) {
      this.u8(3);
      this.f64(k);
      this.#value(v.get(k), `${what}[${k}]`, depth);
    }
    for (const [raw, k] of strs) {
      this.u8(4);
      this.u32(raw.length);
      this.bytes(raw);
      this.#value(v.get(k), `${what}[${JSON.stringify(k)}]`, depth);
    }
  }

  #value(v: LuaValue | undefined, what: string, depth: number): void {
    if (v === undefined || v === null) throw new CommandEncodeError(`${what} is nil`);
    this.tagged(v, what, depth + 1);
  }
}
