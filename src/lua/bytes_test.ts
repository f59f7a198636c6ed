import { assertEquals, assertThrows } from "@std/assert";
import { ByteReader, ByteWriter, DecodeError, decodeUtf8 } from "./bytes.ts";

Deno.test("decodeUtf8 agrees with TextDecoder on ASCII, non-ASCII, long and invalid input", () => {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const samples = [
    "",
    "hp",
    "x".repeat(32),
    "y".repeat(33),
    "é",
    "a€b",
    "ünïcødé key",
    "\u0000\u007f",
  ];
  for (const s of samples) assertEquals(decodeUtf8(encoder.encode(s)), s);
  for (const bad of [[0xff], [0x61, 0xc3], [0xe2, 0x82], [0x80, 0x61]]) {
    const bytes = new Uint8Array(bad);
    assertEquals(decodeUtf8(bytes), decoder.decode(bytes));
  }
  // A leading byte order mark is part of a Lua string: kept (TextDecoder drops it by default).
  for (const s of ["\uFEFFscore", "\uFEFF" + "z".repeat(40)]) {
    assertEquals(decodeUtf8(encoder.encode(s)), s);
  }
});

Deno.test("patchU32 rewrites a count already written and refuses offsets outside it", () => {
  const w = new ByteWriter(4);
  w.u8(9);
  const at = w.length;
  w.u32(0);
  w.str("grow past the first capacity");
  w.patchU32(at, 1234);
  const r = new ByteReader(w.finish());
  assertEquals(r.u8(), 9);
  assertEquals(r.u32(), 1234);
  assertEquals(r.str(), "grow past the first capacity");
  assertThrows(() => w.patchU32(w.length - 3, 1), RangeError, "Cannot patch 4 bytes");
  assertThrows(() => w.patchU32(-1, 1), RangeError);
  assertThrows(() => new ByteReader(new Uint8Array(2)).u32(), DecodeError);
});

Deno.test("ByteWriter.i64 writes every integer below 2^53 as its signed 64-bit value", () => {
  const values = [
    0,
    -0,
    1,
    -1,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 32,
    2 ** 53 - 1,
    -(2 ** 53 - 1),
  ];
  const w = new ByteWriter();
  for (const v of values) w.i64(v);
  const view = new DataView(w.view().buffer);
  values.forEach((v, i) => assertEquals(view.getBigInt64(i * 8, true), BigInt(v), `value ${v}`));
});

Deno.test("writes at offsets within a claim give the bytes of the plain writes", () => {
  const values = [0, -1, 2 ** 40 + 3, -(2 ** 35), 2.5];
  const texts = ["", "ok", "é-日本", "x".repeat(80), "ÿ".repeat(70)];
  const plain = new ByteWriter(8), claimed = new ByteWriter(8);
  for (let i = 0; i < texts.length; i++) {
    const v = values[i]!, s = texts[i]!;
    plain.i64(Math.trunc(v));
    plain.f64(v);
    plain.u8(i);
    plain.str(s);
    let at = claimed.claim(8 + 8 + 1 + 4 + 3 * s.length);
    claimed.i64At(at, Math.trunc(v));
    claimed.f64At(at + 8, v);
    claimed.u8At(at + 16, i);
    at = claimed.strAt(at + 17, s);
    claimed.release(at);
  }
  assertEquals(claimed.finish(), plain.finish());
});

Deno.test("a claim cannot be released past its end", () => {
  const w = new ByteWriter();
  const at = w.claim(4);
  assertThrows(() => w.release(at + 5), RangeError, "Cannot end at byte 5 of 4 claimed");
  w.release(at + 2);
  assertEquals(w.length, 2);
});
