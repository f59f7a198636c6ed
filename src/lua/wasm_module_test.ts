import { assert, assertEquals, assertRejects } from "@std/assert";
import { LuaWasmLoadError } from "./errors.ts";
import { LUA_ERRRUN, LUA_OK, RawHelpers } from "./raw_api.ts";
import { instantiateLuaWasm, loadLuaModule, LUA_WASM_URL } from "./wasm_module.ts";

Deno.test("one module per thread: loads share it", async () => {
  assert(await loadLuaModule() === await loadLuaModule());
});

Deno.test("memory views follow the memory when it grows", async () => {
  const m = await instantiateLuaWasm(LUA_WASM_URL);
  const before = m.HEAPU8.length;
  const p = m._malloc(before * 2); // more than the whole memory: it must grow
  assert(p !== 0);
  assert(m.HEAPU8.length > before, "HEAPU8 sees the grown memory");
  assertEquals(m.HEAPU32.length * 4, m.HEAPU8.length);
  assertEquals(m.HEAP32.buffer, m.HEAPU8.buffer);
  m.HEAPU8[p + before * 2 - 1] = 7;
  m._free(p);
});

Deno.test("a Lua error raised in a JS native unwinds to the protected call; a JS error passes through Lua", async () => {
  const m = await instantiateLuaWasm(LUA_WASM_URL);
  const h = new RawHelpers(m);
  const L = m._luaL_newstate();
  try {
    const raise = m.addFunction((l: number) => {
      h.pushString(l, "from JS");
      return m._lua_error(l);
    }, "ii");
    m._lua_pushcclosure(L, raise, 0);
    assertEquals(m._lua_pcallk(L, 0, 0, 0, 0, 0), LUA_ERRRUN);
    assertEquals(h.readString(L, -1), "from JS");
    m._lua_settop(L, 0);
    // The state is fine afterwards: a chunk still runs.
    assertEquals(h.loadString(L, "return 6 * 7", "=t"), LUA_OK);
    assertEquals(m._lua_pcallk(L, 0, 1, 0, 0, 0), LUA_OK);
    assertEquals(h.readString(L, -1), "42");
    m._lua_settop(L, 0);
    // A JS exception is not a Lua error: Lua's pcall does not catch it.
    const boom = m.addFunction(() => {
      throw new RangeError("boom");
    }, "ii");
    m._lua_pushcclosure(L, boom, 0);
    let caught: unknown;
    try {
      m._lua_pcallk(L, 0, 0, 0, 0, 0);
    } catch (e) {
      caught = e;
    }
    assert(caught instanceof RangeError, String(caught));
  } finally {
    m._lua_close(L);
    h.dispose();
  }
});

Deno.test("the string hash seed is fixed: pairs order is the same in every state", async () => {
  const order = async () => {
    const m = await instantiateLuaWasm(LUA_WASM_URL);
    m._malloc(12345); // a different heap layout
    const h = new RawHelpers(m);
    const L = m._luaL_newstate();
    const src =
      "local t, s = {}, {} for i = 1, 40 do t['k' .. i] = i end for k in pairs(t) do s[#s + 1] = k end return table.concat(s, ' ')";
    m._luaL_openlibs(L);
    h.loadString(L, src, "=t");
    m._lua_pcallk(L, 0, 1, 0, 0, 0);
    const s = h.readString(L, -1);
    m._lua_close(L);
    return s;
  };
  const first = await order();
  await new Promise((r) => setTimeout(r, 1100)); // Lua's own seed would read the clock
  assertEquals(await order(), first);
});

Deno.test("a missing or broken module is a LuaWasmLoadError naming it", async () => {
  const missing = new URL("./wasm/no_such.wasm", import.meta.url);
  await assertRejects(() => instantiateLuaWasm(missing), LuaWasmLoadError, "no_such.wasm");
  const dir = await Deno.makeTempDir();
  try {
    const bad = new URL(`file://${dir}/bad.wasm`);
    await Deno.writeFile(bad, new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); // an empty module
    await assertRejects(() => instantiateLuaWasm(bad), LuaWasmLoadError, "exports no memory");
    await Deno.writeFile(bad, new TextEncoder().encode("not wasm"));
    await assertRejects(() => instantiateLuaWasm(bad), LuaWasmLoadError, "bad.wasm: ");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
