// The bindings' tagged-value encoder in C (tools/lua_wasm/tagged_encoder.c) against the Lua one in
// prelude.lua, which states without the runtime use: the same bytes, the same problems.
import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { LUA_PRELUDE } from "../api/lua_prelude.ts";
import { LuaVm } from "./vm.ts";

// `load(prelude)` makes both encoders (the prelude's `tagged`, with the runtime's lib and without);
// `fuzz(seed)` encodes random values with both and returns the first difference, or "same N".
const CHUNK = `
local priv = ...
local c_tagged, lua_tagged
priv.register("load", function(src)
  local make = function(lib) return load(src .. "\\nreturn tagged", "=prelude")({ lib = lib }) end
  c_tagged = make(priv.lib)
  lua_tagged = make({})
  return "loaded"
end)

local seed
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end
local WEIRD_KEYS = { "a", "b", "_x1", "1a", "with space", "", "a\\0b", "a\\0c", "\\255", "\\128x", "Z",
  string.rep("k", 45) }
local NUMBERS = { 0, 1, -1, 2, 7, 0.5, -0.0, 1.5, 2^53 - 1, -(2^53 - 1), 2^53, 2^60, math.maxinteger,
  math.mininteger, 1e300, -1e-300, math.huge, -math.huge, 0/0, 3 }
local function text()
  local n, out = rand(12) - 1, {}
  for i = 1, n do out[i] = string.char(rand(256) - 1) end
  return rand(4) == 1 and WEIRD_KEYS[rand(#WEIRD_KEYS)] or table.concat(out)
end
local gen
gen = function(depth)
  local r = rand(24)
  if r <= 2 then return r == 1 end
  if r <= 8 then return NUMBERS[rand(#NUMBERS)] end
  if r <= 12 then return text() end
  if r == 13 and rand(8) == 1 then return print end
  if r == 14 and rand(4) == 1 then
    -- a chain past the depth limit, or just under it
    local t = {}
    local top = t
    for _ = 1, 30 + rand(5) do local u = {}; t[rand(3)] = u; t = u end
    return top
  end
  local t, n = {}, depth > 4 and 0 or rand(7) - 1
  for _ = 1, n do
    local kr, k = rand(20), nil
    if kr <= 7 then k = rand(9) - 3
    elseif kr <= 9 then k = NUMBERS[rand(#NUMBERS)]
    elseif kr <= 17 then k = text()
    elseif kr == 18 then k = rand(2) == 1
    elseif kr == 19 then k = {}
    else k = rand(1000) + 0.25 end
    if k == k then t[k] = gen(depth + 1) end
  end
  if rand(30) == 1 then t.self = t end
  if rand(40) == 1 and depth > 0 then t.up = t end
  return t
end

local function show(s, e)
  if s then return "bytes " .. string.format("%q", s) end
  return "problem " .. tostring(e)
end
priv.register("fuzz", function(input)
  seed = tonumber(input)
  local count = 0
  for i = 1, 3000 do
    local v = gen(0)
    local c, l = show(c_tagged(v)), show(lua_tagged(v))
    if c ~= l then return "value " .. i .. ":\\n  C:   " .. c .. "\\n  Lua: " .. l end
    if c:sub(1, 7) == "problem" then count = count + 1 end
  end
  return "same " .. count
end)
priv.register("both", function(input)
  local v = load("return " .. input)()
  return show(c_tagged(v)) .. "\\n" .. show(lua_tagged(v))
end)
`;

// The Lua encoder runs under the budget too: a big one for thousands of values a call.
async function withEncoders(body: (call: (fn: string, input: string) => string) => void) {
  const vm = await LuaVm.create({ maxInstructions: 1e10 });
  try {
    vm.loadPrivileged(CHUNK, "=tagged_encoder_test");
    const call = (fn: string, input: string) =>
      new TextDecoder().decode(vm.callBinary(fn, new TextEncoder().encode(input)));
    assertEquals(call("load", LUA_PRELUDE), "loaded");
    body(call);
  } finally {
    vm.close();
  }
}

Deno.test("the C encoder gives the Lua encoder's bytes and problems for random values", async () => {
  await withEncoders((call) => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const out = call("fuzz", String(seed));
      assertMatch(out, /^same \d+$/, out);
      // Both outcomes are exercised: the values that cannot be encoded are a good part.
      const problems = Number(out.slice(5));
      assert(problems > 300 && problems < 2700, out);
    }
  });
});

Deno.test("the C encoder names each problem and the path to it as the Lua one does", async () => {
  await withEncoders((call) => {
    const cases: [string, string][] = [
      ["{ b = 1, a = { 2, 3 }, [1.5] = true }", "bytes"],
      ["{ callbacks = { go = { 0/0 } } }", "field callbacks.go[1] is not a finite number (nan)"],
      ["{ [true] = 1 }", "has a boolean key (only numbers and strings)"],
      ["{ x = { [2^60] = 1 } }", "field x has a key out of range (1152921504606846976)"],
      ["{ ['a b'] = { f = print } }", 'field ["a b"].f is a function (not encodable)'],
      ["(function() local t = {} t.me = { t } return t end)()", "field me[1] contains a cycle"],
      [
        "(function() local t = {} for i = 1, 100001 do t[i] = i end return t end)()",
        "is too large",
      ],
      [
        "(function() local t = { {}, {} } for i = 1, 60000 do t[1][i] = 1 t[2][i] = 2 end return t end)()",
        "is too large",
      ],
      [
        "(function() local t = {} local u = t for _ = 1, 33 do u.n = {} u = u.n end return t end)()",
        "is nested deeper than 32",
      ],
    ];
    for (const [value, expected] of cases) {
      const [c, lua] = call("both", value).split("\n");
      assertEquals(c, lua, value);
      assert(c!.includes(expected), `${value}: ${c}`);
    }
  });
});

Deno.test("the C encoder charges its keys to the instruction budget", async () => {
  // 20,000 keys a call: 320,000 instructions charged, so a budget of a million stops the loop at
  // its fourth call instead of letting it encode a thousand times in C.
  const vm = await LuaVm.create({ maxInstructions: 1_000_000 });
  try {
    vm.loadPrivileged(`
      local priv = ...
      local big = {}
      for i = 1, 20000 do big[i] = i end
      priv.register("loop", function()
        local n = 0
        for _ = 1, 1000 do priv.lib.tagged(big); n = n + 1 end
        return tostring(n)
      end)
    `);
    const t0 = performance.now();
    assertThrows(() => vm.callBinary("loop", new Uint8Array()), Error, "instruction");
    assert(performance.now() - t0 < 2000);
  } finally {
    vm.close();
  }
});
