/**
 * Test helpers of the collision stage: pair worlds and a stage that runs no
 * Lua but records what it is asked and answers with outcomes built in
 * TypeScript.
 *
 * @module
 */
import type { Command } from "../api/mod.ts";
import { Collider, eidOf, Position, setComponent, spawnEntity } from "../ecs/mod.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import type { ComponentReads, ComponentsPart } from "../lua/components_part.ts";
import type { RunCost } from "../lua/batch_profile.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import type { GameState } from "../state/game_state.ts";
import { createGameState } from "../state/game_state.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";
import { runCollisionStage } from "./collision_stage.ts";
import { componentsPart } from "./component_view.ts";
import { OutcomeApplier } from "./outcomes.ts";
import type { BatchFrame } from "./batch_encoder.ts";
import type { ScriptStage } from "./script_stage.ts";
import type { SyncRead, SyncReceived, SyncRequest, SyncStarted } from "./sync_request.ts";

/** A box of `group` at `x` with a collider. */
export function box(state: GameState, group: string, x: number): number {
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Position, { x, y: 0 });
  setComponent(state.world, id, Collider, { w: 10, h: 10, originX: 0, originY: 0 });
  state.world.groups.add(id, group);
  return id;
}

/** `n` a/b pairs apart from each other, met through the rule a/b -> hit; the a ids. */
export function pairsWorld(n: number): { state: GameState; as: number[] } {
  const state = createGameState();
  const as: number[] = [];
  for (let i = 0; i < n; i++) (as.push(box(state, "a", i * 100)), box(state, "b", i * 100 + 5));
  const carrier = spawnEntity(state.world);
  state.gameplay.collisionRules.set(eidOf(state.world, carrier)!, [
    { groupA: "a", groupB: "b", callback: "hit" },
  ]);
  return { state, as };
}

/** The collision command setting entity `id`'s velocity to (`vx`, 0). */
export const velocity = (id: number, vx: number): Command => ({
  op: 0,
  name: "entity_set_velocity",
  category: "entity",
  collision: true,
  args: { id, vx, vy: 0 },
});

/** A recording stage and what it was asked. */
export interface Recording {
  stage: ScriptStage;
  /** "prepare <first index> <entities>", "start <first index>", "finish <first index>". */
  log: string[];
  /** The first index of each request sent to run on the snapshot its state holds. */
  continued: number[];
  /** How many times the stage asked for its worker to be woken ahead of its requests. */
  opened: () => number;
  /** While profiling: the entity (side a) of each callback whose cost was counted, in order. */
  counted: number[];
}

/**
 * A stage that runs nothing in Lua: it records what it is asked, and each
 * callback's outcome sets its `a` entity's velocity x to `commands(a)`'s
 * target ids (by default its own).
 */
