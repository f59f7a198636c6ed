import { assertEquals } from "@std/assert";
import { createGameState } from "../state/game_state.ts";
import { Collider, Position, setComponent, spawnEntity } from "../ecs/mod.ts";
import { buildRenderFrame } from "./render_frame.ts";

const facts = {
  frame: 3,
  scene: "menu",
  fps: 59.6,
  frameMs: 1.5,
  view: { width: 800, height: 600 },
};

Deno.test("entities with a position and a collider become drawables; status carries the facts", () => {
  const state = createGameState();
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Position, { x: 100, y: 50 });
  setComponent(state.world, id, Collider, { w: 10, h: 4, originX: 5, originY: 2 });
  spawnEntity(state.world); // no position: not drawn
  const frame = buildRenderFrame(state, facts);
  assertEquals(frame.drawables.map((d) => [d.id, d.x, d.y, d.w, d.h]), [[id, 95, 48, 10, 4]]);
  assertEquals(frame.status, { fps: 59.6, entities: 2, frameMs: 1.5, errors: 0, scene: "menu" });
  const profiled = buildRenderFrame(state, { ...facts, profile: "prof drift 0.50 ms/frame" });
  assertEquals(profiled.status.profile, "prof drift 0.50 ms/frame");
});

Deno.test("r_show_fps adds an FPS counter drawn on top in screen space", () => {
  const state = createGameState();
  const off = buildRenderFrame(state, facts);
  const on = buildRenderFrame(state, { ...facts, showFps: true });
  assertEquals(off.drawables.length, 0);
  assertEquals(on.drawables.length, 1);
  assertEquals(on.drawables[0]?.text?.value, "FPS 60");
  assertEquals(on.drawables[0]?.screen, true);
});
