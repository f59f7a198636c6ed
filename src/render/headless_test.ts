import { assertEquals, assertStrictEquals } from "@std/assert";
import { HeadlessRenderer } from "./headless.ts";
import type { RenderFrame } from "../core/render_types.ts";

function frame(n: number): RenderFrame {
  return {
    frame: n,
    view: { width: 320, height: 240 },
    camera: { x: 160, y: 120, zoom: 1 },
    background: [0, 0, 0, 255],
    drawables: [],
    status: { fps: 60, entities: 0, frameMs: 0.5, errors: 0, scene: "main" },
  };
}

Deno.test("HeadlessRenderer counts frames and keeps the last one", async () => {
  const r = new HeadlessRenderer();
  await r.start();
  assertEquals(r.started, true);
  assertEquals(r.framesDrawn, 0);
  const f2 = frame(2);
  r.draw(frame(1));
  r.draw(f2);
  assertEquals(r.framesDrawn, 2);
  assertStrictEquals(r.lastFrame, f2);
  await r.stop();
});

Deno.test("HeadlessRenderer reports no input and keeps console output", () => {
  const r = new HeadlessRenderer();
  assertEquals(r.poll(), []);
  r.consoleOutput(["a", "b"]);
  r.consoleOutput(["c"]);
  assertEquals(r.consoleLines, ["a", "b", "c"]);
});

Deno.test("HeadlessRenderer.stop is idempotent", async () => {
  const r = new HeadlessRenderer();
  await r.stop();
  await r.stop();
  assertEquals(r.stopped, true);
});