export function recordingStage(
  options: {
    failPrepare?: (call: number) => boolean;
    lose?: (firstIndex: number, count: number) => boolean;
    targets?: (a: number) => number[];
    /** More commands of the callback for `a`, run as callback `index`. */
    also?: (a: number, index: number) => Command[];
    /**
     * The callback for `a` reads the components `part` it was sent: what it
     * read, and its commands instead of the velocity one.
     */
    read?: (
      a: number,
      part: ComponentsPart | undefined,
    ) => { reads: ComponentReads; commands: Command[] } | undefined;
    /** Run as a profiled stage: each callback's reply has its cost. */
    profiled?: boolean;
    /** The callback for `a` succeeded in the runtime, but its commands could not be read. */
    undecoded?: (a: number) => boolean;
    /** Called as each request is sent. */
    onStart?: (request: SyncRequest) => void;
  } = {},
): Recording {
  const log: string[] = [], continued: number[] = [], counted: number[] = [];
  let prepares = 0, opens = 0;
  const stage = {
    costs: options.profiled ? {} : undefined,
    syncBatch: <T>(work: () => T): T => work(),
    openSync: () => void opens++,
    countSync(read: SyncRead, kept: number) {
      for (const c of read.costs?.slice(0, kept) ?? []) counted.push(Number(c.name));
    },
    prepareSync(facts: BatchFrame, planned: readonly PlannedCallback[], index: number) {
      if (options.failPrepare?.(++prepares)) throw new Error("cannot encode");
      log.push(`prepare ${index} ${planned.map((p) => p.entity).join(",")}`);
      return { facts, planned, index, handle: null } satisfies SyncRequest;
    },
    refreshSync(request: SyncRequest, facts: BatchFrame) {
      log.push(`refresh ${request.index}`);
      return { ...request, facts } satisfies SyncRequest;
    },
    continueSync(request: SyncRequest) {
      continued.push(request.index);
      return request;
    },
    startSync(request: SyncRequest): SyncStarted {
      log.push(`start ${request.index}`);
      options.onStart?.(request);
      return { request };
    },
    receiveSync(started: SyncStarted): SyncReceived {
      const { planned, index } = started.request;
      log.push(`finish ${index}`);
      const lost = options.lose?.(index, planned.length) ?? false;
      return { started, plain: !lost, failure: lost ? new Error("lost") : undefined };
    },
    finishSync(started: SyncStarted) {
      return stage.readSync(stage.receiveSync(started));
    },
    readSync({ started, failure }: SyncReceived) {
      const { planned, index } = started.request;
      const lost = failure !== undefined;
      const part = started.request.facts.snapshot.components;
      const outcomes: CallbackOutcome[] = planned.map((p, i): CallbackOutcome => {
        if (!lost && options.undecoded?.(p.entity)) {
          const error = "bad command data";
          return { planned: p, index: index + i, commands: [], logs: [], error, undecoded: true };
        }
        const read = lost ? undefined : options.read?.(p.entity, part);
        return {
          planned: p,
          index: index + i,
          commands: lost ? [] : read?.commands ?? [
            ...(options.targets?.(p.entity) ?? [p.entity]).map((id) => velocity(id, index + i)),
            ...(options.also?.(p.entity, index + i) ?? []),
          ],
          logs: [],
          error: lost ? "lost" : undefined,
          componentReads: read?.reads,
        };
      });
      // A cost per callback (named by its entity), as a profiled reply has them.
      const costs = options.profiled && !lost
        ? planned.map((p) => ({ ...ONE_CALL, name: String(p.entity) }))
        : undefined;
      return { outcomes, lost, costs } satisfies SyncRead;
    },
  };
  return {
    stage: stage as unknown as ScriptStage,
    log,
    continued,
    opened: () => opens,
    counted,
  };
}

const ONE_CALL: RunCost = {
  kind: CallbackKind.Collision,
  name: "",
  calls: 1,
  ms: 0.01,
  instructions: 10,
  commands: 1,
  errors: 0,
};

/** One snapshot and input for the whole stage: nothing but entities changes. */
export function steadyFacts(): () => BatchFrame {
  const frame: BatchFrame = {
    frame: 0,
    dt: 1 / 60,
    snapshot: {} as BatchFrame["snapshot"],
    input: 0,
  };
  return () => ({ ...frame });
}

/** The log's start lines. */
export const starts = (rec: Recording) => rec.log.filter((l) => l.startsWith("start"));
/** A collision command `name` of `category` with `args`. */
export const command = (name: string, category: Command["category"], args: object): Command =>
  ({ op: 0, name, category, collision: true, args }) as Command;

/** Run the collision stage of `state` once through `rec`'s stage. */
export function run(
  state: GameState,
  rec: Recording,
  facts: (keepComponents: boolean) => BatchFrame = steadyFacts(),
): void {
  runCollisionStage(state, rec.stage, facts, new OutcomeApplier(state));
}

/** Entity `id`'s velocity x. */
export const vx = (state: GameState, id: number) =>
  state.world.components.velocity.x[eidOf(state.world, id)!];

/**
 * Snapshots of nothing but the components of `state`, written anew unless
 * the stage says the world is unchanged (as the engine's snapshot cache).
 */
export function componentFacts(state: GameState): (keepComponents: boolean) => BatchFrame {
  let snapshot: BatchFrame["snapshot"] | undefined;
  return (keepComponents) => {
    if (!keepComponents || snapshot === undefined) {
      snapshot = { components: componentsPart(state) } as unknown as BatchFrame["snapshot"];
    }
    return { frame: 0, dt: 1 / 60, snapshot, input: 0 };
  };
}
