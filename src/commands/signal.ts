/**
 * The `signal` category: writes to the world signals.
 *
 * @module
 */
import { liveEid } from "./context.ts";
import { byName, type CategoryCommand, type Processor } from "./processor.ts";

/**
 * Apply one `signal` command. `set_entity` refuses an id that is not alive.
 *
 * @example
 * ```ts
 * import { processSignal } from "./signal.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * processSignal(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "set_flag", category: "signal", collision: false, args: { key: "won" } },
 * );
 * console.assert(state.signals.hasFlag("won"));
 * ```
 */
export const processSignal: Processor<CategoryCommand<"signal">> = byName<
  CategoryCommand<"signal">
>({
  set_scalar: ({ state }, { args: a }) => state.signals.setScalar(a.key, a.value),
  set_integer: ({ state }, { args: a }) => state.signals.setInteger(a.key, a.value),
  set_string: ({ state }, { args: a }) => state.signals.setString(a.key, a.value),
  set_flag: ({ state }, { args: a }) => state.signals.setFlag(a.key),
  clear_scalar: ({ state }, { args: a }) => state.signals.clearScalar(a.key),
  clear_integer: ({ state }, { args: a }) => state.signals.clearInteger(a.key),
  clear_string: ({ state }, { args: a }) => state.signals.clearString(a.key),
  clear_flag: ({ state }, { args: a }) => state.signals.clearFlag(a.key),
  set_entity: ({ state }, { args: a }) => {
    liveEid(state, a.id);
    state.signals.setEntity(a.key, a.id);
  },
  remove_entity: ({ state }, { args: a }) => state.signals.removeEntity(a.key),
});
