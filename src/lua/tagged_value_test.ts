import { assertEquals, assertThrows } from "@std/assert";
import { ByteReader, ByteWriter, DecodeError } from "./bytes.ts";
import { MAX_DEPTH, readValue, TAGGED_VALUE_LUA, writeFloat, writeValue } from "./tagged_value.ts";

function roundTrip(v: unknown): unknown {
  const w = new ByteWriter(4);
  writeValue(w, v);
  const r = new ByteReader(w.finish());
  const out = readValue(r);
  r.end();
  return out;
}

Deno.test("tagged values round trip scalars, arrays and records", () => {
  for (const v of [null, true, false, 0, -1.5, 2 ** 40, "", "héllo\u0000wörld", [1, "a", [true]]]) {
    assertEquals(roundTrip(v), v);
  }
  assertEquals(roundTrip({ b: 1, a: { c: "x" } }), { a: { c: "x" }, b: 1 });
  // Undefined fields are skipped, not encoded as nil entries.
  assertEquals(roundTrip({ a: 1, b: undefined }), { a: 1 });
});

Deno.test("records encode with sorted keys so encoding is deterministic", () => {
  const a = new ByteWriter();
  const b = new ByteWriter();
  writeValue(a, { x: 1, y: 2 });
  writeValue(b, { y: 2, x: 1 });
  assertEquals(a.finish(), b.finish());
});

Deno.test("whole numbers use the integer tag unless written as floats", () => {
  const w = new ByteWriter();
  writeValue(w, 3);
  writeFloat(w, 3);
  const bytes = w.finish();
  assertEquals(bytes[0], 6);
  assertEquals(bytes[9], 3);
});

Deno.test("malformed tagged values throw DecodeError with the offset", () => {
  assertThrows(
    () => readValue(new ByteReader(new Uint8Array([9]))),
    DecodeError,
    "Unknown value tag 9 at byte 0",
  );
  assertThrows(
    () => readValue(new ByteReader(new Uint8Array([3, 0, 0]))),
    DecodeError,
    "Truncated",
  );
  // A table claiming four billion entries is rejected before allocating.
  assertThrows(
    () => readValue(new ByteReader(new Uint8Array([5, 255, 255, 255, 255]))),
    DecodeError,
    "exceeds the message",
  );
  // Keys must be strings or numbers.
  assertThrows(
    () => readValue(new ByteReader(new Uint8Array([5, 1, 0, 0, 0, 2, 0]))),
    DecodeError,
    "Table key must be a string or number",
  );
});

Deno.test("nesting is bounded both ways", () => {
  let deep: unknown = 1;
  for (let i = 0; i <= MAX_DEPTH; i++) deep = [deep];
  assertThrows(() => writeValue(new ByteWriter(), deep), RangeError, "nested deeper");
  const w = new ByteWriter();
  for (let i = 0; i <= MAX_DEPTH; i++) {
    w.u8(5);
    w.u32(1);
    w.u8(3);
    w.f64(1);
  }
  w.u8(0);
  assertThrows(() => readValue(new ByteReader(w.finish())), DecodeError, "nested deeper");
});

Deno.test("random bytes only ever give values or DecodeError", () => {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < 2000; i++) {
    const bytes = new Uint8Array(Math.floor(rand() * 40));
    for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rand() * 8);
    try {
      readValue(new ByteReader(bytes));
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
    }
  }
});

Deno.test("maps keep integer keys (ids) and sort numbers before strings", () => {
  const w = new ByteWriter();
  writeValue(w, new Map<number | string, unknown>([["b", 1], [12, "x"], [3, true]]));
  const r = new ByteReader(w.finish());
  assertEquals(readValue(r), { "3": true, "12": "x", b: 1 });
  // Keys arrive as numbers (tag 6), not strings: the third byte after the header is the key tag.
  assertEquals(w.finish()[5], 6);
});

Deno.test("the Lua reader in tagged_value.lua has the same depth limit", () => {
  assertEquals(/^ {2}local MAX_DEPTH = (\d+)$/m.exec(TAGGED_VALUE_LUA)?.[1], String(MAX_DEPTH));
});
