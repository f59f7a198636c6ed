import { assertEquals, assertThrows } from "@std/assert";
import { RateLimiter } from "./rate_limit.ts";

Deno.test("RateLimiter allows a burst, then refills at the rate and no further", () => {
  let now = 1000;
  const limit = new RateLimiter({ perSecond: 10, burst: 5, now: () => now });
  const takes = (n: number) => Array.from({ length: n }, () => limit.take()).filter(Boolean).length;
  assertEquals(takes(8), 5);
  now += 100; // one more event's worth
  assertEquals(takes(3), 1);
  now += 60_000; // a long pause fills the bucket only to the burst
  assertEquals(takes(20), 5);
});

Deno.test("RateLimiter: the burst defaults to the rate; bad settings are refused", () => {
  const limit = new RateLimiter({ perSecond: 3, now: () => 0 });
  assertEquals([limit.take(), limit.take(), limit.take(), limit.take()], [true, true, true, false]);
  assertThrows(() => new RateLimiter({ perSecond: 0 }), RangeError, "perSecond > 0");
  assertThrows(() => new RateLimiter({ perSecond: 5, burst: 0 }), RangeError, "burst >= 1");
});
