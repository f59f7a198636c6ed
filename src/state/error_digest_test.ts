import { assertEquals } from "@std/assert";
import {
  ErrorDigest,
  formatErrorSummary,
  MAX_DISTINCT_ERRORS,
  OVERLAY_FADE_FRAMES,
  OVERLAY_LIMIT,
} from "./error_digest.ts";

const BOOM = "main.lua:4: boom\nstack traceback:\n\tmain.lua:4: in function <main.lua:3>";

Deno.test("errors fold by message, counting repeats from any callback or entity", () => {
  const digest = new ErrorDigest();
  for (let frame = 10; frame < 15; frame++) {
    digest.add({ frame, callback: "on_update_level", message: BOOM });
  }
  digest.add({ frame: 12, callback: "on_hit", message: "main.lua:4: boom" });
  digest.add({ frame: 13, callback: "on_hit", message: "main.lua:9: other" });
  assertEquals(digest.total, 7);
  assertEquals(digest.entries, [
    {
      message: "main.lua:4: boom",
      where: "main.lua:4",
      callback: "on_update_level",
      firstFrame: 10,
      lastFrame: 12,
      count: 6,
    },
    {
      message: "main.lua:9: other",
      where: "main.lua:9",
      callback: "on_hit",
      firstFrame: 13,
      lastFrame: 13,
      count: 1,
    },
  ]);
});

Deno.test("the overlay lists the newest distinct errors first, with their counts", () => {
  const digest = new ErrorDigest();
  digest.add({ frame: 1, callback: "a", message: "main.lua:1: one" });
  digest.add({ frame: 2, callback: "b", message: "main.lua:2: two" });
  digest.add({ frame: 3, callback: "a", message: "main.lua:1: one" });
  assertEquals(digest.overlay(3), [
    { text: "[2x] main.lua:1: one", message: "main.lua:1: one", count: 2, lastFrame: 3 },
    { text: "main.lua:2: two", message: "main.lua:2: two", count: 1, lastFrame: 2 },
  ]);
});

Deno.test("the overlay keeps at most OVERLAY_LIMIT errors and drops those that stopped", () => {
  const digest = new ErrorDigest();
  for (let i = 0; i < OVERLAY_LIMIT + 3; i++) {
    digest.add({ frame: i, callback: "cb", message: `main.lua:${i}: e${i}` });
  }
  const shown = digest.overlay(OVERLAY_LIMIT + 3);
  assertEquals(shown.length, OVERLAY_LIMIT);
  assertEquals(shown[0]?.message, `main.lua:${OVERLAY_LIMIT + 2}: e${OVERLAY_LIMIT + 2}`);
  // Frame 7 is the newest; it fades once OVERLAY_FADE_FRAMES frames have passed without it.
  const last = OVERLAY_LIMIT + 2;
  assertEquals(digest.overlay(last + OVERLAY_FADE_FRAMES).length, 1);
  assertEquals(digest.overlay(last + OVERLAY_FADE_FRAMES + 1), []);
  // It comes back when it happens again.
  digest.add({ frame: 1000, callback: "cb", message: "main.lua:0: e0" });
  assertEquals(digest.overlay(1000).map((e) => e.text), ["[2x] main.lua:0: e0"]);
});

Deno.test("the summary lists each distinct error once with its count, first frame and callback", () => {
  const digest = new ErrorDigest();
  assertEquals(formatErrorSummary(digest), "");
  for (let frame = 0; frame < 240; frame++) {
    digest.add({ frame, callback: "on_update_menu", message: BOOM });
  }
  digest.add({ frame: 7, callback: "load_texture", message: "main.lua:2: load_texture: gone" });
  assertEquals(
    formatErrorSummary(digest),
    [
      "241 errors during the run (2 distinct):",
      "  main.lua:4: boom",
      "    240 times, first at frame 0 in on_update_menu",
      "  main.lua:2: load_texture: gone",
      "    1 time, first at frame 7 in load_texture",
    ].join("\n"),
  );
});

Deno.test("past MAX_DISTINCT_ERRORS messages, new ones are only counted", () => {
  const digest = new ErrorDigest();
  for (let i = 0; i < MAX_DISTINCT_ERRORS + 2; i++) {
    digest.add({ frame: i, callback: "cb", message: `boom at entity ${i}` });
  }
  digest.add({ frame: 999, callback: "cb", message: "boom at entity 0" });
  assertEquals(digest.entries.length, MAX_DISTINCT_ERRORS);
  assertEquals(digest.entries[0]?.count, 2);
  assertEquals(digest.untracked, 2);
  assertEquals(digest.total, MAX_DISTINCT_ERRORS + 3);
  assertEquals(
    formatErrorSummary(digest).split("\n").at(-1),
    "  ... and 2 more errors with other messages",
  );
});
