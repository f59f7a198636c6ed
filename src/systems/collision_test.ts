import { assert, assertEquals } from "@std/assert";
import { createGameState } from "../state/game_state.ts";
import { Collider, despawnEntity, eidOf, Position, setComponent, spawnEntity } from "../ecs/mod.ts";
import type { CollisionRule } from "../gameplay/mod.ts";
import { Side } from "../lua/batch_types.ts";
import { findCollisions, stillHeld, touchingSides } from "./collision.ts";

function box(
  state: ReturnType<typeof createGameState>,
  group: string,
  x: number,
  y: number,
  w = 10,
  h = 10,
) {
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Position, { x, y });
  setComponent(state.world, id, Collider, { w, h, originX: 0, originY: 0 });
  state.world.groups.add(id, group);
  return id;
}

/** An entity that carries `rules`; returns its id. */
function carrier(state: ReturnType<typeof createGameState>, ...rules: CollisionRule[]): number {
  const id = spawnEntity(state.world);
  state.gameplay.collisionRules.set(eidOf(state.world, id)!, rules);
  return id;
}

Deno.test("pairs follow rule order, then ids, and only overlapping boxes pair", () => {
  const state = createGameState();
  const ball = box(state, "ball", 0, 0);
  const far = box(state, "brick", 100, 0);
  const b2 = box(state, "brick", 15, 0); // no overlap with the ball
  const b1 = box(state, "brick", 5, 5);
  const edge = box(state, "brick", 10, 0); // touching edge only
  void far;
  void b2;
  void edge;
  carrier(state, { groupA: "ball", groupB: "brick", callback: "hit" });
  carrier(state, { groupA: "brick", groupB: "ball", callback: "hit_back" });
  assertEquals(findCollisions(state).map((p) => [p.callback, p.a, p.b]), [
    ["hit", ball, b1],
    ["hit_back", b1, ball],
  ]);
});

Deno.test("a rule within one group gives each pair once", () => {
  const state = createGameState();
  const a = box(state, "rock", 0, 0);
  const b = box(state, "rock", 5, 0);
  carrier(state, { groupA: "rock", groupB: "rock", callback: "bump" });
  assertEquals(findCollisions(state).map((p) => [p.a, p.b]), [[a, b]]);
});

Deno.test("sides come from the axis of least overlap", () => {
  const a = { id: 1, x0: 0, y0: 0, x1: 10, y1: 10 };
  assertEquals(touchingSides(a, { id: 2, x0: 0, y0: 8, x1: 10, y1: 20 }), [Side.Bottom, Side.Top]);
  assertEquals(touchingSides(a, { id: 2, x0: 0, y0: -8, x1: 10, y1: 2 }), [Side.Top, Side.Bottom]);
  assertEquals(touchingSides(a, { id: 2, x0: 9, y0: 0, x1: 20, y1: 10 }), [Side.Right, Side.Left]);
  assertEquals(touchingSides(a, { id: 2, x0: -9, y0: 0, x1: 1, y1: 10 }), [Side.Left, Side.Right]);
});

Deno.test("130,000 pairs in one frame are all found (no spread of them as arguments)", () => {
  const state = createGameState();
  box(state, "zone", 0, 0, 1000, 1000);
  for (let i = 0; i < 130_000; i++) box(state, "dust", i % 900, 10, 1, 1);
  carrier(state, { groupA: "zone", groupB: "dust", callback: "inside" });
  assertEquals(findCollisions(state).length, 130_000);
});

Deno.test("a rule ends with the last entity that carries it", () => {
  const state = createGameState();
  const ball = box(state, "ball", 0, 0);
  const brick = box(state, "brick", 5, 5);
  const hit = { groupA: "ball", groupB: "brick", callback: "hit" };
  const first = carrier(state, hit);
  const second = carrier(state, { ...hit }, { groupA: "brick", groupB: "ball", callback: "back" });
  // Carried twice, the rule runs once, in the order of its first carrier.
  assertEquals(findCollisions(state).map((p) => [p.callback, p.a, p.b]), [
    ["hit", ball, brick],
    ["back", brick, ball],
  ]);
  despawnEntity(state.world, first);
  assertEquals(findCollisions(state).map((p) => p.callback), ["hit", "back"]);
  despawnEntity(state.world, second);
  assertEquals(findCollisions(state), []);
  assertEquals(state.gameplay.collisionRules.size, 0);
});

Deno.test("a pair found before its rule's carrier was despawned is no longer held", () => {
  const state = createGameState();
  box(state, "ball", 0, 0);
  box(state, "brick", 5, 5);
  const holder = carrier(state, { groupA: "ball", groupB: "brick", callback: "hit" });
  const [pair] = findCollisions(state);
  assert(pair && stillHeld(state, pair.held));
  despawnEntity(state.world, holder);
  assert(!stillHeld(state, pair.held));
});
