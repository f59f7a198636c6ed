/**
 * TTL expiry: despawn entities whose time to live has run out.
 *
 * @module
 */
import { despawnEntity, idOf } from "../ecs/mod.ts";
import type { GameState } from "../state/game_state.ts";

// Summing dt = 1/60 drifts by ulps; an entity due on a frame must not slip to the next.
const EPSILON = 1e-9;

/**
 * Add `dt` to every TTL and despawn, in ascending id order, the entities
 * whose elapsed time reached their duration. Frozen entities age too.
 * Returns the despawned ids.
 *
 * @example
 * ```ts
 * import { ttlStep } from "./ttl.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { eidOf, isAlive, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * const id = spawnEntity(state.world);
 * state.gameplay.ttl.set(eidOf(state.world, id)!, { duration: 0.5, elapsed: 0 });
 * ttlStep(state, 0.25);
 * ttlStep(state, 0.25);
 * console.assert(!isAlive(state.world, id));
 * ```
 */
export function ttlStep(state: GameState, dt: number): number[] {
  const expired: number[] = [];
  for (const [eid, ttl] of state.gameplay.ttl.entries()) {
    ttl.elapsed += dt;
    if (ttl.elapsed >= ttl.duration - EPSILON) {
      const id = idOf(state.world, eid);
      if (id !== undefined) expired.push(id);
    }
  }
  expired.sort((a, b) => a - b);
  for (const id of expired) despawnEntity(state.world, id);
  return expired;
}
