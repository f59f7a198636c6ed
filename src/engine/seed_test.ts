import { assertEquals, assertNotEquals } from "@std/assert";
import { callbackSeed, entitySeed, seedBase } from "./seed.ts";

Deno.test("seeds are stable and differ by every input", () => {
  const base = callbackSeed(1, 10, "on_hit", 5);
  assertEquals(callbackSeed(1, 10, "on_hit", 5), base);
  assertNotEquals(callbackSeed(2, 10, "on_hit", 5), base);
  assertNotEquals(callbackSeed(1, 11, "on_hit", 5), base);
  assertNotEquals(callbackSeed(1, 10, "on_miss", 5), base);
  assertNotEquals(callbackSeed(1, 10, "on_hit", 6), base);
  for (const w of base) assertEquals(w >>> 0, w);
});

Deno.test("seeds keep their values: recorded replays depend on them", () => {
  // Values of the one-call implementation before the per-run split.
  assertEquals(callbackSeed(1, 10, "on_hit", 5), [959366671, 746309070]);
  assertEquals(callbackSeed(42, 7, "tick", 2 ** 40 + 3), [1507903446, 2033527314]);
});

Deno.test("a run's shared base finishes to the same seed as the one-call form", () => {
  const base = seedBase(42, 7, "tick");
  for (const entity of [0, 1, 2, 1000, 2 ** 32 + 1]) {
    assertEquals(entitySeed(base, entity), callbackSeed(42, 7, "tick", entity));
  }
});

Deno.test("run seeds that differ only beyond 32 bits or in sign give different seeds", () => {
  const at = (run: number) => callbackSeed(run, 3, "tick", 1);
  assertNotEquals(at(2 ** 32), at(0));
  assertNotEquals(at(-(2 ** 32)), at(0));
  assertNotEquals(at(-5), at(2 ** 32 - 5));
  assertNotEquals(at(2 ** 40 + 7), at(7));
});
