import { assertEquals } from "@std/assert";
import { cursorTo, sgr } from "./ansi.ts";

Deno.test("cursorTo is 1-based row;column", () => {
  assertEquals(cursorTo(2, 7), "\x1b[2;7H");
});

Deno.test("sgr sets truecolor fg, bg, both or nothing", () => {
  assertEquals(sgr(0x010203, undefined), "\x1b[38;2;1;2;3m");
  assertEquals(sgr(undefined, 0xff8000), "\x1b[48;2;255;128;0m");
  assertEquals(sgr(0, 0xffffff), "\x1b[38;2;0;0;0;48;2;255;255;255m");
  assertEquals(sgr(undefined, undefined), "");
});
