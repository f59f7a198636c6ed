/**
 * The global functions the engine calls by name, without a game naming them:
 * `on_setup()` once after loading, `on_switch_scene(scene)` on every scene
 * switch, and `on_update_<scene>(input, dt)` every frame of a scene. Every
 * other callback runs only when the game names it (a timer, phase, collision
 * rule, menu or CVar handler).
 *
 * @example
 * ```ts
 * import { sceneUpdateCallback, SETUP_CALLBACK } from "./callback_names.ts";
 * SETUP_CALLBACK; // "on_setup"
 * sceneUpdateCallback("menu"); // "on_update_menu"
 * ```
 *
 * @module
 */

/** Called once after `main.lua` has loaded, before the first scene. */
export const SETUP_CALLBACK = "on_setup";

/** Called with the scene's name when a scene starts. */
export const SWITCH_SCENE_CALLBACK = "on_switch_scene";

/** The start of every scene's update callback name. */
export const SCENE_UPDATE_PREFIX = "on_update_";

/** The first scene when neither the command line nor the game names one. */
export const DEFAULT_SCENE = "menu";

/**
 * The update callback of `scene`.
 *
 * @example
 * ```ts
 * import { sceneUpdateCallback } from "./callback_names.ts";
 * sceneUpdateCallback("play"); // "on_update_play"
 * ```
 */
export function sceneUpdateCallback(scene: string): string {
  return SCENE_UPDATE_PREFIX + scene;
}
