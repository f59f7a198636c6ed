import { assertEquals, assertNotEquals } from "@std/assert";
import { callbackSeed } from "./seed.ts";

Deno.test("seeds are stable and differ by every input", () => {
  const base = callbackSeed(1, 10, "on_hit", 5);
  assertEquals(callbackSeed(1, 10, "on_hit", 5), base);
  assertNotEquals(callbackSeed(2, 10, "on_hit", 5), base);
  assertNotEquals(callbackSeed(1, 11, "on_hit", 5), base);
  assertNotEquals(callbackSeed(1, 10, "on_miss", 5), base);
  assertNotEquals(callbackSeed(1, 10, "on_hit", 6), base);
  for (const w of base) assertEquals(w >>> 0, w);
});
