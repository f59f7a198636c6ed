import { assertEquals } from "@std/assert";
import { DEFAULT_HOLD_TIMING, HoldTracker } from "./key_hold.ts";

Deno.test("HoldTracker: a single press is held until the first-repeat timeout", () => {
  const hold = new HoldTracker();
  assertEquals(hold.hit("space", 1000), true);
  assertEquals(hold.due(1000 + DEFAULT_HOLD_TIMING.firstRepeatMs - 1), []);
  assertEquals(hold.held, ["space"]);
  assertEquals(hold.due(1000 + DEFAULT_HOLD_TIMING.firstRepeatMs), ["space"]);
  assertEquals(hold.held, []);
});

Deno.test("HoldTracker: OS repeats keep the key held, release comes repeatGapMs after the last", () => {
  const hold = new HoldTracker({ firstRepeatMs: 550, repeatGapMs: 150 });
  hold.hit("arrow_left", 0);
  // OS pattern: first repeat after 500 ms, then every 33 ms.
  for (let t = 500; t <= 2000; t += 33) {
    assertEquals(hold.due(t), []);
    assertEquals(hold.hit("arrow_left", t), false);
  }
  const last = 500 + 33 * Math.floor(1500 / 33);
  assertEquals(hold.due(last + 149), []);
  assertEquals(hold.due(last + 150), ["arrow_left"]);
});

Deno.test("HoldTracker: a press after the release is a new press", () => {
  const hold = new HoldTracker({ firstRepeatMs: 100, repeatGapMs: 50 });
  hold.hit("a", 0);
  assertEquals(hold.due(100), ["a"]);
  assertEquals(hold.hit("a", 120), true);
});

Deno.test("HoldTracker: keys lapse independently and releaseAll empties", () => {
  const hold = new HoldTracker({ firstRepeatMs: 100, repeatGapMs: 50 });
  hold.hit("a", 0);
  hold.hit("b", 60);
  assertEquals(hold.due(120), ["a"]);
  hold.hit("c", 130);
  assertEquals(hold.releaseAll(), ["b", "c"]);
  assertEquals(hold.due(10_000), []);
});
