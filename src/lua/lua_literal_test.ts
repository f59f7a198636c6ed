import { assertEquals } from "@std/assert";
import { luaString } from "./lua_literal.ts";

Deno.test("luaString escapes quotes, backslashes and control characters", () => {
  assertEquals(luaString(""), '""');
  assertEquals(luaString('a"b\\c'), '"a\\"b\\\\c"');
  assertEquals(luaString("x\ny"), '"x\\ny"');
  assertEquals(luaString("\x001"), '"\\0001"', "a digit after NUL stays a digit");
  assertEquals(luaString("\r\t\x7f"), '"\\013\\009\\127"');
  assertEquals(luaString("héllo ✓"), '"héllo ✓"');
});
