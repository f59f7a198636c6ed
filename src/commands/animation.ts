/**
 * The `animation` category: the animation registry.
 *
 * @module
 */
import { SkippedCommandError } from "./errors.ts";
import { byName, type CategoryCommand, type Processor } from "./processor.ts";

/**
 * Apply one `animation` command. Registering a key again replaces it.
 *
 * @example
 * ```ts
 * import { processAnimation } from "./animation.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * processAnimation(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "register_animation", category: "animation", collision: false,
 *     args: { id: "walk", texture: "hero", x: 0, y: 0, dx: 16, dy: 0, frames: 4, fps: 8, looped: true } },
 * );
 * console.assert(state.animations.get("walk")?.frames === 4);
 * ```
 */
export const processAnimation: Processor<CategoryCommand<"animation">> = byName<
  CategoryCommand<"animation">
>({
  register_animation: ({ state }, { args: a }) => {
    if (a.frames < 1) throw new SkippedCommandError(`frames must be at least 1, got ${a.frames}`);
    if (!(a.fps > 0)) throw new SkippedCommandError(`fps must be positive, got ${a.fps}`);
    const { id, ...def } = a;
    state.animations.set(id, def);
  },
});
