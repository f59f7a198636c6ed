/**
 * Camera follow: the camera centres on `camera.target` when one is set.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import { getComponent, isAlive, Position } from "../ecs/mod.ts";

/**
 * Centre the camera on its target's position. A target that no longer
 * exists is dropped and the camera stays where it is; a target without a
 * position leaves the camera alone. Runs after collision (post_update), so
 * it shows where the target ended the frame, and wins over `set_camera`'s
 * x / y while a target is set (zoom is kept).
 *
 * @example
 * ```ts
 * import { cameraFollowStep } from "./camera_follow.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { Position, setComponent, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * const hero = spawnEntity(state.world);
 * setComponent(state.world, hero, Position, { x: 120, y: 80 });
 * state.camera.target = hero;
 * cameraFollowStep(state);
 * console.assert(state.camera.x === 120 && state.camera.y === 80);
 * ```
 */
export function cameraFollowStep(state: GameState): void {
  const { camera, world } = state;
  if (camera.target === undefined) return;
  if (!isAlive(world, camera.target)) {
    camera.target = undefined;
    return;
  }
  const pos = getComponent(world, camera.target, Position);
  if (pos === undefined) return;
  camera.x = pos.x;
  camera.y = pos.y;
}
