import { assert, assertEquals } from "@std/assert";
import { chunkRanges, LONE_STATE_CHUNKS, MAX_CHUNK, MIN_CHUNK } from "./shards.ts";

function sizes(count: number, states: number, chunk?: number): number[] {
  const ranges = chunkRanges(count, states, chunk);
  // The ranges tile the plan in order.
  assertEquals(ranges[0]?.from, 0);
  assertEquals(ranges.at(-1)?.to, count);
  ranges.forEach((r, k) => k > 0 && assertEquals(r.from, ranges[k - 1]!.to));
  return ranges.map((r) => r.to - r.from);
}

Deno.test("chunkRanges cuts a frame into a request per state, a lone state's into more", () => {
  assertEquals(sizes(2000, 2), [1000, 1000]);
  assertEquals(sizes(2001, 3), [667, 667, 667]);
  assertEquals(sizes(2000, 1), Array(LONE_STATE_CHUNKS).fill(2000 / LONE_STATE_CHUNKS));
  // Large frames: requests of at most MAX_CHUNK, balanced.
  const big = sizes(10_000, 2);
  assert(big.every((n) => n <= MAX_CHUNK && n >= 999), `${big}`);
  assertEquals(big.length, 10);
  assertEquals(sizes(10_000, 1).length, 10);
  // A lone state's frame is not cut into requests under MIN_CHUNK...
  assertEquals(sizes(2 * MIN_CHUNK - 1, 1), [2 * MIN_CHUNK - 1]);
  assertEquals(sizes(2 * MIN_CHUNK, 1), [MIN_CHUNK, MIN_CHUNK]);
  // ...but every state gets one, however small.
  assertEquals(sizes(100, 2), [50, 50]);
  assertEquals(sizes(3, 4), [1, 1, 1]);
});

Deno.test("chunkRanges gives requests of the size asked, Infinity one per state", () => {
  assertEquals(sizes(100, 2, 8).length, 13);
  assert(sizes(100, 2, 8).every((n) => n === 7 || n === 8));
  assertEquals(sizes(100, 2, Infinity), [50, 50]);
  assertEquals(sizes(101, 3, Infinity), [33, 34, 34]);
  assertEquals(sizes(5, 1, 1_000_000), [5]);
});
