import { assert, assertEquals } from "@std/assert";
import { LimitCells } from "./limit_cells.ts";
import { LUA_OK, RawHelpers } from "./raw_api.ts";
import { loadLuaModule } from "./wasm_module.ts";

Deno.test("cells keep their numbers when they move into wasm memory and back", async () => {
  const m = await loadLuaModule();
  const cells = new LimitCells();
  Object.assign(cells, { used: 12.5, memoryUsed: 300, maxBytes: 4096 });
  cells.capped = true;
  cells.limitRaised = true;
  const ptr = m._mg_limits_new();
  cells.attach(m, ptr);
  assertEquals([cells.used, cells.memoryUsed, cells.maxBytes], [12.5, 300, 4096]);
  assertEquals([cells.capped, cells.memoryHit, cells.limitRaised, cells.stopSeen], [
    true,
    false,
    true,
    false,
  ]);
  assertEquals(m.HEAPF64[ptr >>> 3], 12.5, "used is MgLimits' first field");
  cells.detach();
  m._free(ptr);
  cells.used = 1;
  assertEquals([cells.used, cells.maxBytes, cells.capped], [1, 4096, true]);
});

Deno.test("the C allocator counts, charges and caps through the cells JS reads", async () => {
  const m = await loadLuaModule();
  const h = new RawHelpers(m);
  const cells = new LimitCells();
  const ptr = m._mg_limits_new();
  cells.attach(m, ptr);
  let refused = 0;
  const refusedPtr = m.addFunction(() => void refused++, "v");
  cells.setPointers({ refused: refusedPtr });
  cells.maxBytes = 512 * 1024; // below what the uncapped run allocates
  const L = m._lua_newstate(m._mg_allocator(), ptr);
  try {
    m._luaL_openlibs(L);
    assert(cells.memoryUsed > 10_000, `a state with its libraries holds ${cells.memoryUsed} bytes`);
    assert(cells.used > 0, "allocations are charged to the budget");
    const run = (src: string) => {
      let st = h.loadString(L, src, "=t");
      if (st === LUA_OK) st = m._lua_pcallk(L, 0, 0, 0, 0, 0);
      m._lua_settop(L, 0);
      return st;
    };
    cells.used = 0;
    assertEquals(run(`big = string.rep("x", 1024 * 1024)`), LUA_OK, "uncapped: no limit");
    assertEquals([refused, cells.memoryHit], [0, false]);
    const charged = cells.used;
    assert(charged >= 1024 * 1024 / 64 && charged < 4 * 1024 * 1024 / 64, `charged ${charged}`);
    cells.capped = true;
    cells.maxBytes = cells.memoryUsed + 2 * 1024 * 1024;
    assert(run(`local t = {} for i = 1, 8 do t[i] = string.rep("y", 1024 * 1024) end`) !== LUA_OK);
    assertEquals([refused > 0, cells.memoryHit], [true, true]);
    assert(cells.memoryUsed <= cells.maxBytes, "the cap held");
    cells.capped = false;
  } finally {
    m._lua_close(L);
    cells.detach();
    m._free(ptr);
    m.removeFunction(refusedPtr);
    h.dispose();
  }
  assertEquals(cells.memoryUsed, 0, "closing the state freed every byte it held");
});
