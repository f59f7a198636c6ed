import { assertEquals } from "@std/assert";
import { isLuaUnwind, LUA_REGISTRYINDEX, luaUpvalueIndex } from "./raw_api.ts";

Deno.test("luaUpvalueIndex gives Lua's pseudo-indices", () => {
  assertEquals([1, 2, 3].map(luaUpvalueIndex), [1, 2, 3].map((i) => LUA_REGISTRYINDEX - i));
});

Deno.test("isLuaUnwind knows a Lua error from a JS one", () => {
  const tag = new (WebAssembly as unknown as { Tag: new (t: object) => object }).Tag({
    parameters: [],
  });
  const Exception = (WebAssembly as unknown as {
    Exception: new (tag: object, payload: unknown[]) => object;
  }).Exception;
  assertEquals(isLuaUnwind(new Exception(tag, [])), true);
  assertEquals(isLuaUnwind(new Error("x")), false);
  assertEquals(isLuaUnwind(3), false, "the old emulated longjmp threw numbers");
});
