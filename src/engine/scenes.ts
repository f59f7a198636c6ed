/**
 * Switching scenes: the requests a frame made, leaving the old scene (only
 * persistent entities stay), and the failure of a loading callback.
 *
 * @module
 */
import type { GameState } from "../commands/mod.ts";
import { aliveIds, despawnEntity, hasComponent, Persistent, type World } from "../ecs/mod.ts";
import { gameErrorText } from "../state/error_text.ts";
import { callbackName, type CallbackOutcome } from "./batch_outcomes.ts";
import { GameLoadFailedError } from "./load.ts";

/**
 * The scene this frame asked for (`engine.switch_scene`, or the
 * `switch_scene` flag with the `scene` string signal, else `current`), or
 * undefined; the requests are cleared.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { takeSceneRequest } from "./scenes.ts";
 * const state = createGameState();
 * state.requests.switchScene = "level";
 * takeSceneRequest(state, "menu"); // "level"
 * ```
 */
export function takeSceneRequest(state: GameState, current: string): string | undefined {
  const signals = state.signals;
  let next = state.requests.switchScene;
  if (signals.hasFlag("switch_scene")) {
    signals.clearFlag("switch_scene");
    next ??= signals.getString("scene") ?? current;
  }
  state.requests.switchScene = undefined;
  return next;
}

/**
 * Leave the current scene: every entity without `Persistent` is despawned.
 *
 * @example
 * ```ts
 * import { createWorld } from "../ecs/mod.ts";
 * import { leaveScene } from "./scenes.ts";
 * leaveScene(createWorld());
 * ```
 */
export function leaveScene(world: World): void {
  for (const id of aliveIds(world)) {
    if (!hasComponent(world, id, Persistent)) despawnEntity(world, id);
  }
}

/**
 * The {@linkcode GameLoadFailedError} of the first loading callback that
 * failed, in the game's words unless `verbose`; undefined when none failed.
 *
 * @example
 * ```ts
 * import { loadFailure } from "./scenes.ts";
 * loadFailure([], false); // undefined
 * ```
 */
export function loadFailure(
  outcomes: readonly CallbackOutcome[],
  verbose: boolean,
): GameLoadFailedError | undefined {
  const failed = outcomes.find((o) => o.error !== undefined);
  if (failed?.error === undefined) return undefined;
  const name = callbackName(failed.planned);
  const error = verbose ? failed.error : gameErrorText(failed.error);
  return new GameLoadFailedError(`${name} failed: ${error}`, name);
}
