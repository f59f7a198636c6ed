import { assertEquals } from "@std/assert";
import { LUA_PRELUDE } from "./lua_prelude.ts";
import { MAX_TAGGED_DEPTH } from "./wire.ts";

Deno.test("the Lua encoder in prelude.lua has the codec's depth limit", () => {
  assertEquals(
    /^local MAX_DEPTH <const> = (\d+)$/m.exec(LUA_PRELUDE)?.[1],
    String(MAX_TAGGED_DEPTH),
  );
});
