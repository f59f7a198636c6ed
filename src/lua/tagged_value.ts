/**
 * The tagged encoding of plain Lua values (nil, booleans, numbers, strings and
 * tables of those) shared by the snapshot the engine sends to Lua and the
 * table parameters Lua sends back. Tags: 0 nil, 1 false, 2 true, 3 number
 * `<d`, 4 string `<s4`, 5 table `<I4` count then key/value pairs.
 *
 * @module
 */
import { type ByteReader, type ByteWriter, DecodeError } from "./bytes.ts";
import { TAGGED_VALUE_LUA as TAGGED_VALUE_SOURCE } from "./tagged_value_lua.ts";

/** A plain Lua value as seen from TypeScript. Tables with keys 1..n are arrays. */
export type LuaValue = null | boolean | number | string | LuaValue[] | LuaRecord;

/** A Lua table with non-sequence keys (numeric keys become strings). */
export interface LuaRecord {
  /** A field of the table. */
  [key: string]: LuaValue;
}

/**
 * Deepest table nesting accepted either way; guards against hostile input.
 * `tagged_value.lua` repeats it as its `MAX_DEPTH`; a test keeps the two equal.
 */
export const MAX_DEPTH = 32;

const enum Tag {
  Nil = 0,
  False = 1,
  True = 2,
  Number = 3,
  String = 4,
  Table = 5,
  Integer = 6,
}

/**
 * Append `value` in tagged form. Arrays become sequences, objects tables with
 * sorted string keys, Maps tables with their own (number or string) keys,
 * numbers first (so encoding is deterministic). `undefined` fields are
 * skipped.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeValue } from "./tagged_value.ts";
 * const w = new ByteWriter();
 * writeValue(w, { x: 1, tags: ["a", "b"] });
 * ```
 */
export function writeValue(w: ByteWriter, value: unknown, depth = 0): void {
  if (value === null || value === undefined) return w.u8(Tag.Nil);
  switch (typeof value) {
    case "boolean":
      return w.u8(value ? Tag.True : Tag.False);
    case "number":
      w.u8(Number.isSafeInteger(value) ? Tag.Integer : Tag.Number);
      return w.f64(value);
    case "string":
      w.u8(Tag.String);
      return w.str(value);
  }
  if (value instanceof LuaFloat) return writeFloat(w, value.value);
  if (depth >= MAX_DEPTH) throw new RangeError(`Value nested deeper than ${MAX_DEPTH} tables`);
  if (Array.isArray(value)) {
    w.u8(Tag.Table);
    w.u32(value.length);
    for (let i = 0; i < value.length; i++) {
      w.u8(Tag.Number);
      w.f64(i + 1);
      writeValue(w, value[i], depth + 1);
    }
    return;
  }
  if (value instanceof Map) {
    // Maps keep their key types, so integer keys reach Lua as integers (ids).
    const keys = [...value.keys()].filter((k) => value.get(k) !== undefined)
      .sort((a, b) =>
        typeof a === typeof b ? (a < b ? -1 : a > b ? 1 : 0) : typeof a === "number" ? -1 : 1
      );
    w.u8(Tag.Table);
    w.u32(keys.length);
    for (const k of keys) {
      if (typeof k !== "number" && typeof k !== "string") {
        throw new TypeError(`Cannot encode a ${typeof k} key as a Lua table key`);
      }
      writeValue(w, k, depth + 1);
      writeValue(w, value.get(k), depth + 1);
    }
    return;
  }
  if (typeof value === "object") {
    const keys = Object.keys(value).filter((k) =>
      (value as Record<string, unknown>)[k] !== undefined
    )
      .sort();
    w.u8(Tag.Table);
    w.u32(keys.length);
    for (const k of keys) {
      w.u8(Tag.String);
      w.str(k);
      writeValue(w, (value as Record<string, unknown>)[k], depth + 1);
    }
    return;
  }
  throw new TypeError(`Cannot encode a ${typeof value} as a Lua value`);
}

