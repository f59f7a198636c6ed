import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import type { LuaValue } from "../api/mod.ts";
import { createGameState, type GameState } from "../state/game_state.ts";
import { parseParticleEmitter, type ParticleEmitter } from "../gameplay/mod.ts";
import { eidOf, getComponent, Rotation, spawnEntity, Velocity } from "../ecs/mod.ts";
import { directionVelocity, particleStep } from "./particles.ts";
import { Prng } from "./prng.ts";
import { positionOf, spawnAt } from "./_test_util.ts";

function lua(value: unknown): LuaValue {
  if (Array.isArray(value)) return new Map(value.map((v, i) => [i + 1, lua(v)]));
  if (value !== null && typeof value === "object") {
    return new Map(Object.entries(value).map(([k, v]) => [k, lua(v)]));
  }
  return value as LuaValue;
}

function emitter(def: Record<string, unknown>): ParticleEmitter {
  const e = parseParticleEmitter(lua(def) as ReadonlyMap<string, LuaValue>);
  if (!e.ok) throw new Error(e.error);
  return e.value;
}

/** A state with a "spark" template and an emitter at (100, 50); returns the emitter id. */
function world(def: Record<string, unknown>): [GameState, number] {
  const state = createGameState();
  const spark = spawnEntity(state.world);
  state.world.groups.add(eidOf(state.world, spark)!, "spark");
  state.signals.setEntity("spark", spark);
  const id = spawnAt(state, 100, 50);
  state.gameplay.particleEmitter.set(
    eidOf(state.world, id)!,
    emitter({ templates: ["spark"], ...def }),
  );
  return [state, id];
}

function run(state: GameState, frames: number, seed = 1): number[] {
  const ids: number[] = [];
  for (let frame = 0; frame < frames; frame++) {
    ids.push(...particleStep(state, { dt: 1 / 60, frame, seed }));
  }
  return ids;
}

function motion(state: GameState, ids: number[]) {
  return ids.map((id) => [
    positionOf(state, id),
    getComponent(state.world, id, Velocity),
  ]);
}

Deno.test("0 degrees is up and angles turn clockwise (y grows down)", () => {
  const [ux, uy] = directionVelocity(0, 10);
  assertAlmostEquals(ux, 0, 1e-12);
  assertAlmostEquals(uy, -10, 1e-12);
  const [rx, ry] = directionVelocity(90, 10);
  assertAlmostEquals(rx, 10, 1e-12);
  assertAlmostEquals(ry, 0, 1e-12);
});

Deno.test("an emitter emits count particles every 1 / rate seconds until none remain", () => {
  const [state] = world({ rate: 10, count: 3, emissions_remaining: 2, speed: [100, 100] });
  assertEquals(run(state, 5).length, 0);
  // 0.1 s = 6 frames; then 12 frames; then nothing more.
  const ids = run(state, 60);
  assertEquals(ids.length, 6);
  for (const id of ids) {
    assertEquals(state.world.groups.of(eidOf(state.world, id)!), ["spark"]);
    const v = getComponent(state.world, id, Velocity)!;
    assertAlmostEquals(Math.hypot(v.x, v.y), 100, 1e-9);
  }
});

Deno.test("arc, rect shape, speed and ttl ranges bound every particle", () => {
  const [state] = world({
    rate: 60,
    count: 5,
    emissions_remaining: 20,
    shape: { kind: "rect", width: 40, height: 10 },
    arc: [80, 100],
    speed: [50, 60],
    ttl: { min: 1, max: 2 },
  });
  const ids = run(state, 30);
  assertEquals(ids.length, 100);
  for (const id of ids) {
    const p = positionOf(state, id)!;
    assert(p.x >= 80 && p.x <= 120 && p.y >= 45 && p.y <= 55, `position ${p.x}, ${p.y}`);
    const angle = getComponent(state.world, id, Rotation)!.degrees;
    assert(angle >= 80 && angle <= 100, `angle ${angle}`);
    const v = getComponent(state.world, id, Velocity)!;
    const speed = Math.hypot(v.x, v.y);
    assert(speed >= 50 - 1e-9 && speed <= 60 + 1e-9, `speed ${speed}`);
    const ttl = state.gameplay.ttl.get(eidOf(state.world, id)!)!.duration;
    assert(ttl >= 1 && ttl <= 2, `ttl ${ttl}`);
  }
});

Deno.test("particles depend only on the run seed, the frame and the emitter", () => {
  const def = { rate: 30, count: 4, emissions_remaining: 10, arc: [0, 360], ttl: 1 };
  const [a] = world(def);
  const [b] = world(def);
  const [c] = world(def);
  const ia = run(a, 20, 7);
  assertEquals(motion(b, run(b, 20, 7)), motion(a, ia));
  assert(JSON.stringify(motion(c, run(c, 20, 8))) !== JSON.stringify(motion(a, ia)));
});

Deno.test("a missing template is reported once per emitter and skipped", () => {
  const [state] = world({ templates: ["ghost"], rate: 60, count: 2, emissions_remaining: 3 });
  assertEquals(run(state, 10), []);
  assertEquals(state.log.entries.map((e) => e.message), [
    'particles: emitter 2: no live entity is registered as "ghost"',
  ]);
});

Deno.test("the PRNG is deterministic per stream and stays in range", () => {
  const a = Prng.derive(1, 2, "particles", 3);
  const b = Prng.derive(1, 2, "particles", 3);
  const c = Prng.derive(1, 3, "particles", 3);
  const xs = Array.from({ length: 1000 }, () => a.next());
  assertEquals(Array.from({ length: 1000 }, () => b.next()), xs);
  assert(c.next() !== xs[0]);
  assert(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assertAlmostEquals(mean, 0.5, 0.05);
  assertEquals(new Prng(9).range(4, 4), 4);
});
