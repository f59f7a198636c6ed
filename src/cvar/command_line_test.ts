import { assertEquals, assertThrows } from "@std/assert";
import { ConsoleSyntaxError, readQuoted, readValue, splitWord } from "./command_line.ts";

Deno.test("splitWord splits at blanks or an opening parenthesis", () => {
  assertEquals(splitWord("  set   r_fov 90 "), ["set", "r_fov 90"]);
  assertEquals(splitWord("help"), ["help", ""]);
  assertEquals(splitWord("   "), ["", ""]);
  assertEquals(splitWord('exec("x")'), ["exec", '("x")']);
  assertEquals(splitWord("exec\tprint(1)"), ["exec", "print(1)"]);
});

Deno.test("readValue keeps bare text with its inner spaces", () => {
  assertEquals(readValue("  Grace  Hopper "), "Grace  Hopper");
  assertEquals(readValue(""), "");
  assertEquals(readValue("it's"), "it's");
});

Deno.test("readValue unquotes both quote kinds with escapes", () => {
  assertEquals(readValue('"two words"'), "two words");
  assertEquals(readValue("'say \"hi\"'"), 'say "hi"');
  assertEquals(readValue('"a\\\\b\\n\\t\\"\\\'"'), "a\\b\n\t\"'");
  assertEquals(readValue('  ""  '), "");
});

Deno.test("readValue reports bad quoting precisely", () => {
  assertEquals(
    assertThrows(() => readValue('"open'), ConsoleSyntaxError).message,
    'Unterminated quote " in: "open',
  );
  assertEquals(
    assertThrows(() => readValue('"a" b'), ConsoleSyntaxError).message,
    "Unexpected text after the closing quote:  b",
  );
  assertEquals(
    assertThrows(() => readValue('"a\\q"'), ConsoleSyntaxError).message,
    "Unknown escape \\q (use \\\\, \\\", \\', \\n or \\t)",
  );
  assertThrows(() => readValue('"a\\'), ConsoleSyntaxError, "Unknown escape");
});

Deno.test("readQuoted returns the end index", () => {
  assertEquals(readQuoted("x 'a b' y", 2), { value: "a b", end: 7 });
});
