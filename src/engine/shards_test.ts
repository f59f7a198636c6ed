import { assert, assertEquals } from "@std/assert";
import { chunkRanges, CHUNKS_PER_STATE, MAX_CHUNK, MIN_CHUNK } from "./shards.ts";

function sizes(count: number, states: number, chunk?: number): number[] {
  const ranges = chunkRanges(count, states, chunk);
  // The ranges tile the plan in order.
  assertEquals(ranges[0]?.from, 0);
  assertEquals(ranges.at(-1)?.to, count);
  ranges.forEach((r, k) => k > 0 && assertEquals(r.from, ranges[k - 1]!.to));
  return ranges.map((r) => r.to - r.from);
}

Deno.test("chunkRanges cuts a frame into requests per state within the chunk bounds", () => {
  assertEquals(sizes(2000, 2), Array(2 * CHUNKS_PER_STATE).fill(2000 / (2 * CHUNKS_PER_STATE)));
  assertEquals(sizes(2000, 1), Array(CHUNKS_PER_STATE).fill(2000 / CHUNKS_PER_STATE));
  // Large frames: requests of at most MAX_CHUNK, balanced.
  const big = sizes(10_000, 2);
  assert(big.every((n) => n <= MAX_CHUNK && n >= 999), `${big}`);
  assertEquals(big.length, 10);
  // Small frames: no request under MIN_CHUNK while a state has more...
  assertEquals(sizes(400, 2), [133, 133, 134]);
  assert(sizes(400, 2).every((n) => n >= MIN_CHUNK));
  // ...but every state still gets one.
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
