import { assertEquals, assertThrows } from "@std/assert";
import { LuaRunError } from "./errors.ts";
import { GuardedState } from "./guarded_state.ts";
import { Limits } from "./limits.ts";
import { loadLuaModule } from "./wasm_module.ts";

Deno.test("a JS exception out of deep C frames breaks the state but puts the C stack back", async () => {
  const m = await loadLuaModule();
  const before = m._stackSave();
  for (let round = 0; round < 3; round++) {
    const s = new GuardedState(m, new Limits());
    // Not a native (natives turn JS errors into Lua errors): a raw C function that throws.
    const boom = s.addFunction(() => {
      throw new RangeError("boom");
    }, "ii");
    const err = assertThrows(() =>
      s.enter(() => {
        s.load(
          "local boom = ... local function g(d) if d == 0 then boom() end " +
            "return (string.gsub('a', 'a', function() return g(d - 1) end)) end g(100)",
          "=deep",
        );
        m._lua_pushcclosure(s.L, boom, 0);
        return s.pcall(1, 0, 0);
      }), LuaRunError);
    assertEquals(err.message, "Lua VM broken by boom");
    assertEquals(m._stackSave(), before, `round ${round}: the C stack pointer is back`);
    s.close();
  }
});
