import { assert, assertEquals, assertThrows } from "@std/assert";
import { asRawModule, LUA_REGISTRYINDEX, luaUpvalueIndex, RAW_EXPORTS } from "./raw_api.ts";

Deno.test("asRawModule calls the wasm exports directly, and keeps the module's memory views", () => {
  const wrapper = () => 0;
  const module: Record<string, unknown> = Object.fromEntries(RAW_EXPORTS.map((n) => [n, wrapper]));
  module.HEAPU8 = new Uint8Array(4);
  const direct = () => 1;
  const raw = asRawModule(module, { lua_gettop: direct, lua_pcallk: direct, unrelated: direct });
  assertEquals(raw._lua_pcallk, direct, "an export replaces the module's wrapper");
  assertEquals(raw._malloc, wrapper, "functions without an export stay the module's");
  assert(!("_unrelated" in raw), "exports the module does not name are left out");
  // Memory views are read through to the module, which replaces them when memory grows.
  module.HEAPU8 = new Uint8Array(8);
  assertEquals(raw.HEAPU8.length, 8);
  assertEquals(asRawModule(module)._lua_pcallk, wrapper, "without exports: the module itself");
  assertThrows(() => asRawModule({}), TypeError, "lacks the raw functions");
});

Deno.test("luaUpvalueIndex gives Lua's pseudo-indices", () => {
  assertEquals([1, 2, 3].map(luaUpvalueIndex), [1, 2, 3].map((i) => LUA_REGISTRYINDEX - i));
});
