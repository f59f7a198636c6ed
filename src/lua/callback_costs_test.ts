import { assertEquals, assertGreater } from "@std/assert";
import { CallbackCosts, hookCountOffset } from "./callback_costs.ts";
import { LUA_MASKCOUNT } from "./raw_api.ts";
import { loadLuaModule } from "./wasm_module.ts";

const m = await loadLuaModule();

Deno.test("the hook counter of a state is found, and counts the instructions since the hook was set", () => {
  const L = m._luaL_newstate();
  const hook = m.addFunction(() => {}, "vii");
  try {
    const setCount = (n: number) => m._lua_sethook(L, hook, LUA_MASKCOUNT, n);
    const at = hookCountOffset(m, L, setCount);
    assertGreater(at, 0);
    const costs = new CallbackCosts(m, L, setCount);
    assertEquals(costs.exact, true);
    setCount(1000);
    assertEquals(costs.sinceHook(L), 0);
    // A loop of 100 turns: two instructions a turn, and a few around it.
    const src = new TextEncoder().encode("local s = 0 for i = 1, 100 do s = s + i end");
    const buf = m._malloc(src.length);
    m.HEAPU8.set(src, buf);
    m._luaL_loadbufferx(L, buf, src.length, 0, 0);
    m._free(buf);
    m._lua_pcallk(L, 0, 0, 0, 0, 0);
    const ran = costs.sinceHook(L);
    assertGreater(ran, 200);
    assertEquals(ran < 220, true, `${ran} instructions`);
    costs.begin();
    costs.count(L, 0, 5000, true);
    costs.countFailure();
    assertEquals(costs.end() >= 0, true);
    assertEquals([costs.instructions, costs.errors], [5000 + ran, 2]);
  } finally {
    m._lua_close(L);
    m.removeFunction(hook);
  }
});

Deno.test("without the hook counter (a count that sets nothing), only hook-booked instructions count", () => {
  const L = m._luaL_newstate();
  try {
    assertEquals(hookCountOffset(m, L, () => {}), -1);
    const costs = new CallbackCosts(m, L, () => {});
    assertEquals([costs.exact, costs.sinceHook(L)], [false, 0]);
  } finally {
    m._lua_close(L);
  }
});
