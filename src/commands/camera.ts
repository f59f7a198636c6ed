/**
 * The `camera` category.
 *
 * @module
 */
import { SkippedCommandError } from "./errors.ts";
import { byName, type CategoryCommand, type Processor } from "./processor.ts";

/**
 * Apply one `camera` command. `set_camera` without a zoom keeps the zoom;
 * a zoom that is not positive is refused.
 *
 * @example
 * ```ts
 * import { processCamera } from "./camera.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * processCamera(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "set_camera", category: "camera", collision: false, args: { x: 5, y: 6 } },
 * );
 * console.assert(state.camera.x === 5 && state.camera.zoom === 1);
 * ```
 */
export const processCamera: Processor<CategoryCommand<"camera">> = byName<
  CategoryCommand<"camera">
>({
  set_camera: ({ state }, { args: a }) => {
    if (a.zoom !== undefined && !(a.zoom > 0)) {
      throw new SkippedCommandError(`zoom must be positive, got ${a.zoom}`);
    }
    state.camera.x = a.x;
    state.camera.y = a.y;
    if (a.zoom !== undefined) state.camera.zoom = a.zoom;
  },
});
