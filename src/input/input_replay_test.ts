import { assertEquals, assertThrows } from "@std/assert";
import type { InputSnapshot } from "./actions.ts";
import type { InputEvent } from "./events.ts";
import { InputBuilder } from "./input_builder.ts";
import { parseInputLog } from "./input_log.ts";
import { InputRecorder } from "./input_recorder.ts";
import { InputReplayer } from "./input_replayer.ts";

Deno.test("replayer yields each frame's events in file order", () => {
  const replay = new InputReplayer(parseInputLog(`[
    {"frame": 2, "press": ["a"], "release": ["a"], "mouse": [3, 4], "console": "list"},
    {"frame": 0, "press": ["up"]},
    {"frame": 2, "release": ["up"]}
  ]`));
  assertEquals(replay.eventsFor(0), [{ type: "press", name: "up" }]);
  assertEquals(replay.eventsFor(1), []);
  assertEquals(replay.eventsFor(2), [
    { type: "press", name: "a" },
    { type: "release", name: "a" },
    { type: "mouse", x: 3, y: 4 },
    { type: "console", line: "list" },
    { type: "release", name: "up" },
  ]);
  assertEquals(replay.lastFrame, 2);
});

Deno.test("recorder groups events into entries without reordering them", () => {
  const rec = new InputRecorder();
  rec.record(0, { type: "press", name: "up" });
  rec.record(0, { type: "press", name: "space" });
  rec.record(0, { type: "release", name: "up" });
  rec.record(0, { type: "press", name: "up" });
  rec.record(0, { type: "mouse", x: 1, y: 1 });
  rec.record(0, { type: "mouse", x: 2, y: 2 });
  rec.record(5, { type: "console", line: "list" });
  rec.record(5, { type: "console", line: "help" });
  assertEquals(rec.entries(), [
    { frame: 0, press: ["up", "space"], release: ["up"] },
    { frame: 0, press: ["up"], mouse: [1, 1] },
    { frame: 0, mouse: [2, 2] },
    { frame: 5, console: "list" },
    { frame: 5, console: "help" },
  ]);
  assertThrows(
    () => rec.record(4, { type: "press", name: "x" }),
    RangeError,
    "Recorded frame 4 is before frame 5",
  );
});

Deno.test("a recorded reload stands alone before the frame's input, and replays no input", () => {
  const rec = new InputRecorder();
  rec.record(3, { type: "press", name: "up" });
  rec.recordReload(4, { "main.lua": "x = 1", "lib/old.lua": null });
  rec.record(4, { type: "press", name: "down" });
  rec.recordReload(4, {});
  assertEquals(rec.entries(), [
    { frame: 3, press: ["up"] },
    {
      frame: 4,
      reload: ["main.lua", "lib/old.lua"],
      sources: { "main.lua": "x = 1", "lib/old.lua": null },
    },
    { frame: 4, press: ["down"] },
    { frame: 4, reload: [], sources: {} },
  ]);
  assertThrows(() => rec.recordReload(2, {}), RangeError, "Recorded frame 2 is before frame 4");
  const replay = new InputReplayer(parseInputLog(rec.toJson()));
  assertEquals(replay.eventsFor(4), [{ type: "press", name: "down" }]);
});

/** Live events of a little session, by frame. */
const SESSION: ReadonlyArray<readonly [number, InputEvent]> = [
  [0, { type: "mouse", x: 10, y: 10 }],
  [1, { type: "press", name: "arrow_right" }],
  [1, { type: "press", name: "space" }],
  [2, { type: "release", name: "space" }],
  [2, { type: "press", name: "space" }],
  [2, { type: "console", line: "set r_show_fps 1" }],
  [4, { type: "press", name: "mouse_left" }],
  [4, { type: "mouse", x: 20, y: 5 }],
  [4, { type: "mouse", x: 21, y: 6 }],
  [5, { type: "release", name: "arrow_right" }],
  [5, { type: "press", name: "back" }],
  [5, { type: "release", name: "back" }],
  [6, { type: "release", name: "mouse_left" }],
];
const FRAMES = 8;

Deno.test("record then replay gives identical snapshots", async () => {
  const live = new InputBuilder();
  const rec = new InputRecorder();
  const liveSnaps: InputSnapshot[] = [];
  const liveConsole: string[] = [];
  for (let frame = 0; frame < FRAMES; frame++) {
    for (const [f, event] of SESSION) {
      if (f !== frame) continue;
      live.apply(event);
      rec.record(frame, event);
      if (event.type === "console") liveConsole.push(`${frame}:${event.line}`);
    }
    liveSnaps.push(live.endFrame(frame));
  }

  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/rec.json`;
    await rec.write(path);
    const replay = new InputReplayer(parseInputLog(await Deno.readTextFile(path)));
    const replayed = new InputBuilder();
    const replaySnaps: InputSnapshot[] = [];
    const replayConsole: string[] = [];
    for (let frame = 0; frame < FRAMES; frame++) {
      for (const event of replay.eventsFor(frame)) {
        replayed.apply(event);
        if (event.type === "console") replayConsole.push(`${frame}:${event.line}`);
      }
      replaySnaps.push(replayed.endFrame(frame));
    }
    assertEquals(replaySnaps, liveSnaps);
    assertEquals(replayConsole, liveConsole);
    // The session is not trivial: it exercises taps and re-presses.
    assertEquals(liveSnaps[2]?.actions.action_1, {
      pressed: true,
      just_pressed: true,
      just_released: true,
    });
    assertEquals(liveSnaps[5]?.actions.back.just_pressed, true);
    assertEquals(liveSnaps[4]?.mouse, {
      x: 21,
      y: 6,
      buttons: { left: true, right: false, middle: false },
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
