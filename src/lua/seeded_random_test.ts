// priv.seeded_random and priv.set_seed (tools/lua_wasm/seeded_random.c), with the unpackers' S
// items (fixed_unpack.c) that hand a callback's seed words to math.random.
import { assertEquals, assertThrows } from "@std/assert";
import { LuaRunError } from "./vm.ts";
import { withRegistered } from "./_test_helpers.ts";

// Each function draws with the library's own random and randomseed (`lib_draws`) or the seeded
// ones, and returns the draws as text.
const CHUNK = `
local priv = ...
local lib_random, lib_randomseed = math.random, math.randomseed
local random, randomseed = priv.seeded_random(lib_random, lib_randomseed)
local head = priv.unpacker("<I4SS")
local function draws(f, n)
  local out = {}
  for i = 1, n do out[i] = string.format("%d", f(1, 1 << 40)) end
  return table.concat(out, " ")
end
local function seeds(s) return string.unpack("<I4I4", s) end
-- The sequence math.randomseed(a, b) starts.
priv.register("lib_draws", function(s)
  lib_randomseed(seeds(s))
  return draws(lib_random, 4)
end)
-- A callback's head read with S items: only the index and the position come back; the draws that
-- follow start from the seed words.
priv.register("head_draws", function(s)
  local index, p, extra = head(string.pack("<I4", 9) .. s, 1)
  assert(index == 9 and p == 13 and extra == nil, "head returned " .. tostring(index) .. " " .. tostring(p))
  return draws(random, 2) .. " " .. draws(random, 2)
end)
-- The game's own randomseed wins over the pending seed, until the next head.
priv.register("game_seeds", function(s)
  head(string.pack("<I4", 1) .. s, 1)
  randomseed(42)
  local game = draws(random, 2)
  head(string.pack("<I4", 1) .. s, 1)
  return game .. "|" .. draws(random, 2)
end)
priv.register("set_seed_draws", function(s)
  priv.set_seed(seeds(s))
  return draws(random, 4)
end)
priv.register("bad", function(s)
  local what = string.unpack("<s4", s)
  if what == "one S" then priv.unpacker("<I4S") end
  if what == "set_seed range" then priv.set_seed(-1, 0) end
  if what == "set_seed wide" then priv.set_seed(0, 1 << 32) end
  if what == "other functions" then priv.seeded_random(print, lib_randomseed) end
  return "fine"
end)
`;

function withVm(body: (call: (fn: string, req: Uint8Array) => string) => void) {
  return withRegistered(CHUNK, "=seeded_random_test", body);
}

function words(a: number, b: number): Uint8Array {
  const out = new DataView(new ArrayBuffer(8));
  out.setUint32(0, a, true);
  out.setUint32(4, b, true);
  return new Uint8Array(out.buffer);
}

function text(s: string): Uint8Array {
  const b = new TextEncoder().encode(s);
  const out = new Uint8Array(4 + b.length);
  new DataView(out.buffer).setUint32(0, b.length, true);
  out.set(b, 4);
  return out;
}

Deno.test("a seed read by an unpacker starts the sequence math.randomseed(a, b) starts", () =>
  withVm((call) => {
    for (const [a, b] of [[0, 0], [1, 2], [4294967295, 4294967295], [123456789, 7]] as const) {
      const expected = call("lib_draws", words(a, b));
      assertEquals(call("head_draws", words(a, b)), expected, `seed ${a}, ${b}`);
      assertEquals(call("set_seed_draws", words(a, b)), expected, `set_seed ${a}, ${b}`);
    }
    // Other seeds, other sequences.
    assertEquals(call("lib_draws", words(1, 2)) === call("lib_draws", words(2, 1)), false);
  }));

Deno.test("the game's own randomseed replaces the pending seed until the next callback's", () =>
  withVm((call) => {
    const [game, next] = call("game_seeds", words(5, 6)).split("|");
    const seeded42 = call("lib_draws", words(42, 0)).split(" ").slice(0, 2).join(" ");
    assertEquals(game, seeded42);
    assertEquals(next, call("lib_draws", words(5, 6)).split(" ").slice(0, 2).join(" "));
  }));

Deno.test("seeds are two S items of 32-bit words, and seeded_random takes only the library's", () =>
  withVm((call) => {
    const fails = (what: string, message: string) =>
      assertThrows(() => call("bad", text(what)), LuaRunError, message);
    fails("one S", "a seed is two S items");
    fails("set_seed range", "a seed word is 32 bits");
    fails("set_seed wide", "a seed word is 32 bits");
    fails("other functions", "seeded_random: expects math.random and math.randomseed");
    assertEquals(call("bad", text("none")), "fine");
  }));
