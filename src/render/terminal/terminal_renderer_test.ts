import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import {
  CLEAR_SCREEN,
  ENTER_SEQUENCE,
  HIDE_CURSOR,
  RESTORE_SEQUENCE,
  SHOW_CURSOR,
} from "./ansi.ts";
import { RendererStateError } from "./errors.ts";
import { TerminalRenderer, type TerminalRendererOptions } from "./terminal_renderer.ts";
import {
  FakeClock,
  FakeExitHooks,
  FakeInput,
  FakeWriter,
  makeFrame,
  rect,
} from "./_test_helpers.ts";
import type { RenderFrame } from "../../core/render_types.ts";

const RED = [255, 0, 0, 255] as const;
const GREEN = [0, 255, 0, 255] as const;
const WHITE = [255, 255, 255, 255] as const;

interface Rig {
  renderer: TerminalRenderer;
  writer: FakeWriter;
  input: FakeInput;
  hooks: FakeExitHooks;
  clock: FakeClock;
  size: { columns: number; rows: number };
}

async function started(
  size = { columns: 2, rows: 3 },
  options: TerminalRendererOptions = {},
): Promise<Rig> {
  const writer = new FakeWriter();
  const input = new FakeInput();
  const hooks = new FakeExitHooks();
  const clock = new FakeClock();
  const renderer = new TerminalRenderer({
    writer,
    input,
    exitHooks: hooks,
    now: clock.now,
    size: () => size,
    ...options,
  });
  await renderer.start();
  return { renderer, writer, input, hooks, clock, size };
}

/** The 2x4 pixel frame: red top-left, green bottom-right on blue. */
function tinyFrame(): RenderFrame {
  return makeFrame({
    drawables: [rect(1, 0, 0, 1, 1, RED), rect(2, 1, 3, 1, 1, GREEN)],
  });
}

Deno.test("TerminalRenderer: start enters the alternate screen, raw mode and installs hooks", async () => {
  const { renderer, writer, input, hooks } = await started();
  assertEquals(writer.take(), ENTER_SEQUENCE);
  assertEquals(input.rawCalls, [true]);
  assertEquals(hooks.installed, 1);
  await renderer.stop();
});

Deno.test("TerminalRenderer: exact half-block output of a 2x4 pixel view", async () => {
  const { renderer, writer } = await started();
  writer.take();
  renderer.draw(tinyFrame());
  assertEquals(
    writer.take(),
    CLEAR_SCREEN +
      // Row 1: (red over blue) (blue over blue).
      "\x1b[1;1H\x1b[38;2;255;0;0;48;2;0;0;255m\u2580\x1b[38;2;0;0;255m\u2580" +
      // Row 2: (blue over blue) (blue over green): pen already blue/blue.
      "\x1b[2;1H\u2580\x1b[48;2;0;255;0m\u2580" +
      // Status line, cut to the 2 columns, then the cursor parks at its start.
      "\x1b[3;1H\x1b[38;2;208;208;208;48;2;38;38;38mFP" +
      "\x1b[3;1H",
  );
  await renderer.stop();
});

Deno.test("TerminalRenderer: an identical frame writes only the cursor parking", async () => {
  const { renderer, writer } = await started();
  renderer.draw(tinyFrame());
  writer.take();
  renderer.draw(tinyFrame());
  assertEquals(writer.take(), "\x1b[3;1H");
  await renderer.stop();
});

Deno.test("TerminalRenderer: a one-pixel change writes only that cell", async () => {
  const { renderer, writer } = await started();
  renderer.draw(tinyFrame());
  writer.take();
  const frame = tinyFrame();
  // Lower pixel of cell (row 1, column 2) turns white instead of green.
  renderer.draw({ ...frame, drawables: [rect(1, 0, 0, 1, 1, RED), rect(2, 1, 3, 1, 1, WHITE)] });
  assertEquals(writer.take(), "\x1b[2;2H\x1b[38;2;0;0;255;48;2;255;255;255m\u2580\x1b[3;1H");
  await renderer.stop();
});

Deno.test("TerminalRenderer: the size is read every frame; a resize redraws everything", async () => {
  const { renderer, writer, size } = await started({ columns: 4, rows: 3 });
  renderer.draw(tinyFrame());
  writer.take();
  size.columns = 6;
  renderer.draw(tinyFrame());
  const out = writer.take();
  assertEquals(out.startsWith(CLEAR_SCREEN), true);
  assertEquals(out.split("\u2580").length - 1, 12); // 6 columns x 2 game rows
  await renderer.stop();
});

