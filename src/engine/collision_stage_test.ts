import { assertEquals } from "@std/assert";
import { Collider, eidOf, Position, setComponent, spawnEntity } from "../ecs/mod.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import type { GameState } from "../state/game_state.ts";
import { createGameState } from "../state/game_state.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";
import { runCollisionStage } from "./collision_stage.ts";
import { OutcomeApplier } from "./outcomes.ts";
import type { BatchFrame, ScriptStage } from "./script_stage.ts";
import type { SyncRequest, SyncStarted } from "./sync_request.ts";

function box(state: GameState, group: string, x: number): number {
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Position, { x, y: 0 });
  setComponent(state.world, id, Collider, { w: 10, h: 10, originX: 0, originY: 0 });
  state.world.groups.add(id, group);
  return id;
}

/** Three a/b pairs apart from each other, met through the rule a/b -> hit. */
function threePairs(): GameState {
  const state = createGameState();
  for (let i = 0; i < 3; i++) (box(state, "a", i * 100), box(state, "b", i * 100 + 5));
  const carrier = spawnEntity(state.world);
  state.gameplay.collisionRules.set(eidOf(state.world, carrier)!, [
    { groupA: "a", groupB: "b", callback: "hit" },
  ]);
  return state;
}

/** A stage that runs nothing in Lua: it records what it was asked, in order. */
function recordingStage(failPrepare: (call: number) => boolean) {
  const log: string[] = [];
  let prepares = 0;
  const stage = {
    syncBatch: <T>(work: () => T): T => work(),
    prepareSync(facts: BatchFrame, planned: PlannedCallback, index: number): SyncRequest {
      if (failPrepare(++prepares)) throw new Error("cannot encode");
      log.push(`prepare ${index}`);
      return { facts, planned, index, handle: null };
    },
    startSync(request: SyncRequest): SyncStarted {
      log.push(`start ${request.index}`);
      return { request };
    },
    finishSync(started: SyncStarted): CallbackOutcome {
      log.push(`finish ${started.request.index}`);
      return {
        planned: started.request.planned,
        index: started.request.index,
        commands: [],
        logs: [],
      };
    },
  };
  return { stage: stage as unknown as ScriptStage, log };
}

// A new snapshot object per call, as after a change; the input stays the same value.
const facts = (): BatchFrame => ({
  frame: 0,
  dt: 1 / 60,
  snapshot: {} as BatchFrame["snapshot"],
  input: 0,
});

Deno.test("the next pair's request is encoded while a callback runs and sent when nothing changed", () => {
  const state = threePairs();
  const { stage, log } = recordingStage(() => false);
  const snapshot = facts().snapshot;
  runCollisionStage(state, stage, () => ({ ...facts(), snapshot }), new OutcomeApplier(state));
  assertEquals(log, [
    "prepare 0",
    "start 0",
    "prepare 1",
    "finish 0",
    "start 1",
    "prepare 2",
    "finish 1",
    "start 2",
    "finish 2",
  ]);
});

Deno.test("a changed snapshot encodes the next request again", () => {
  const state = threePairs();
  const { stage, log } = recordingStage(() => false);
  runCollisionStage(state, stage, facts, new OutcomeApplier(state)); // a new snapshot every time
  assertEquals(log.filter((l) => l.startsWith("prepare")), [
    "prepare 0",
    "prepare 1",
    "prepare 1",
    "prepare 2",
    "prepare 2",
  ]);
});

Deno.test("a lookahead that fails to encode leaves the running call to finish and tries again", () => {
  const state = threePairs();
  const { stage, log } = recordingStage((call) => call === 2); // the first lookahead
  const snapshot = facts().snapshot;
  runCollisionStage(state, stage, () => ({ ...facts(), snapshot }), new OutcomeApplier(state));
  assertEquals(log.slice(0, 5), ["prepare 0", "start 0", "finish 0", "prepare 1", "start 1"]);
  assertEquals(log.filter((l) => l.startsWith("finish")).length, 3);
});
