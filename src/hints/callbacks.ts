/**
 * Global functions that look like callbacks but that nothing calls: the
 * engine calls only `on_setup`, `on_switch_scene` and `on_update_<scene>` by
 * itself (src/api/callback_names.ts), and any other callback only when the
 * game names it. `on_update`, `on_updte_menu` or `on_start` are never called;
 * the hint names the convention that was probably meant.
 *
 * @example
 * ```ts
 * import { uncalledCallback } from "./callbacks.ts";
 * uncalledCallback("on_update", new Set(["on_update"]), ["menu"]);
 * // "`on_update` is never called; did you mean `on_update_menu`?"
 * ```
 *
 * @module
 */
import {
  DEFAULT_SCENE,
  SCENE_UPDATE_PREFIX,
  sceneUpdateCallback,
  SETUP_CALLBACK,
  SWITCH_SCENE_CALLBACK,
} from "../api/callback_names.ts";
import { askAbout, closestNames } from "../core/edit_distance.ts";

// What other engines call their start-up callback (love.load, Start, _ready, init).
const SETUP_WORDS = new Set([
  "on_start",
  "on_init",
  "on_load",
  "on_ready",
  "on_begin",
  "on_create",
]);

/**
 * Whether the engine calls a function of this name by itself.
 *
 * @example
 * ```ts
 * import { isEngineCallback } from "./callbacks.ts";
 * isEngineCallback("on_update_play"); // true
 * isEngineCallback("on_update"); // false
 * ```
 */
export function isEngineCallback(name: string): boolean {
  return name === SETUP_CALLBACK || name === SWITCH_SCENE_CALLBACK ||
    (name.startsWith(SCENE_UPDATE_PREFIX) && name.length > SCENE_UPDATE_PREFIX.length);
}

/**
 * Whether a global function's name says it is meant as a callback: it starts
 * with `on_`, or it is a near miss of `on_setup` or `on_switch_scene`.
 *
 * @example
 * ```ts
 * import { looksLikeCallback } from "./callbacks.ts";
 * looksLikeCallback("on_start"); // true
 * looksLikeCallback("onsetup"); // true
 * looksLikeCallback("spawn_ball"); // false
 * ```
 */
export function looksLikeCallback(name: string): boolean {
  return name.startsWith("on_") ||
    closestNames(name, [SETUP_CALLBACK, SWITCH_SCENE_CALLBACK]).length > 0;
}

/**
 * The warning for `name`, a global function nothing calls: the engine
 * callbacks it is close to (scene updates of `scenes`, the default scene
 * included; ones the game has not defined first), or how callbacks are
 * called when none is close.
 *
 * @example
 * ```ts
 * import { uncalledCallback } from "./callbacks.ts";
 * uncalledCallback("on_start", new Set(["on_start"]), []);
 * // "`on_start` is never called; did you mean `on_setup`?"
 * ```
 */
export function uncalledCallback(
  name: string,
  defined: ReadonlySet<string>,
  scenes: Iterable<string>,
): string {
  const all = [
    SETUP_CALLBACK,
    SWITCH_SCENE_CALLBACK,
    ...new Set([DEFAULT_SCENE, ...scenes].map(sceneUpdateCallback)),
  ];
  const picks = new Set<string>([
    // `on_update` for `on_update_menu`: the scene is missing.
    ...all.filter((c) => c.startsWith(`${name}_`)),
    ...(SETUP_WORDS.has(name) ? [SETUP_CALLBACK] : []),
    ...closestNames(name, all),
  ]);
  // Names the game has not defined yet are the likelier fix.
  const ranked = [...picks].sort((a, b) => Number(defined.has(a)) - Number(defined.has(b)));
  const hint = askAbout(ranked.slice(0, 3));
  if (hint !== "") return `\`${name}\` is never called; ${hint}`;
  return `\`${name}\` is never called: the engine calls ${SETUP_CALLBACK}, ` +
    `${SWITCH_SCENE_CALLBACK} and ${SCENE_UPDATE_PREFIX}<scene> by name, and other callbacks ` +
    "only when a timer, phase, collision rule, menu or CVar handler names them";
}
