import { assertEquals } from "@std/assert";
import { Cutters } from "./cutters.ts";

// How many batches `callback` ends before it is batched again.
function probation(cutters: Cutters, callback: string): number {
  let n = 0;
  while (cutters.has(callback)) (cutters.ended(callback), n++);
  return n;
}

Deno.test("Cutters: a callback ends batches for a probation that doubles with each cut", () => {
  const cutters = new Cutters();
  assertEquals(cutters.has("hit"), false);
  cutters.ended("hit"); // not on probation: nothing to count
  cutters.cut("hit");
  assertEquals(probation(cutters, "hit"), 32);
  cutters.cut("hit");
  assertEquals(probation(cutters, "hit"), 64);
  // A cut while on probation starts the next, longer one.
  cutters.cut("hit");
  cutters.ended("hit");
  cutters.cut("hit");
  assertEquals(probation(cutters, "hit"), 256);
  for (let i = 0; i < 10; i++) cutters.cut("hit");
  assertEquals(probation(cutters, "hit"), 4096);
  assertEquals(cutters.has("other"), false);
});
