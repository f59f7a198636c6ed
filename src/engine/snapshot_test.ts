import { assert, assertEquals, assertStrictEquals, assertThrows } from "@std/assert";
import { setComponent, spawnEntity, Velocity } from "../ecs/mod.ts";
import { type ComponentsPart, ExpiredPartError } from "../lua/components_part.ts";
import { createGameState } from "../state/game_state.ts";
import { defineEngineCVars } from "../cvar/engine_cvars.ts";
import { CVarRegistry } from "../cvar/registry.ts";
import { InputStage } from "./input_stage.ts";
import { EngineLog } from "../state/log.ts";
import { SnapshotCache } from "./snapshot.ts";

function setup() {
  const state = createGameState();
  const cvars = new CVarRegistry();
  defineEngineCVars(cvars);
  const input = new InputStage({ log: new EngineLog() });
  return { state, cvars, input, cache: new SnapshotCache(state, cvars) };
}

Deno.test("SnapshotCache hands back the same snapshot and input while nothing changed", () => {
  const { input, cache } = setup();
  const frame = input.current(1);
  const a = cache.snapshot(frame);
  assertStrictEquals(cache.snapshot(frame), a);
  assertStrictEquals(cache.input(frame), cache.input(frame));
});

Deno.test("SnapshotCache rebuilds on a signal, cvar, asset, group or input change", () => {
  const { state, cvars, input, cache } = setup();
  let frame = input.current(1);
  let last = cache.snapshot(frame);
  const changed = (what: string) => {
    const next = cache.snapshot(frame);
    assert(next !== last, what);
    last = next;
  };
  state.signals.setInteger("score", 3);
  changed("signal");
  assertEquals(last.integers.score, 3);
  const name = Object.keys(cvars.snapshot())[0]!;
  cvars.reset(name);
  cvars.set(name, cvars.snapshot()[name]!.type === "bool" ? true : 2);
  changed("cvar");
  state.assets.texture.set("ball", { path: "ball.png", resolved: "/g/ball.png" });
  changed("asset");
  assert(last.assets.texture!.includes("ball"));
  state.tracked.track("bricks");
  changed("tracked group");
  frame = input.frame(2, []).snapshot;
  changed("input");
  const withComponents = cache.snapshot(frame, true);
  assert(cache.snapshot(frame, true) !== withComponents, "components");
});

Deno.test("a rebuilt snapshot keeps the parts that did not change as the same objects", () => {
  const { state, cvars, input, cache } = setup();
  const frame = input.current(1);
  const a = cache.snapshot(frame);
  state.signals.setInteger("score", 1);
  const b = cache.snapshot(frame);
  assert(a !== b && a.integers !== b.integers);
  assertStrictEquals(b.cvars, a.cvars);
  assertStrictEquals(b.assets, a.assets);
  assertStrictEquals(b.input, a.input);
  cvars.set("sys_tick_hz", 30);
  const c = cache.snapshot(frame);
  assert(c.cvars !== b.cvars);
  assertStrictEquals(c.integers, b.integers);
});

Deno.test("asset and animation changes reach the snapshot; unchanged maps keep it", () => {
  const { state, input, cache } = setup();
  const frame = input.current(1);
  const entry = (path: string) => ({ path, resolved: `/g/${path}` });
  const a = cache.snapshot(frame);
  assertStrictEquals(cache.snapshot(frame), a, "nothing changed");
  state.assets.sound.set("hit", entry("hit.wav"));
  const b = cache.snapshot(frame);
  assertEquals(b.assets.sound, ["hit"]);
  assertStrictEquals(cache.snapshot(frame), b);
  // Set again under the same key: the keys are the same, so is the snapshot.
  state.assets.sound.set("hit", entry("hit2.wav"));
  assertStrictEquals(cache.snapshot(frame), b);
  state.assets.sound.set("miss", entry("miss.wav"));
  state.assets.sound.delete("hit");
  state.assets.sound.set("hit", entry("hit.wav")); // unloaded and loaded again: now last
  const c = cache.snapshot(frame);
  assertEquals(c.assets.sound, ["miss", "hit"]);
  state.animations.set("walk", {
    texture: "t",
    x: 0,
    y: 0,
    dx: 8,
    dy: 0,
    frames: 3,
    fps: 10,
    looped: true,
  });
  const d = cache.snapshot(frame);
  assert(d !== c);
  assertEquals(d.assets.animation, ["walk"]);
  state.assets.sound.clear();
  assertEquals(cache.snapshot(frame).assets.sound, []);
});

Deno.test("a components part is written at once unless asked for later, and kept on keep", () => {
  const { state, input, cache } = setup();
  const frame = input.current(1);
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Velocity, { x: 1, y: 0 });
  const vx = (part: ComponentsPart | undefined) => {
    const record = part?.record(id);
    return record && new DataView(record.buffer, record.byteOffset).getFloat64(2, true);
  };
  // Written now: a later snapshot (another caller's, while this one waits) cannot spoil it.
  const now = cache.snapshot(frame, true).components;
  setComponent(state.world, id, Velocity, { x: 2, y: 0 });
  const later = cache.snapshot(frame, true, "later").components;
  assertEquals(vx(now), 1);
  // Kept: the same part, whatever changed since.
  setComponent(state.world, id, Velocity, { x: 3, y: 0 });
  assertStrictEquals(cache.snapshot(frame, true, "keep").components, later);
  assertEquals(vx(later), 3, "written when first read");
  // A part for later that another replaced before it was read is never written.
  const unread = cache.snapshot(frame, true, "later").components!;
  cache.snapshot(frame, true);
  assertThrows(() => unread.bytes, ExpiredPartError);
});
