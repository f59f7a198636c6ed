/**
 * Turning callback outcomes into world changes: log lines and errors are
 * reported in callback order, commands are queued with their apply-order
 * key (callback kind, entity, index) and applied by category.
 *
 * @module
 */
import type { Command } from "../api/mod.ts";
import { applyCallbackCommands, type GameState, type QueuedCallback } from "../commands/mod.ts";
import type { GameHints } from "../hints/mod.ts";
import { HintCode } from "../lua/batch_types.ts";
import { applyPhaseReturns, KIND_RANK } from "./plan.ts";
import { callbackName, type CallbackOutcome, NO_COMMANDS } from "./batch_outcomes.ts";

/**
 * The collision queue's part of a callback's commands: `commands` itself when they all are
 * (a collision callback's usually are), else a new list of them.
 *
 * @example
 * ```ts
 * import { collisionCommands } from "./outcomes.ts";
 * import type { Command } from "../api/mod.ts";
 * declare const commands: Command[];
 * const now = collisionCommands(commands); // applied right after the callback
 * ```
 */
export function collisionCommands(commands: readonly Command[]): readonly Command[] {
  for (let i = 0; i < commands.length; i++) {
    if (!commands[i]!.collision) return commands.filter((c) => c.collision);
  }
  return commands;
}

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
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { OutcomeApplier } from "./outcomes.ts";
 * import type { CallbackOutcome } from "./batch_outcomes.ts";
 * declare const outcomes: CallbackOutcome[]; // what a ScriptStage run returned
 * const applier = new OutcomeApplier(createGameState());
 * applier.apply(outcomes, "apply_stage");
 * ```
 */
export class OutcomeApplier {
  #state: GameState;
  /** Regular-queue commands issued by collision callbacks, for the next apply stage. */
  #deferred: QueuedCallback[] = [];

  #hints: GameHints | undefined;
  #version = 0;

  /** Apply to `state`; `hints` words the mistakes the runtime notices (else they are not reported). */
  constructor(state: GameState, hints?: GameHints) {
    this.#state = state;
    this.#hints = hints;
  }

  /**
   * Counts the calls of {@linkcode OutcomeApplier.apply}: while it stays the
   * same, nothing this applier applies has changed the world.
   */
  get version(): number {
    return this.#version;
  }

  /** Forget deferred commands (a scene switch clears the queues). */
  clear(): void {
    this.#deferred = [];
  }

  /**
   * Report and apply `outcomes`. In `"collision"` mode, commands of the
   * regular queues wait for the next apply stage (only collision queues
   * apply right after a collision callback).
   */
  apply(outcomes: readonly CallbackOutcome[], mode: ApplyMode): void {
    this.#version++;
    const log = this.#state.log;
    const queued = mode === "apply_stage" ? this.#deferred.splice(0) : [];
    // Indexed loops: a frame has thousands of outcomes and this runs hot.
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      const logs = o.logs;
      for (let k = 0; k < logs.length; k++) {
        const line = logs[k]!;
        if (line.hint) this.#hint(o, line.message);
        else log.write(line.level, line.message);
      }
      if (o.error !== undefined) {
        const name = callbackName(o.planned);
        log.callbackError(name, o.planned.entity === 0 ? null : o.planned.entity, o.error);
        continue;
      }
      // Compact commands (see commands/compact.ts) are applied as they are, never decoded here.
      const compact = mode === "collision" ? undefined : o.compact;
      if (compact === undefined && o.commands.length === 0) continue;
      const index = o.index, rank = KIND_RANK[o.planned.kind] ?? 99, entity = o.planned.entity;
      if (mode === "collision") {
        const now = collisionCommands(o.commands);
        if (now !== o.commands) {
          const regular = o.commands.filter((c) => !c.collision);
          this.#deferred.push({ index, rank, entity, commands: regular });
        }
        queued.push({ index, rank, entity, commands: now });
      } else {
        const commands = compact === undefined ? o.commands : NO_COMMANDS;
        queued.push({ index, rank, entity, commands, compact });
      }
    }
    applyCallbackCommands(this.#state, queued);
    applyPhaseReturns(this.#state.world, this.#state.gameplay, outcomes);
  }

  /** A mistake the runtime noticed in `o`'s callback, by its code. */
  #hint(o: CallbackOutcome, code: string): void {
    if (code !== HintCode.UnbuiltBuilder || !this.#hints) return;
    for (const w of this.#hints.unbuiltBuilder(callbackName(o.planned))) this.#state.log.warn(w);
  }
}
