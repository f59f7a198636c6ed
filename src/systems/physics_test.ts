import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { createGameState, type GameState } from "../state/game_state.ts";
import {
  addComponent,
  eidOf,
  Friction,
  Frozen,
  getComponent,
  MaxSpeed,
  Position,
  setComponent,
  spawnEntity,
  Velocity,
} from "../ecs/mod.ts";
import { physicsStep } from "./physics.ts";

function body(state: GameState, vx = 0, vy = 0): number {
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Position, { x: 0, y: 0 });
  setComponent(state.world, id, Velocity, { x: vx, y: vy });
  return id;
}

const pos = (s: GameState, id: number) => getComponent(s.world, id, Position)!;
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

Deno.test("friction scales velocity by max(0, 1 - f * dt)", () => {
  const state = createGameState();
  const id = body(state, 100, 0);
  setComponent(state.world, id, Friction, { value: 2 });
  physicsStep(state, 0.25);
  assertAlmostEquals(vel(state, id).x, 50);
  assertAlmostEquals(pos(state, id).x, 12.5);
  setComponent(state.world, id, Friction, { value: 100 });
  physicsStep(state, 0.25);
  assertEquals(vel(state, id).x, 0);
});

Deno.test("max speed clamps the length and keeps the direction", () => {
  const state = createGameState();
  const id = body(state, 30, 40);
  setComponent(state.world, id, MaxSpeed, { value: 10 });
  physicsStep(state, 1);
  assertAlmostEquals(vel(state, id).x, 6);
  assertAlmostEquals(vel(state, id).y, 8);
  assertAlmostEquals(pos(state, id).x, 6);
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
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Position, { x: 0, y: 0 });
  state.world.forces.set(eidOf(state.world, id)!, "g", 0, 10);
  physicsStep(state, 1);
  assertEquals([vel(state, id), pos(state, id)], [{ x: 0, y: 10 }, { x: 0, y: 10 }]);
});

Deno.test("an overflowing entity keeps finite numbers and is reported once", () => {
  const state = createGameState();
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Position, { x: 1e308, y: 0 });
  setComponent(state.world, id, Velocity, { x: 1e308, y: 0 });
  state.world.forces.set(eidOf(state.world, id)!, "g", 1e308, 1e308);
  for (let i = 0; i < 3; i++) physicsStep(state, 1);
  const p = getComponent(state.world, id, Position)!, v = getComponent(state.world, id, Velocity)!;
  for (const n of [p.x, p.y, v.x, v.y]) assert(Number.isFinite(n), String(n));
  assertEquals(state.log.entries.filter((e) => e.message.includes("overflowed")).length, 1);
});
