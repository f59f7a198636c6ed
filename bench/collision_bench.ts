/**
 * Collision detection and physics with 5,000 moving colliders:
 * the grid broad phase against naive all pairs, and a whole
 * physics + collision step. Compare within one run.
 *
 *   deno bench -A bench/collision_bench.ts
 */
import { createGameState, type GameState } from "../src/commands/mod.ts";
import { Collider, eidOf, Position, setComponent, spawnEntity, Velocity } from "../src/ecs/mod.ts";
import { colliderBox, findCollisions, rulesInForce } from "../src/systems/collision.ts";
import { physicsStep } from "../src/systems/physics.ts";

function world(n: number): GameState {
  const state = createGameState();
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < n; i++) {
    const id = spawnEntity(state.world);
    setComponent(state.world, id, Position, { x: rand() * 4000, y: rand() * 3000 });
    setComponent(state.world, id, Velocity, { x: rand() * 200 - 100, y: rand() * 200 - 100 });
    setComponent(state.world, id, Collider, { w: 8, h: 8, originX: 4, originY: 4 });
    state.world.groups.add(id, i % 10 === 0 ? "bullet" : "rock");
  }
  const carrier = eidOf(state.world, spawnEntity(state.world))!;
  state.gameplay.collisionRules.set(carrier, [
    { groupA: "bullet", groupB: "rock", callback: "hit" },
    { groupA: "rock", groupB: "rock", callback: "bump" },
  ]);
  return state;
}

/** The baseline: every pair of every rule, O(n^2). */
function allPairs(state: GameState): number {
  let hits = 0;
  for (const { rule } of rulesInForce(state)) {
    const as = state.world.groups.members(rule.groupA).map((id) => colliderBox(state, id)!);
    const bs = state.world.groups.members(rule.groupB).map((id) => colliderBox(state, id)!);
    for (const a of as) {
      for (const b of bs) {
        if (a.id !== b.id && a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) hits++;
      }
    }
  }
  return hits;
}

const STATE = world(5000);

Deno.bench("grid, 5,000 colliders, 2 rules", { group: "detect", baseline: true }, () => {
  findCollisions(STATE);
});

Deno.bench("naive all pairs, 5,000 colliders, 2 rules", { group: "detect" }, () => {
  allPairs(STATE);
});

Deno.bench(
  "frame: physics + collision detection, 5,000 moving colliders",
  { group: "frame" },
  () => {
    physicsStep(STATE, 1 / 60);
    findCollisions(STATE);
  },
);