Deno.test("TerminalRenderer: text lands at its cell in text.color, overriding pixels", async () => {
  const { renderer, writer } = await started({ columns: 8, rows: 5 });
  const board = rect(1, 0, 0, 8, 8, RED);
  const frame = makeFrame({
    view: { width: 8, height: 8 },
    camera: { x: 4, y: 4, zoom: 1 },
    drawables: [board],
  });
  renderer.draw(frame);
  writer.take();
  const label = rect(2, 2, 5, 0, 0, WHITE, {
    z: -1,
    text: { value: "Hi", size: 8, color: [1, 2, 3, 255] },
  });
  renderer.draw({ ...frame, drawables: [board, label] });
  // Pixel (2, 5) is in cell row 2 (1-based 3), column 2 (1-based 3); bg = red.
  assertEquals(writer.take(), "\x1b[3;3H\x1b[38;2;1;2;3;48;2;255;0;0mHi\x1b[5;1H");
  await renderer.stop();
});

Deno.test("TerminalRenderer: the status line shows the frame's status facts", async () => {
  const { renderer, writer } = await started({ columns: 80, rows: 4 });
  renderer.draw(makeFrame({
    status: { fps: 60, entities: 42, frameMs: 1.2, errors: 0, scene: "menu" },
  }));
  const text = "FPS 60 | entities 42 | 1.2 ms | errors 0 | scene menu | q quit, ` console";
  assertStringIncludes(writer.take(), `\x1b[4;1H\x1b[38;2;208;208;208;48;2;38;38;38m${text}`);
  renderer.draw(
    makeFrame({ status: { fps: 30, entities: 42, frameMs: 1.2, errors: 1, scene: "menu" } }),
  );
  // Only the changed characters are rewritten.
  assertEquals(writer.take(), "\x1b[4;5H\x1b[38;2;208;208;208;48;2;38;38;38m3\x1b[4;40H1\x1b[4;1H");
  await renderer.stop();
});

Deno.test("TerminalRenderer: keys read from input come out of poll, with synthesized releases", async () => {
  const { renderer, input, clock } = await started();
  await input.push("\x1b[Ad");
  assertEquals(renderer.poll(), [{ type: "press", key: "arrow_up" }, { type: "press", key: "d" }]);
  clock.t = 10_000;
  assertEquals(renderer.poll(), [
    { type: "release", key: "arrow_up" },
    { type: "release", key: "d" },
  ]);
  await input.push("\x03"); // Ctrl-C
  assertEquals(renderer.poll(), [{ type: "quit", exitCode: 130 }]);
  await renderer.stop();
});

Deno.test("TerminalRenderer: the console prompt replaces the status line and shows the cursor", async () => {
  const { renderer, writer, input } = await started({ columns: 20, rows: 4 });
  renderer.draw(makeFrame());
  writer.take();
  await input.push("`get x");
  assertEquals(renderer.consoleOpen, true);
  renderer.draw(makeFrame());
  const out = writer.take();
  assertStringIncludes(out, "\x1b[4;1H\x1b[38;2;255;255;255;48;2;48;48;96m> get x");
  assertEquals(out.endsWith(`\x1b[4;8H${SHOW_CURSOR}`), true);
  await input.push("\r");
  assertEquals(renderer.poll(), [{ type: "console", line: "get x" }]);
  await input.push("\x1b");
  renderer.draw(makeFrame());
  const closed = writer.take();
  assertStringIncludes(closed, "FPS 60");
  assertEquals(closed.endsWith(`\x1b[4;1H${HIDE_CURSOR}`), true);
  await renderer.stop();
});

Deno.test("TerminalRenderer: a long prompt scrolls to keep the caret visible", async () => {
  const { renderer, writer, input } = await started({ columns: 6, rows: 3 });
  await input.push("`abcdefgh");
  renderer.draw(makeFrame());
  const out = writer.take();
  // "> abcdefgh" with the caret after h: the last 5 characters and the caret cell.
  assertStringIncludes(out, "\x1b[3;1H\x1b[38;2;255;255;255;48;2;48;48;96mdefgh ");
  assertStringIncludes(out, `\x1b[3;6H${SHOW_CURSOR}`);
  await renderer.stop();
});

Deno.test("TerminalRenderer: console output shows above the status line, then expires", async () => {
  const { renderer, writer, clock } = await started({ columns: 10, rows: 6 }, {
    consoleLines: 2,
    consoleOutputMs: 1000,
  });
  renderer.consoleOutput(["one", "two\nthree"]);
  renderer.draw(makeFrame());
  const out = writer.take();
  assertStringIncludes(out, "\x1b[4;1H\x1b[38;2;224;224;224;48;2;18;18;18mtwo       ");
  assertStringIncludes(out, "\x1b[5;1Hthree     ");
  assertEquals(out.includes("one"), false);
  clock.t = 999;
  renderer.draw(makeFrame());
  assertEquals(writer.take(), "\x1b[6;1H");
  clock.t = 1000;
  renderer.draw(makeFrame());
  const gone = writer.take();
  assertEquals(gone.includes("three"), false);
  assertStringIncludes(gone, "\x1b[4;1H\x1b[38;2;0;0;0;48;2;0;0;0m\u2580");
  await renderer.stop();
});

