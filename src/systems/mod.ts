/**
 * Gameplay systems: pure functions over the game state, run each frame in
 * the stage the registry names, in ascending entity id order. Add your own
 * TypeScript systems to any stage with `addSystem` on a scheduler, or list
 * them in `GAMEPLAY_SYSTEMS` when extending the engine.
 *
 * @example
 * ```ts
 * import { GAMEPLAY_SYSTEMS } from "./mod.ts";
 * GAMEPLAY_SYSTEMS.some((s) => s.name === "physics"); // true
 * ```
 *
 * @module
 */
export {
  CALLBACK_SOURCES,
  type CallbackSource,
  type FrameInfo,
  GAMEPLAY_SYSTEMS,
  type GameplaySystem,
} from "./registry.ts";
export { physicsStep } from "./physics.ts";
export { ttlStep } from "./ttl.ts";
export {
  type CollisionPair,
  findCollisions,
  type HeldRule,
  rulesInForce,
  stillHeld,
} from "./collision.ts";
export { tweenStep, tweenValues } from "./tween.ts";
export { ease, EASING_FUNCTIONS } from "./easing.ts";
export { stucktoStep } from "./stuckto.ts";
export { animationStep, chooseAnimation, conditionHolds, frameRect } from "./animation.ts";
export { cameraFollowStep } from "./camera_follow.ts";
export { mouseControlStep } from "./mouse_control.ts";
export { menuStep, planMenuCallbacks } from "./menu.ts";
export { directionVelocity, particleStep } from "./particles.ts";
export { Prng } from "./prng.ts";
export { GridLayoutError, gridLayoutStep, spawnGridLayout } from "./grid_layout.ts";
export { TiledMapError } from "../assets/errors.ts";
