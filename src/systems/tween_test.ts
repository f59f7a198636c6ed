import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { createGameState, type GameState } from "../state/game_state.ts";
import { EASINGS, newTween, type Tween } from "../gameplay/mod.ts";
import { eidOf, getComponent, Position, Rotation, Scale, spawnEntity } from "../ecs/mod.ts";
import { tweenStep, tweenValues } from "./tween.ts";

function withTween(state: GameState, tweens: Partial<Record<string, Tween>>): number {
  const id = spawnEntity(state.world);
  state.gameplay.tweens.set(eidOf(state.world, id)!, tweens);
  return id;
}

Deno.test("a once tween ends exactly on its target on the frame it is due, then goes", () => {
  const state = createGameState();
  const tween = { ...newTween([10, 20], [110.3, -7.7], 0.7), easing: "cubic_in_out" as const };
  const id = withTween(state, { position: tween });
  // 0.7 s at 60 Hz is 42 frames; summing 1/60 forty-two times is not exactly 0.7.
  for (let i = 0; i < 41; i++) tweenStep(state, 1 / 60);
  const before = getComponent(state.world, id, Position)!;
  assert(before.x !== 110.3, "not there one frame early");
  tweenStep(state, 1 / 60);
  assertEquals(getComponent(state.world, id, Position), { x: 110.3, y: -7.7 });
  assertEquals(state.gameplay.tweens.size, 0);
  tweenStep(state, 1 / 60);
  assertEquals(getComponent(state.world, id, Position), { x: 110.3, y: -7.7 });
});

Deno.test("backwards runs from `to` to `from` and ends on `from`", () => {
  const t = { ...newTween([0], [100], 1), backwards: true };
  assertEquals(tweenValues(t, 0).values, [100]);
  assertEquals(tweenValues(t, 0.25).values, [75]);
  assertEquals(tweenValues(t, 1), { values: [0], done: true });
});

Deno.test("loop starts over each period; ping_pong goes there and back", () => {
  const loop = { ...newTween([0], [100], 1), loop: "loop" as const };
  assertAlmostEquals(tweenValues(loop, 1.25).values[0]!, 25, 1e-9);
  assertEquals(tweenValues(loop, 5).done, false);
  const pong = { ...newTween([0], [100], 1), loop: "ping_pong" as const };
  assertAlmostEquals(tweenValues(pong, 0.5).values[0]!, 50, 1e-9);
  assertAlmostEquals(tweenValues(pong, 1.25).values[0]!, 75, 1e-9);
  assertAlmostEquals(tweenValues(pong, 2.25).values[0]!, 25, 1e-9);
});

Deno.test("easing shapes the path; rotation and scale tweens write their components", () => {
  const state = createGameState();
  const id = withTween(state, {
    rotation: { ...newTween([0], [360], 1), easing: "quad_in" },
    scale: newTween([1, 1], [3, 2], 1),
  });
  tweenStep(state, 0.5);
  assertEquals(getComponent(state.world, id, Rotation), { degrees: 90 });
  assertEquals(getComponent(state.world, id, Scale), { x: 2, y: 1.5 });
});

Deno.test("a zero-length once tween lands at once", () => {
  assertEquals(tweenValues(newTween([1, 2], [3, 4], 0), 0), { values: [3, 4], done: true });
});

Deno.test("the step writes exactly what tweenValues gives, for every easing, loop and direction", () => {
  // A deterministic spread of tweens: each target, easing and loop kind, both directions,
  // durations from negative to long, ends of one and two values.
  let seed = 7;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const state = createGameState();
  const cases: { id: number; target: "position" | "rotation" | "scale"; tween: Tween }[] = [];
  for (let i = 0; i < 300; i++) {
    const id = spawnEntity(state.world);
    const target = (["position", "rotation", "scale"] as const)[i % 3]!;
    const n = target === "rotation" ? 1 : 2;
    const values = () => Array.from({ length: n }, () => (rnd() - 0.5) * 1000);
    const duration = [-1, 0, 0.05, 0.5, 1.3, 7][i % 6]!;
    const tween = newTween(values(), values(), duration);
    tween.easing = EASINGS[i % EASINGS.length]!;
    tween.loop = (["once", "loop", "ping_pong"] as const)[(i >> 2) % 3]!;
    tween.backwards = i % 5 === 0;
    state.gameplay.tweens.set(eidOf(state.world, id)!, { [target]: tween });
    cases.push({ id, target, tween: { ...tween } });
  }
  const dt = 1 / 60;
  for (let frame = 1; frame <= 90; frame++) {
    tweenStep(state, dt);
    for (const c of cases) {
      c.tween.elapsed += dt;
      const { values } = tweenValues(c.tween, c.tween.elapsed);
      const [x = 0, y = 0] = values;
      const got = c.target === "rotation" ? [getComponent(state.world, c.id, Rotation)?.degrees] : [
        ...Object.values(
          getComponent(state.world, c.id, c.target === "position" ? Position : Scale) ?? {},
        ),
      ];
      assertEquals(got, c.target === "rotation" ? [x] : [x, y], `${c.target} ${frame}`);
    }
  }
});