Deno.test("TerminalRenderer: stop restores the terminal once and ends the read loop", async () => {
  const { renderer, writer, input, hooks } = await started();
  renderer.draw(tinyFrame());
  writer.take();
  await renderer.stop();
  assertEquals(writer.take(), RESTORE_SEQUENCE);
  assertEquals(input.rawCalls, [true, false]);
  assertEquals(input.cancelled, true);
  assertEquals(hooks.uninstalled, 1);
  await renderer.stop();
  hooks.restore?.(); // a late unload after stop
  assertEquals(writer.take(), "");
  assertEquals(input.rawCalls, [true, false]);
  renderer.draw(tinyFrame()); // ignored after stop
  assertEquals(writer.take(), "");
});

Deno.test("TerminalRenderer: the exit hook restores on crash, and stop after it does not repeat", async () => {
  const { renderer, writer, input, hooks } = await started();
  writer.take();
  hooks.restore?.();
  assertEquals(writer.take(), RESTORE_SEQUENCE);
  assertEquals(input.rawCalls, [true, false]);
  await renderer.stop();
  assertEquals(writer.take(), "");
});

Deno.test("TerminalRenderer: writes survive partial writes", async () => {
  const { renderer, writer } = await started();
  writer.chunk = 3;
  writer.take();
  renderer.draw(tinyFrame());
  assertStringIncludes(writer.take(), "\u2580\x1b[48;2;0;255;0m\u2580");
  await renderer.stop();
});

Deno.test("TerminalRenderer: misuse is refused with RendererStateError", async () => {
  const r = new TerminalRenderer({ writer: new FakeWriter(), input: null, exitHooks: null });
  assertThrows(() => r.draw(tinyFrame()), RendererStateError, "Cannot draw before start()");
  await r.start();
  assertThrows(() => r.start(), RendererStateError, "already started");
  await r.stop();
  assertThrows(() => r.start(), RendererStateError, "after stop()");
});

Deno.test("TerminalRenderer: stop before start writes nothing", async () => {
  const writer = new FakeWriter();
  const r = new TerminalRenderer({ writer, input: new FakeInput(), exitHooks: null });
  await r.stop();
  assertEquals(writer.take(), "");
});

Deno.test("TerminalRenderer: end of input stops reading but keeps drawing", async () => {
  const { renderer, input, writer } = await started();
  await input.cancel();
  await Promise.resolve();
  renderer.draw(tinyFrame());
  assertStringIncludes(writer.take(), "\u2580");
  assertEquals(renderer.poll(), []);
  await renderer.stop();
});

Deno.test("TerminalRenderer: recent errors show over the game, newest lowest, above console answers", async () => {
  const { renderer, writer } = await started({ columns: 24, rows: 12 });
  const overlay = [
    "main.lua:9: newest",
    "main.lua:8: older",
    "main.lua:7: old",
    "main.lua:6: hidden",
  ]
    .map((message, i) => ({
      text: i === 0 ? `[3x] ${message}` : message,
      message,
      count: 1,
      lastFrame: 0,
    }));
  renderer.draw(makeFrame({ errorOverlay: overlay }));
  const out = writer.take();
  // Rows 11, 10, 9 (1-based; row 12 is the status line), white on red, at most three.
  assertStringIncludes(
    out,
    "\x1b[9;1H\x1b[38;2;255;255;255;48;2;139;26;26m main.lua:7: old ",
  );
  assertStringIncludes(out, "\x1b[10;1H main.lua:8: older");
  assertStringIncludes(out, "\x1b[11;1H [3x] main.lua:9: newest");
  assertEquals(out.includes("hidden"), false);
  renderer.consoleOutput(["answer"]);
  renderer.draw(makeFrame({ errorOverlay: overlay.slice(0, 1) }));
  const moved = writer.take();
  assertStringIncludes(moved, "\x1b[11;1H\x1b[38;2;224;224;224;48;2;18;18;18manswer");
  assertStringIncludes(
    moved,
    // Row 10 already held the overlay's leading space: the diff starts at column 2.
    "\x1b[10;2H\x1b[38;2;255;255;255;48;2;139;26;26m[3x] main.lua:9: newest",
  );
  // No overlay: the game is drawn there again.
  renderer.draw(makeFrame());
  assertEquals(writer.take().includes("main.lua"), false);
  await renderer.stop();
});
