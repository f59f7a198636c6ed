import { assertEquals } from "@std/assert";
import { ConsolePrompt } from "./console_prompt.ts";

Deno.test("ConsolePrompt inserts at the caret and edits around it", () => {
  const p = new ConsolePrompt();
  p.insert("set r_fv 90");
  for (let i = 0; i < 4; i++) p.edit("arrow_left");
  p.insert("o");
  assertEquals([p.text, p.caret], ["set r_fov 90", 8]);
  p.edit("backspace");
  p.edit("backspace");
  assertEquals(p.text, "set r_v 90");
  p.edit("home");
  p.edit("delete");
  p.edit("backspace"); // nothing before the caret
  assertEquals([p.text, p.caret], ["et r_v 90", 0]);
  p.edit("end");
  p.edit("arrow_right"); // already at the end
  assertEquals(p.caret, 9);
  assertEquals(p.edit("tab"), false);
});

Deno.test("ConsolePrompt edits by character, not UTF-16 unit", () => {
  const p = new ConsolePrompt();
  p.insert("a😀b");
  p.edit("arrow_left");
  p.edit("backspace");
  assertEquals(p.text, "ab");
});

Deno.test("ConsolePrompt submit clears, skips blank lines, and recalls history", () => {
  const p = new ConsolePrompt();
  p.insert("   ");
  assertEquals(p.submit(), "");
  p.insert("list");
  assertEquals(p.submit(), "list");
  p.insert("get r_fov");
  p.submit();
  assertEquals(p.text, "");
  p.edit("arrow_up");
  assertEquals(p.text, "get r_fov");
  p.edit("arrow_up");
  assertEquals(p.text, "list");
  p.edit("arrow_up"); // no older line: unchanged
  assertEquals(p.text, "list");
  p.edit("arrow_down");
  p.edit("arrow_down");
  assertEquals(p.text, "");
});

Deno.test("ConsolePrompt keeps at most maxHistory lines", () => {
  const p = new ConsolePrompt(2);
  for (const line of ["a", "b", "c"]) {
    p.insert(line);
    p.submit();
  }
  p.edit("arrow_up");
  p.edit("arrow_up");
  p.edit("arrow_up");
  assertEquals(p.text, "b");
});
