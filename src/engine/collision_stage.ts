/**
 * The collision stage (after physics): each overlapping pair that matches
 * a Lua rule runs its callback alone over the synchronous channel, seeing
 * every earlier callback's changes, and its collision queue is applied
 * before the next pair. Pairs whose entity, or whose rule's last carrier, an
 * earlier callback despawned are skipped.
 *
 * While the worker runs one callback, the next pair's request is encoded;
 * it is sent as it is only when the callback's applied commands cannot have
 * reached it (they touched neither of its entities nor anything the
 * snapshot holds), else it is encoded again.
 *
 * @module
 */
import { type GameState, touchedEntities } from "../commands/mod.ts";
import { isAlive } from "../ecs/mod.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { type CollisionPair, findCollisions, stillHeld } from "../systems/collision.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";
import type { OutcomeApplier } from "./outcomes.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import type { BatchFrame, ScriptStage } from "./script_stage.ts";
import type { SyncRequest } from "./sync_request.ts";

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
    const pairs = findCollisions(state);
    let index = 0;
    // The request of pairs[i], encoded while the callback before it ran.
    let early: SyncRequest | undefined;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      if (!runnable(state, pair)) {
        early = undefined;
        continue;
      }
      // A fresh snapshot per callback: it must see what earlier ones changed.
      const now = facts();
      const request = early !== undefined && sameFacts(early.facts, now)
        ? early
        : stage.prepareSync(now, planned(pair), index);
      early = undefined;
      const started = stage.startSync(request);
      index++;
      const next = pairs[i + 1];
      const ahead = next !== undefined && runnable(state, next)
        ? lookAhead(stage, now, planned(next), index)
        : undefined;
      const outcome = stage.finishSync(started);
      applier.apply([outcome], "collision");
      if (ahead !== undefined && untouched(outcome, next!)) early = ahead;
    }
  });
}

function runnable(state: GameState, pair: CollisionPair): boolean {
  const { world } = state;
  // The rule went with its last carrier, despawned by an earlier callback.
  return isAlive(world, pair.a) && isAlive(world, pair.b) && stillHeld(state, pair.held);
}

// Both contexts are read from the world as the request is encoded.
function planned(pair: CollisionPair): PlannedCallback {
  return {
    kind: CallbackKind.Collision,
    fn: pair.callback,
    a: pair.a,
    b: pair.b,
    sides: { a: pair.sidesA, b: pair.sidesB },
    entity: pair.a,
  };
}

// The next request, or undefined when encoding it failed: the call in flight must be finished
// first, and the next pair's turn encodes it again (and fails there, as without the lookahead).
function lookAhead(
  stage: ScriptStage,
  facts: BatchFrame,
  next: PlannedCallback,
  index: number,
): SyncRequest | undefined {
  try {
    return stage.prepareSync(facts, next, index);
  } catch {
    return undefined;
  }
}

function sameFacts(a: BatchFrame, b: BatchFrame): boolean {
  return a.snapshot === b.snapshot && a.input === b.input;
}

// Whether the collision commands `outcome` applied left `pair`'s two contexts as they were.
function untouched(outcome: CallbackOutcome, pair: CollisionPair): boolean {
  if (outcome.error !== undefined) return true; // a failed callback applies nothing
  const touched = touchedEntities(outcome.commands.filter((c) => c.collision));
  return touched !== undefined && !touched.includes(pair.a) && !touched.includes(pair.b);
}
