import { assertEquals } from "@std/assert";
import { tokenize } from "./lua_tokens.ts";

/** The tokens of `src` as `type:value@line`, space-separated. */
const values = (src: string) =>
  tokenize(src).map((t) => `${t.type}:${t.value}@${t.line}`).join(" ");

Deno.test("tokenize skips comments and keeps strings' contents with their lines", () => {
  const src =
    "#!/usr/bin/lua\nlocal s = 'a\\'b' -- engine.nope()\n--[==[ engine.nope()\n]==] x = [[\nline]] .. \"q\"";
  assertEquals(
    values(src),
    "keyword:local@2 name:s@2 symbol:=@2 string:a\\'b@2 " +
      "name:x@4 symbol:=@4 string:line@4 symbol:..@5 string:q@5",
  );
});

Deno.test("tokenize reads numbers, long symbols and keywords", () => {
  assertEquals(
    values("a = 0x1p4 + 1e-3 // 2 ~= .5 ... b::c"),
    "name:a@1 symbol:=@1 number:0x1p4@1 symbol:+@1 number:1e-3@1 symbol://@1 number:2@1 " +
      "symbol:~=@1 number:.5@1 symbol:...@1 name:b@1 symbol:::@1 name:c@1",
  );
});

Deno.test("tokenize never throws on broken code", () => {
  assertEquals(
    values("s = 'open\nx = [[never closed"),
    "name:s@1 symbol:=@1 string:open@1 name:x@2 symbol:=@2 string:never closed@2",
  );
});
