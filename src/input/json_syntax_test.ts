import { assertEquals } from "@std/assert";
import { findJsonSyntaxError } from "./json_syntax.ts";

Deno.test("valid JSON has no syntax error", () => {
  for (
    const text of ['[{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}]', " 3 ", '""', "{}"]
  ) {
    assertEquals(findJsonSyntaxError(text), undefined, text);
  }
});

Deno.test("errors are located by line and column", () => {
  assertEquals(findJsonSyntaxError('[{"frame": x}]'), {
    line: 1,
    column: 12,
    reason: 'unexpected character "x"',
  });
  assertEquals(findJsonSyntaxError('[\n {"frame": 1}\n {"frame": 2}]'), {
    line: 3,
    column: 2,
    reason: 'unexpected character "{"',
  });
  assertEquals(findJsonSyntaxError('[{"frame": 1,}]')?.column, 14);
  assertEquals(findJsonSyntaxError("[1"), {
    line: 1,
    column: 3,
    reason: "unexpected end of input",
  });
  assertEquals(findJsonSyntaxError('"ab'), { line: 1, column: 4, reason: "unterminated string" });
  assertEquals(findJsonSyntaxError("[1] 2")?.column, 5);
  assertEquals(findJsonSyntaxError("")?.reason, "unexpected end of input");
});
