import { assertEquals } from "@std/assert";
import { createGameState, type GameState } from "../state/game_state.ts";
import { parseCondition } from "../gameplay/mod.ts";
import type { LuaValue } from "../api/mod.ts";
import { eidOf, spawnEntity } from "../ecs/mod.ts";
import { Signals } from "../signals/mod.ts";
import { animationStep, chooseAnimation, conditionHolds } from "./animation.ts";

function lua(value: unknown): LuaValue {
  if (Array.isArray(value)) return new Map(value.map((v, i) => [i + 1, lua(v)]));
  if (value !== null && typeof value === "object") {
    return new Map(Object.entries(value).map(([k, v]) => [k, lua(v)]));
  }
  return value as LuaValue;
}
const cond = (v: unknown) => parseCondition(lua(v) as ReadonlyMap<string, LuaValue>)!;

function anim(state: GameState, key: string): number {
  const eid = eidOf(state.world, spawnEntity(state.world))!;
  state.gameplay.animation.set(eid, { key, frame: 0, elapsed: 0 });
  return eid;
}

function setup(): GameState {
  const state = createGameState();
  const base = { texture: "hero", x: 0, y: 0, dx: 16, dy: 0, frames: 4, fps: 10 };
  state.animations.set("walk", { ...base, looped: true });
  state.animations.set("die", { ...base, looped: false });
  return state;
}

Deno.test("frames advance by fps; looped wraps, not looped holds the last frame", () => {
  const state = setup();
  const walk = anim(state, "walk");
  const die = anim(state, "die");
  const frames: number[][] = [];
  for (let i = 0; i < 36; i++) {
    animationStep(state, 1 / 60);
    if (i % 6 === 5) {
      frames.push([walk, die].map((e) => state.gameplay.animation.get(e)!.frame));
    }
  }
  // One frame per 6 ticks at 60 Hz, exactly on the tick despite float drift.
  assertEquals(frames, [[1, 1], [2, 2], [3, 3], [0, 3], [1, 3], [2, 3]]);
});

Deno.test("conditions read entity signals", () => {
  const s = new Signals();
  s.setFlag("air");
  s.setScalar("vx", 3);
  s.setInteger("hp", 0);
  assertEquals(conditionHolds(cond({ has_flag: "air" }), s), true);
  assertEquals(conditionHolds(cond({ scalar: "vx", gt: 2 }), s), true);
  assertEquals(conditionHolds(cond({ scalar: "vx", lt: 2 }), s), false);
  assertEquals(conditionHolds(cond({ integer: "hp", eq: 0 }), s), true);
  assertEquals(conditionHolds(cond({ integer: "missing", eq: 0 }), s), false);
  assertEquals(
    conditionHolds(cond({ all: [{ has_flag: "air" }, { scalar: "vx", gt: 5 }] }), s),
    false,
  );
  assertEquals(
    conditionHolds(cond({ any: [{ has_flag: "x" }, { scalar: "vx", gt: 2 }] }), s),
    true,
  );
  assertEquals(conditionHolds(cond({ not: { has_flag: "air" } }), s), false);
  assertEquals(conditionHolds(cond({ not: { has_flag: "air" } }), undefined), true);
});

Deno.test("the first matching rule wins, else the fallback; a change restarts at frame 0", () => {
  const state = setup();
  const controller = {
    fallback: "walk",
    rules: [
      { condition: cond({ integer: "hp", eq: 0 }), anim: "die" },
      { condition: cond({ integer: "hp", lt: 5 }), anim: "walk" },
    ],
  };
  const s = new Signals();
  s.setInteger("hp", 0);
  assertEquals(chooseAnimation(controller, s), "die");
  s.setInteger("hp", 3);
  assertEquals(chooseAnimation(controller, s), "walk");

  const eid = eidOf(state.world, spawnEntity(state.world))!;
  state.gameplay.animationController.set(eid, controller);
  state.world.entitySignals.set(eid, s);
  for (let i = 0; i < 12; i++) animationStep(state, 1 / 60);
  assertEquals(state.gameplay.animation.get(eid), { key: "walk", frame: 2, elapsed: 0 });
  state.world.entitySignals.get(eid)!.setInteger("hp", 0);
  animationStep(state, 1 / 60);
  assertEquals(state.gameplay.animation.get(eid)?.key, "die");
  assertEquals(state.gameplay.animation.get(eid)?.frame, 0);
});