/**
 * A number that {@linkcode writeValue} gives Lua as a float even when it is
 * whole (a float CVar's 75 reads as 75.0, as its type says).
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { LuaFloat, writeValue } from "./tagged_value.ts";
 * writeValue(new ByteWriter(), { fov: new LuaFloat(75) });
 * ```
 */
export class LuaFloat {
  /** Wrap `value`. */
  constructor(readonly value: number) {}
}

/**
 * Append a number that Lua must see as a float even when it is whole
 * (world and entity scalars).
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeFloat } from "./tagged_value.ts";
 * writeFloat(new ByteWriter(), 300);
 * ```
 */
export function writeFloat(w: ByteWriter, value: number): void {
  w.u8(Tag.Number);
  w.f64(value);
}

/**
 * Append a table of floats (`{ key = number }`), keys sorted.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeFloatTable } from "./tagged_value.ts";
 * writeFloatTable(new ByteWriter(), { speed: 300 });
 * ```
 */
export function writeFloatTable(w: ByteWriter, table: Readonly<Record<string, number>>): void {
  const keys = Object.keys(table).sort();
  w.u8(Tag.Table);
  w.u32(keys.length);
  for (const k of keys) {
    w.u8(Tag.String);
    w.str(k);
    writeFloat(w, table[k] as number);
  }
}

/**
 * Read one tagged value. Malformed input throws {@linkcode DecodeError}.
 *
 * @example
 * ```ts
 * import { ByteReader, ByteWriter } from "./bytes.ts";
 * import { readValue, writeValue } from "./tagged_value.ts";
 * const w = new ByteWriter();
 * writeValue(w, [1, 2]);
 * const v = readValue(new ByteReader(w.finish())); // [1, 2]
 * ```
 */
export function readValue(r: ByteReader, depth = 0): LuaValue {
  const at = r.offset;
  const tag = r.u8("value tag");
  switch (tag) {
    case Tag.Nil:
      return null;
    case Tag.False:
      return false;
    case Tag.True:
      return true;
    case Tag.Number:
    case Tag.Integer:
      return r.f64();
    case Tag.String:
      return r.str();
    case Tag.Table:
      if (depth >= MAX_DEPTH) throw new DecodeError(`Table nested deeper than ${MAX_DEPTH}`, at);
      return readTable(r, depth);
    default:
      throw new DecodeError(`Unknown value tag ${tag}`, at);
  }
}

function readTable(r: ByteReader, depth: number): LuaValue[] | LuaRecord {
  const at = r.offset;
  const n = r.u32("table size");
  // Each pair takes at least two bytes: reject absurd counts before allocating.
  if (n * 2 > r.remaining) throw new DecodeError(`Table size ${n} exceeds the message`, at);
  const keys: (string | number)[] = [];
  const values: LuaValue[] = [];
  let sequence = true;
  for (let i = 0; i < n; i++) {
    const keyAt = r.offset;
    const key = readValue(r, depth + 1);
    if (typeof key !== "string" && typeof key !== "number") {
      throw new DecodeError(
        `Table key must be a string or number, got ${key === null ? "nil" : typeof key}`,
        keyAt,
      );
    }
    if (key !== i + 1) sequence = false;
    keys.push(key);
    values.push(readValue(r, depth + 1));
  }
  if (sequence && n > 0) return values;
  const out: LuaRecord = {};
  for (let i = 0; i < n; i++) out[String(keys[i])] = values[i] as LuaValue;
  return out;
}

/**
 * Lua source of `read_value(s, pos)`, the Lua reader of this encoding, for
 * the engine's privileged runtime chunk (`tagged_value.lua`, embedded by
 * `deno task embed-lua`).
 *
 * @example
 * ```ts
 * import { TAGGED_VALUE_LUA } from "./tagged_value.ts";
 * // TAGGED_VALUE_LUA defines the local function read_value. (Lua encodes
 * // table parameters with the API prelude's encoder, src/api/prelude.lua.)
 * ```
 */
export const TAGGED_VALUE_LUA: string = TAGGED_VALUE_SOURCE;
