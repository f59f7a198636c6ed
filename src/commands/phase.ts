/**
 * The `phase` category: request phase transitions; the phase system runs
 * the exit and enter callbacks when it takes the pending transition.
 *
 * @module
 */
import { liveEid } from "./context.ts";
import { SkippedCommandError } from "./errors.ts";
import { byName, type CategoryCommand, type Processor } from "./processor.ts";

/**
 * Apply one `phase` command. A later transition in the same frame replaces
 * an earlier pending one. Any phase name is accepted: a phase without
 * callbacks is a valid state.
 *
 * @example
 * ```ts
 * import { processPhase } from "./phase.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { eidOf, spawnEntity } from "../ecs/mod.ts";
 * import { parsePhaseDef } from "../gameplay/mod.ts";
 * const state = createGameState();
 * const id = spawnEntity(state.world);
 * const phase = parsePhaseDef(new Map([["initial", "idle"]]));
 * if (phase.ok) state.gameplay.phase.set(eidOf(state.world, id)!, phase.value);
 * processPhase(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "phase_transition", category: "phase", collision: false, args: { id, phase: "run" } },
 * );
 * ```
 */
export const processPhase: Processor<CategoryCommand<"phase">> = byName<CategoryCommand<"phase">>({
  phase_transition: ({ state }, { args: a }) => {
    const phase = state.gameplay.phase.get(liveEid(state, a.id));
    if (phase === undefined) throw new SkippedCommandError(`entity ${a.id} has no phase machine`);
    phase.pending = a.phase;
  },
});
