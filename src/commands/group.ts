/**
 * The `group` category: which groups Lua can count.
 *
 * @module
 */
import { byName, type CategoryCommand, type Processor } from "./processor.ts";

/**
 * Apply one `group` command.
 *
 * @example
 * ```ts
 * import { processGroup } from "./group.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * processGroup(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "track_group", category: "group", collision: false, args: { group: "bricks" } },
 * );
 * console.assert(state.tracked.has("bricks"));
 * ```
 */
export const processGroup: Processor<CategoryCommand<"group">> = byName<CategoryCommand<"group">>({
  track_group: ({ state }, { args: a }) => state.tracked.track(a.group),
  untrack_group: ({ state }, { args: a }) => state.tracked.untrack(a.group),
  clear_tracked_groups: ({ state }) => state.tracked.clear(),
});
