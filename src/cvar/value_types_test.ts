import { assertEquals } from "@std/assert";
import {
  checkCVarValue,
  formatCVarValue,
  MAX_STRING_LENGTH,
  parseCVarText,
} from "./value_types.ts";

Deno.test("bool text accepts true/false/1/0/on/off in any case and refuses the rest", () => {
  for (
    const [text, value] of [["true", true], ["FALSE", false], ["1", true], ["0", false], [
      " On ",
      true,
    ], ["off", false]] as const
  ) {
    assertEquals(parseCVarText("bool", text), { ok: true, value });
  }
  assertEquals(parseCVarText("bool", "maybe"), {
    ok: false,
    error: '"maybe" is not a boolean (use true/false/1/0/on/off)',
  });
  assertEquals(parseCVarText("bool", "yes").ok, false);
});

Deno.test("int text reads decimals, integral floats and exponents, and refuses the rest", () => {
  assertEquals(parseCVarText("int", " -42 "), { ok: true, value: -42 });
  assertEquals(parseCVarText("int", "60.0"), { ok: true, value: 60 });
  assertEquals(parseCVarText("int", "1e3"), { ok: true, value: 1000 });
  assertEquals(parseCVarText("int", "-0"), { ok: true, value: 0 });
  assertEquals(parseCVarText("int", "abc"), { ok: false, error: '"abc" is not a number' });
  assertEquals(parseCVarText("int", "1.5"), { ok: false, error: '"1.5" is not an integer' });
  assertEquals(parseCVarText("int", "1e300"), {
    ok: false,
    error: '"1e300" is outside the safe integer range',
  });
  // Number() would accept these; a CVar should not.
  for (const text of ["", "  ", "0x10", "Infinity", "NaN", "1_000", "12px"]) {
    assertEquals(parseCVarText("int", text).ok, false, text);
  }
});

Deno.test("float text reads decimals and refuses non-numbers and infinities", () => {
  assertEquals(parseCVarText("float", "0.25"), { ok: true, value: 0.25 });
  assertEquals(parseCVarText("float", ".5"), { ok: true, value: 0.5 });
  assertEquals(parseCVarText("float", "+2.5e-1"), { ok: true, value: 0.25 });
  assertEquals(parseCVarText("float", "abc"), { ok: false, error: '"abc" is not a number' });
  assertEquals(parseCVarText("float", "1e999"), {
    ok: false,
    error: '"1e999" is not a finite number',
  });
});

Deno.test("string text is kept as is, up to the length limit", () => {
  assertEquals(parseCVarText("string", "  two words "), { ok: true, value: "  two words " });
  assertEquals(parseCVarText("string", ""), { ok: true, value: "" });
  assertEquals(parseCVarText("string", "x".repeat(MAX_STRING_LENGTH + 1)), {
    ok: false,
    error: `a ${
      MAX_STRING_LENGTH + 1
    }-character string is longer than the limit ${MAX_STRING_LENGTH}`,
  });
});

Deno.test("typed values must already have the CVar's type", () => {
  assertEquals(checkCVarValue("bool", true), { ok: true, value: true });
  assertEquals(checkCVarValue("bool", 1), { ok: false, error: "1 is not a boolean" });
  assertEquals(checkCVarValue("int", "1"), { ok: false, error: '"1" is not a number' });
  assertEquals(checkCVarValue("int", 1.5), { ok: false, error: "1.5 is not an integer" });
  assertEquals(checkCVarValue("float", Infinity), {
    ok: false,
    error: "Infinity is not a finite number",
  });
  assertEquals(checkCVarValue("float", NaN), { ok: false, error: "NaN is not a finite number" });
  assertEquals(checkCVarValue("string", 5), { ok: false, error: "5 is not a string" });
  assertEquals(checkCVarValue("string", "ok"), { ok: true, value: "ok" });
});

Deno.test("canonical formatting: ints plain, floats with .0 when integral, shortest round trip", () => {
  assertEquals(formatCVarValue("bool", false), "false");
  assertEquals(formatCVarValue("int", -7), "-7");
  assertEquals(formatCVarValue("float", 75), "75.0");
  assertEquals(formatCVarValue("float", -0), "0.0");
  assertEquals(formatCVarValue("float", 0.1), "0.1");
  assertEquals(formatCVarValue("float", 1 / 3), "0.3333333333333333");
  assertEquals(formatCVarValue("float", 1e21), "1e+21");
  assertEquals(formatCVarValue("string", "a b"), "a b");
  // Every canonical float reads back to the same number.
  for (const n of [75, 0.1, 1 / 3, 1e21, -2.5e-8]) {
    assertEquals(parseCVarText("float", formatCVarValue("float", n)), { ok: true, value: n });
  }
});
