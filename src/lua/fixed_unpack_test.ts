// priv.unpacker (tools/lua_wasm/fixed_unpack.c): a compiled string.unpack of a fixed layout.
import { assertEquals, assertMatch, assertThrows } from "@std/assert";
import { LuaRunError } from "./vm.ts";
import { withRegistered } from "./_test_helpers.ts";

// `unpack(fmt, bytes)`: the unpacker's values as text beside string.unpack's, one per line.
const CHUNK = `
local priv = ...
local unpack = priv.lib.unpack
local function show(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[i] = math.type(v) == "float" and string.format("%.17g float", v)
      or math.type(v) == "integer" and (v .. " integer") or string.format("%q", v)
  end
  return table.concat(out, ", ")
end
priv.register("both", function(s)
  local fmt, at, rest = unpack("<s4I4", s)
  local data = string.sub(s, rest)
  local mine = show(priv.unpacker(fmt)(data, at))
  local lib = show(unpack(fmt:gsub("n", "d"), data, at))
  return mine .. "\\n" .. lib
end)
-- A filler of "<I4Bdds4" into c (id, flag, speed), P.pos (x, y) and t3 (name), returning the first
-- and last values: what it returns and writes, after a bind that "missing" (a key no table has)
-- makes fail.
priv.register("fill", function(s)
  local c, P, t3 = { id = 0, flag = false, speed = 0 }, { pos = { x = 0, y = 0 } }, { name = "" }
  local missing = s == "missing"
  local fill, bind = priv.unpacker("<I4Bdds4", {
    { 0, "r" }, { 4, "r" }, { 0, "v", 1, "id" }, { 1, "b", 1, "flag" }, { 2, "v", "pos", "x" }, { 3, "v", "pos", "y" },
    { 2, "q", 1, "speed" }, { 4, "v", 5, missing and "nope" or "name" },
  })
  if not bind(c, P, false, false, t3, false) then return "not bound" end
  local data = string.pack("<I4Bdds4", 7, 1, 3.0, 4.0, "abc") .. string.pack("<I4Bdds4", 8, 2, -1.5, 0.0, "")
  local out, p = {}, 1
  for _ = 1, 2 do
    local first, last
    first, last, p = fill(data, p)
    out[#out + 1] = table.concat({ first, last, c.id, tostring(c.flag), P.pos.x, P.pos.y, c.speed, t3.name }, " ")
  end
  return table.concat(out, "\\n") .. "\\n" .. p
end)
priv.register("bad_dests", function(s)
  local ok, err = pcall(priv.unpacker, "<I4dB", load("return " .. s)())
  return tostring(ok) .. " " .. tostring(err)
end)
priv.register("one", function(s)
  local fmt, at, rest = unpack("<s4I4", s)
  local data = string.sub(s, rest)
  return show(priv.unpacker(fmt)(data, at))
end)
`;

function request(fmt: string, at: number, data: Uint8Array): Uint8Array {
  const f = new TextEncoder().encode(fmt);
  const out = new Uint8Array(4 + f.length + 4 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, f.length, true);
  out.set(f, 4);
  view.setUint32(4 + f.length, at, true);
  out.set(data, 8 + f.length);
  return out;
}

function bytes(...parts: [string, number | bigint | string][]): Uint8Array {
  const out: number[] = [];
  for (const [kind, v] of parts) {
    const b = new DataView(new ArrayBuffer(8));
    if (kind === "B") out.push(v as number);
    else if (kind === "I4") {
      (b.setUint32(0, v as number, true), out.push(...new Uint8Array(b.buffer, 0, 4)));
    } else if (kind === "i8") {
      (b.setBigInt64(0, v as bigint, true), out.push(...new Uint8Array(b.buffer)));
    } else if (kind === "d") {
      (b.setFloat64(0, v as number, true), out.push(...new Uint8Array(b.buffer)));
    } else {
      const s = new TextEncoder().encode(v as string);
      out.push(...bytes(["I4", s.length]), ...s);
    }
  }
  return new Uint8Array(out);
}

