import { assertEquals } from "@std/assert";
import { outline } from "./lua_outline.ts";
import { tokenize } from "./lua_tokens.ts";

Deno.test("outline finds top-level global functions and how deep each token is", () => {
  const src = [
    "local function helper() return function() end end",
    "function on_setup()",
    "  if true then for i = 1, 2 do end end",
    "  repeat local x = 1 until x",
    "end",
    "on_tick = function(ctx) end",
    "local t = { on_field = function() end }",
    "function M.method() end",
    "count = 0",
    "for i = 1, 2 do end",
  ].join("\n");
  const o = outline(tokenize(src));
  assertEquals(o.globals.map((g) => [g.name, g.line]), [["on_setup", 2], ["on_tick", 6]]);
  assertEquals(o.assigned.map((a) => a.name), ["on_setup", "on_tick", "count"]);
  const at = (line: number) => o.tokens.findIndex((t) => t.line === line);
  assertEquals(o.depth[at(3)], 1); // inside on_setup
  assertEquals(o.depth[at(6)], 0); // `on_tick` itself is at the top level
  assertEquals(o.depth[at(9)], 0);
  const setup = o.globals[0]!;
  assertEquals([o.tokens[setup.start]!.value, o.tokens[setup.end]!.line], ["function", 5]);
});

Deno.test("outline still lists a function the file ends inside of", () => {
  const o = outline(tokenize("function on_setup()\n  engine.log('x')"));
  assertEquals(o.globals.map((g) => [g.name, g.end]), [["on_setup", o.tokens.length - 1]]);
});
