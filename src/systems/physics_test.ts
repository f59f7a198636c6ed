import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { createGameState, type GameState } from "../state/game_state.ts";
import {
  addComponent,
  eidOf,
  Friction,
  Frozen,
  getComponent,
  MaxSpeed,
  setComponent,
  Velocity,
} from "../ecs/mod.ts";
import { physicsStep } from "./physics.ts";
import { positionOf, spawnAt } from "./_test_util.ts";

function body(state: GameState, vx = 0, vy = 0): number {
  const id = spawnAt(state);
  setComponent(state.world, id, Velocity, { x: vx, y: vy });
  return id;
}

const pos = (s: GameState, id: number) => positionOf(s, id)!;
const vel = (s: GameState, id: number) => getComponent(s.world, id, Velocity)!;

Deno.test("velocity moves the position by v * dt", () => {
  const state = createGameState();
  const id = body(state, 10, -20);
  physicsStep(state, 0.5);
  assertEquals(pos(state, id), { x: 5, y: -10 });
});

Deno.test("enabled forces accelerate before the move (semi-implicit Euler); disabled ones do not", () => {
  const state = createGameState();
  const id = body(state);
  const eid = eidOf(state.world, id)!;
  state.world.forces.set(eid, "gravity", 0, 100);
  state.world.forces.set(eid, "wind", 50, 0, false);
  physicsStep(state, 0.1);
  assertAlmostEquals(vel(state, id).y, 10);
  assertAlmostEquals(pos(state, id).y, 1);
  physicsStep(state, 0.1);
  assertAlmostEquals(vel(state, id).y, 20);
  assertAlmostEquals(pos(state, id).y, 3);
  assertEquals(vel(state, id).x, 0);
});

Deno.test("friction scales velocity by max(0, 1 - f * dt); max speed clamps the length, keeping the direction", () => {
  // Rounded to 9 places: 30 * (10 / 50) is 6 only to within an ulp.
  const round = ({ x, y }: { x: number; y: number }) => ({ x: +x.toFixed(9), y: +y.toFixed(9) });
  // [component, value, starting velocity, dt, velocity after, position after]
  const cases = [
    [Friction, 2, [100, 0], 0.25, [50, 0], [12.5, 0]],
    [Friction, 100, [100, 0], 0.25, [0, 0], [0, 0]],
    [MaxSpeed, 10, [30, 40], 1, [6, 8], [6, 8]],
  ] as const;
  for (const [damping, value, [vx, vy], dt, [velX, velY], [posX, posY]] of cases) {
    const state = createGameState();
    const id = body(state, vx, vy);
    setComponent(state.world, id, damping, { value });
    physicsStep(state, dt);
    const got = [round(vel(state, id)), round(pos(state, id))];
    assertEquals(got, [{ x: velX, y: velY }, { x: posX, y: posY }], `${damping.name} ${value}`);
  }
});

Deno.test("frozen and stuck entities do not move", () => {
  const state = createGameState();
  const frozen = body(state, 10, 10);
  addComponent(state.world, frozen, Frozen);
  const stuck = body(state, 10, 10);
  const link = { target: frozen, followX: true, followY: true, offsetX: 0, offsetY: 0 };
  state.gameplay.stuckto.set(eidOf(state.world, stuck)!, { ...link, storedVx: 0, storedVy: 0 });
  physicsStep(state, 1);
  assertEquals([pos(state, frozen), pos(state, stuck)], [{ x: 0, y: 0 }, { x: 0, y: 0 }]);
});

Deno.test("an entity with forces and no velocity starts from rest", () => {
  const state = createGameState();
  const id = spawnAt(state);
  state.world.forces.set(eidOf(state.world, id)!, "g", 0, 10);
  physicsStep(state, 1);
  assertEquals([vel(state, id), pos(state, id)], [{ x: 0, y: 10 }, { x: 0, y: 10 }]);
});

Deno.test("an overflowing entity keeps finite numbers and is reported once", () => {
  const state = createGameState();
  const id = spawnAt(state, 1e308, 0);
  setComponent(state.world, id, Velocity, { x: 1e308, y: 0 });
  state.world.forces.set(eidOf(state.world, id)!, "g", 1e308, 1e308);
  for (let i = 0; i < 3; i++) physicsStep(state, 1);
  const p = pos(state, id), v = vel(state, id);
  for (const n of [p.x, p.y, v.x, v.y]) assert(Number.isFinite(n), String(n));
  assertEquals(state.log.entries.filter((e) => e.message.includes("overflowed")).length, 1);
});
