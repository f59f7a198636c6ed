import { assertEquals, assertThrows } from "@std/assert";
import { ConsoleHistory } from "./history.ts";

Deno.test("push skips blanks and immediate repeats and keeps the newest lines", () => {
  const h = new ConsoleHistory(3);
  for (const line of ["a", "a", " ", "", "b", "a", "c", "d"]) h.push(line);
  // Stored a, b, a, c, d; the limit keeps the newest three.
  assertEquals(h.lines, ["a", "c", "d"]);
});

Deno.test("previous and next walk the history and return the draft", () => {
  const h = new ConsoleHistory(10);
  h.push("one");
  h.push("two");
  h.push("three");
  assertEquals(h.previous("typing"), "three");
  assertEquals(h.previous("ignored once recalling"), "two");
  assertEquals(h.previous(), "one");
  assertEquals(h.previous(), "one"); // stays at the oldest
  assertEquals(h.next(), "two");
  assertEquals(h.next(), "three");
  assertEquals(h.next(), "typing");
  assertEquals(h.next(), "typing"); // stays at the draft
  h.push("four"); // ends recall
  assertEquals(h.previous(""), "four");
});

Deno.test("empty history returns what is being typed", () => {
  const h = new ConsoleHistory(10);
  assertEquals(h.previous("x"), "x");
  assertEquals(h.next(), "x");
});

Deno.test("size 0 keeps nothing, shrinking drops the oldest, bad sizes are refused", () => {
  const none = new ConsoleHistory(0);
  none.push("a");
  assertEquals(none.lines, []);
  const h = new ConsoleHistory(5);
  for (const line of ["a", "b", "c", "d"]) h.push(line);
  h.capacity = 2;
  assertEquals(h.lines, ["c", "d"]);
  assertEquals(h.previous(), "d");
  assertThrows(
    () => new ConsoleHistory(-1),
    RangeError,
    "History size must be a non-negative integer, got -1",
  );
  assertThrows(() => (h.capacity = 1.5), RangeError);
});