function withVm(body: (call: (fn: string, req: Uint8Array) => string) => void) {
  return withRegistered(CHUNK, "=unpack_test", body);
}

Deno.test("an unpacker reads what string.unpack reads, from any position", () =>
  withVm((call) => {
    const data = bytes(
      ["B", 7],
      ["B", 255],
      ["I4", 4294967295],
      ["i8", -5n],
      ["d", 1.5],
      ["s4", "hé"],
      ["s4", ""],
      ["d", -0.25],
    );
    const fmt = "<BBI4i8ds4s4d";
    const [mine, lib] = call("both", request(fmt, 1, data)).split("\n");
    assertEquals(mine, lib);
    assertEquals(mine?.endsWith(`${data.length + 1} integer`), true);
    const later = request("I4i8", 3, data);
    const [m2, l2] = call("both", later).split("\n");
    assertEquals(m2, l2);
  }));

Deno.test("item n reads a double as math.tointeger(v) or v does", () =>
  withVm((call) => {
    const values = [3, -0, 3.5, NaN, Infinity, 2 ** 53, 2 ** 63, -(2 ** 63), 1e300];
    const data = bytes(...values.map((v): [string, number] => ["d", v]));
    const got = call("one", request("n".repeat(values.length), 1, data)).split(", ");
    assertMatch(got[3]!, /nan float$/);
    got[3] = "nan float";
    assertEquals(got.slice(0, -1), [
      "3 integer",
      "0 integer",
      "3.5 float",
      "nan float",
      "inf float",
      "9007199254740992 integer",
      "9.2233720368547758e+18 float",
      "-9223372036854775808 integer",
      "1.0000000000000001e+300 float",
    ]);
  }));

Deno.test("an unpacker refuses data too short, a bad position and formats it cannot read", () =>
  withVm((call) => {
    const fails = (fmt: string, at: number, data: Uint8Array, message: string) =>
      assertThrows(() => call("one", request(fmt, at, data)), LuaRunError, message);
    fails("d", 1, bytes(["I4", 1]), "data string too short");
    fails("s4", 1, bytes(["I4", 10], ["B", 1]), "data string too short");
    fails("s4d", 1, bytes(["s4", "abc"], ["I4", 1]), "data string too short");
    fails("B", 3, bytes(["B", 1]), "initial position out of string");
    fails("B", 0, bytes(["B", 1]), "initial position out of string");
    fails("I2", 1, bytes(["I4", 1]), "format item 'I' is not one it reads");
    fails("x", 1, bytes(["I4", 1]), "format item 'x' is not one it reads");
  }));

Deno.test("a filler writes each value where its destination says, once bound", () =>
  withVm((call) => {
    const text = (s: string) => new TextEncoder().encode(s);
    assertEquals(call("fill", text("")).split("\n"), [
      "7 abc 7 true 3.0 4.0 25.0 abc",
      "8  8 false -1.5 0.0 2.25 ",
      String(1 + 2 * (4 + 1 + 8 + 8 + 4) + 3), // after both records ("abc" has three bytes)
    ]);
    assertEquals(call("fill", text("missing")), "not bound");
    const refused = (dests: string, message: string) =>
      assertMatch(call("bad_dests", text(dests)), new RegExp(`^false .*${message}`));
    refused(`{ { 0, "x", 1, "id" } }`, "unknown destination kind");
    refused(`{ { 3, "v", 1, "id" } }`, "a destination takes no value");
    refused(`{ { 1, "q", 1, "speed" } }`, "a sum of squares takes two d items");
    refused(`{ { 1, "b", 1, "flag" } }`, "a boolean takes a B item");
    refused(`{ { 0, "v", 1, "id" }, { 1, "r" } }`, "returned values come first, in order");
    refused(`{ { 1, "r" }, { 0, "r" } }`, "returned values come first, in order");
  }));
