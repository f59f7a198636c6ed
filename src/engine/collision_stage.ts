/**
 * The collision stage (after physics): each overlapping pair that matches
 * a Lua rule runs its callback alone over the synchronous channel, seeing
 * every earlier callback's changes, and its collision queue is applied
 * before the next pair. Pairs whose entity, or whose rule's last carrier, an
 * earlier callback despawned are skipped.
 *
 * @module
 */
import type { GameState } from "../commands/mod.ts";
import { isAlive } from "../ecs/mod.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { findCollisions, stillHeld } from "../systems/collision.ts";
import type { OutcomeApplier } from "./outcomes.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import type { BatchFrame, ScriptStage } from "./script_stage.ts";

/**
 * Run the collision rules of `state` once.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { runCollisionStage } from "./collision_stage.ts";
 * import { OutcomeApplier } from "./outcomes.ts";
 * import type { BatchFrame, ScriptStage } from "./script_stage.ts";
 * declare const stage: ScriptStage, facts: () => BatchFrame;
 * const state = createGameState();
 * runCollisionStage(state, stage, facts, new OutcomeApplier(state));
 * ```
 */
export function runCollisionStage(
  state: GameState,
  stage: ScriptStage,
  facts: () => BatchFrame,
  applier: OutcomeApplier,
): void {
  // One lease of the collision state for the whole stage.
  stage.syncBatch(() => {
    const { world } = state;
    let index = 0;
    for (const pair of findCollisions(state)) {
      if (!isAlive(world, pair.a) || !isAlive(world, pair.b)) continue;
      // The rule went with its last carrier, despawned by an earlier callback.
      if (!stillHeld(state, pair.held)) continue;
      // Both contexts are read from the world as the request is written.
      const planned: PlannedCallback = {
        kind: CallbackKind.Collision,
        fn: pair.callback,
        a: pair.a,
        b: pair.b,
        sides: { a: pair.sidesA, b: pair.sidesB },
        entity: pair.a,
      };
      // A fresh snapshot per callback: it must see what earlier ones changed.
      applier.apply([stage.runSync(facts(), planned, index++)], "collision");
    }
  });
}
