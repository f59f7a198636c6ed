import { assertEquals } from "@std/assert";
import { createGameState, type GameState } from "../state/game_state.ts";
import type { StuckTo } from "../gameplay/mod.ts";
import { despawnEntity, eidOf, getComponent, Velocity } from "../ecs/mod.ts";
import { stucktoStep } from "./stuckto.ts";
import { positionOf as pos, spawnAt as at } from "./_test_util.ts";

function stick(state: GameState, id: number, link: Partial<StuckTo> & { target: number }) {
  state.gameplay.stuckto.set(eidOf(state.world, id)!, {
    followX: true,
    followY: true,
    offsetX: 0,
    offsetY: 0,
    storedVx: 0,
    storedVy: 0,
    ...link,
  });
}

Deno.test("a stuck entity follows its target at the offset on the followed axes only", () => {
  const state = createGameState();
  const paddle = at(state, 100, 500);
  const ball = at(state, 0, 0);
  const rail = at(state, 7, 7);
  stick(state, ball, { target: paddle, offsetY: -10 });
  stick(state, rail, { target: paddle, followY: false, offsetX: 5 });
  stucktoStep(state);
  assertEquals([pos(state, ball), pos(state, rail)], [{ x: 100, y: 490 }, { x: 105, y: 7 }]);
});

Deno.test("a target that is gone releases the entity with its stored velocity", () => {
  const state = createGameState();
  const paddle = at(state, 100, 500);
  const ball = at(state, 0, 0);
  stick(state, ball, { target: paddle, storedVx: 120, storedVy: -240 });
  stucktoStep(state);
  despawnEntity(state.world, paddle);
  assertEquals(stucktoStep(state), [ball]);
  assertEquals(getComponent(state.world, ball, Velocity), { x: 120, y: -240 });
  assertEquals(state.gameplay.stuckto.size, 0);
  assertEquals(pos(state, ball), { x: 100, y: 500 });
});

Deno.test("chains settle in one step whatever the ids; a cycle follows its lowest id", () => {
  const state = createGameState();
  const a = at(state, 0, 0); // stuck to b, which has a higher id
  const b = at(state, 0, 0); // stuck to c
  const c = at(state, 10, 20);
  stick(state, a, { target: b, offsetX: 1 });
  stick(state, b, { target: c, offsetX: 1 });
  stucktoStep(state);
  assertEquals(pos(state, a), { x: 12, y: 20 });
  const x = at(state, 1, 1);
  const y = at(state, 2, 2);
  stick(state, x, { target: y });
  stick(state, y, { target: x });
  stucktoStep(state);
  assertEquals([pos(state, x), pos(state, y)], [{ x: 1, y: 1 }, { x: 1, y: 1 }]);
});
