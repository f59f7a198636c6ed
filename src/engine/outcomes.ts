/**
 * Turning callback outcomes into world changes: log lines and errors are
 * reported in callback order, commands are queued with their apply-order
 * key (callback kind, entity, index) and applied by category.
 *
 * @module
 */
import { applyCallbackCommands, type GameState, type QueuedCallback } from "../commands/mod.ts";
import { applyPhaseReturns, KIND_RANK } from "./plan.ts";
import { callbackName, type CallbackOutcome } from "./script_stage.ts";

/**
 * When outcomes are applied: in the apply stage (with commands deferred from
 * earlier collision callbacks), right away (setup, scene switch, handlers,
 * console), or after a collision callback (only its collision queue now).
 */
export type ApplyMode = "apply_stage" | "now" | "collision";

/**
 * Applies callback outcomes to a game state.
 *
 * @example
 * ```ts ignore
 * const applier = new OutcomeApplier(state);
 * applier.apply(outcomes, "apply_stage");
 * ```
 */
export class OutcomeApplier {
  #state: GameState;
  /** Regular-queue commands issued by collision callbacks, for the next apply stage. */
  #deferred: QueuedCallback[] = [];

  /** Apply to `state`. */
  constructor(state: GameState) {
    this.#state = state;
  }

  /** Forget deferred commands (a scene switch clears the queues, SPEC 3.4). */
  clear(): void {
    this.#deferred = [];
  }

  /**
   * Report and apply `outcomes`. In `"collision"` mode, commands of the
   * regular queues wait for the next apply stage (SPEC 3.2: only collision
   * queues apply right after a collision callback).
   */
  apply(outcomes: readonly CallbackOutcome[], mode: ApplyMode): void {
    const log = this.#state.log;
    const queued = mode === "apply_stage" ? this.#deferred.splice(0) : [];
    for (const o of outcomes) {
      const name = callbackName(o.planned);
      for (const l of o.logs) log.write(l.level, l.message);
      if (o.error !== undefined) {
        log.callbackError(name, o.planned.entity === 0 ? null : o.planned.entity, o.error);
        continue;
      }
      if (o.commands.length === 0) continue;
      const origin = {
        index: o.index,
        kind: KIND_RANK[o.planned.kind] ?? 99,
        entity: o.planned.entity,
      };
      if (mode === "collision") {
        const regular = o.commands.filter((c) => !c.collision);
        if (regular.length > 0) this.#deferred.push({ ...origin, commands: regular });
        queued.push({ ...origin, commands: o.commands.filter((c) => c.collision) });
      } else {
        queued.push({ ...origin, commands: o.commands });
      }
    }
    applyCallbackCommands(this.#state, queued);
    applyPhaseReturns(this.#state.world, this.#state.gameplay, outcomes);
  }
}
