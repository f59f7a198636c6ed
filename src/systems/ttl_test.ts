import { assert, assertEquals } from "@std/assert";
import { createGameState } from "../state/game_state.ts";
import { addComponent, eidOf, Frozen, isAlive, spawnEntity } from "../ecs/mod.ts";
import { ttlStep } from "./ttl.ts";

Deno.test("an entity lives exactly its TTL in 60 Hz frames", () => {
  const state = createGameState();
  const id = spawnEntity(state.world);
  state.gameplay.ttl.set(eidOf(state.world, id)!, { duration: 0.5, elapsed: 0 });
  for (let frame = 1; frame < 30; frame++) {
    assertEquals(ttlStep(state, 1 / 60), [], `frame ${frame}`);
  }
  // Summing 1/60 drifts by ulps; the entity must still go on frame 30, not 31.
  assertEquals(ttlStep(state, 1 / 60), [id]);
  assert(!isAlive(state.world, id));
  assertEquals(state.gameplay.ttl.size, 0);
});

Deno.test("expired entities despawn in ascending id order; frozen ones age too", () => {
  const state = createGameState();
  const ids = [spawnEntity(state.world), spawnEntity(state.world), spawnEntity(state.world)];
  // Insert out of id order to show the result is sorted.
  for (const [id, duration] of [[ids[2]!, 0.1], [ids[0]!, 0.1], [ids[1]!, 5]] as const) {
    state.gameplay.ttl.set(eidOf(state.world, id)!, { duration, elapsed: 0 });
  }
  addComponent(state.world, ids[0]!, Frozen);
  assertEquals(ttlStep(state, 0.1), [ids[0], ids[2]]);
  assert(isAlive(state.world, ids[1]!));
  assertEquals(state.gameplay.ttl.get(eidOf(state.world, ids[1]!)!)?.elapsed, 0.1);
});
