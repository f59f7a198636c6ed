/**
 * The collision stage (after physics): each overlapping pair that matches a
 * Lua rule runs its callback, seeing every earlier callback's changes, and
 * its collision queue is applied before the next pair. Pairs whose entity,
 * or whose rule's last carrier, an earlier callback despawned are skipped.
 *
 * The callbacks run in the worker in batches, one after the other, each
 * batch encoded while the worker runs the one before. A callback's outcome
 * is applied only while what the callbacks before it in the batch applied
 * cannot have reached it: they touched neither of its entities nor anything
 * the snapshot holds other than the world signals they wrote, which the
 * runtime gave the later callbacks of the batch as written (entity commands
 * and phase transitions name what they change, world-signal sets and clears
 * their key; sounds, the camera, spawns and clones change nothing a callback
 * reads but snapshot parts; any other command counts as touching
 * everything), and no pair changed whether it runs. The first outcome that
 * fails this is dropped with the rest of the batch, and the next batch
 * starts at its pair, read from the world anew: every callback sees exactly
 * what it would have one at a time. Batches grow while they are applied
 * whole, start small again after a cut, and are picked so that cuts stay
 * rare: a batch holds no two pairs that share an entity, and ends after a
 * callback that has cut a batch lately (see {@linkcode Cutters}). A request
 * lost as a whole (too slow, too much output for the channel) runs its
 * callbacks again one at a time; its reply may take one sync timeout per
 * callback.
 *
 * The next batch is sent as soon as a batch's outcomes arrive, before they
 * are applied, when they are unlikely to change what it read (they write no
 * world signal, make no entity and touch none of its entities): the worker
 * runs it while the main thread applies. It is then checked as any
 * lookahead is; when it does not hold, its outcomes are dropped and its
 * callbacks run again, and the next guesses wait (see {@linkcode Guesses}).
 *
 * @module
 */
import { commandReach, type GameState, type Reach, type WorldWrite } from "../commands/mod.ts";
import { isAlive } from "../ecs/mod.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { type CollisionPair, findCollisions, stillHeld } from "../systems/collision.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";
import { CollisionFacts, type ReaderMemory } from "./collision_facts.ts";
import { Cutters } from "./cutters.ts";
import { Guesses } from "./guesses.ts";
import { collisionCommands, type OutcomeApplier } from "./outcomes.ts";
import type { BatchFrame } from "./batch_encoder.ts";
import type { ScriptStage } from "./script_stage.ts";
import type { SyncRequest, SyncStarted } from "./sync_request.ts";

/** Most collision callbacks in one request. */
const MAX_BATCH = 64;

/** What a stage keeps from one frame to the next. */
interface StageMemory extends ReaderMemory {
  /** The callbacks whose outcome has cut a batch lately: a batch ends after them. */
  readonly cutters: Cutters;
  /** How the last guesses went (see runCollisionStage). */
  readonly guesses: Guesses;
  /**
   * The size the last stage's batches had grown to by its end (1 after a batch was cut): the
   * first batch's size. Each batch that is applied whole doubles it.
   */
  size: number;
  /** Whether the last stage ran callbacks: this one likely will, so its worker is woken first. */
  ran: boolean;
}

const MEMORY = new WeakMap<ScriptStage, StageMemory>();

/** A batch: pairs `[from, to)` of the stage's list, of which `members` run. */
interface Batch {
  readonly from: number;
  readonly to: number;
  readonly members: readonly number[];
  readonly request: SyncRequest;
}

/**
 * Run the collision rules of `state` once.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { runCollisionStage } from "./collision_stage.ts";
 * import { OutcomeApplier } from "./outcomes.ts";
 * import type { BatchFrame } from "./batch_encoder.ts";
 * import type { ScriptStage } from "./script_stage.ts";
 * declare const stage: ScriptStage, facts: (keepComponents: boolean) => BatchFrame;
 * const state = createGameState();
 * runCollisionStage(state, stage, facts, new OutcomeApplier(state));
 * ```
 */
export function runCollisionStage(
  state: GameState,
  stage: ScriptStage,
  facts: (keepComponents: boolean) => BatchFrame,
  applier: OutcomeApplier,
): void {
  // One lease of the collision state for the whole stage.
  stage.syncBatch(() => {
    let memory = MEMORY.get(stage);
    if (memory === undefined) {
      memory = {
        cutters: new Cutters(),
        guesses: new Guesses(),
        readers: false,
        size: 1,
        ran: false,
      };
      MEMORY.set(stage, memory);
    }
    // Its wake overlaps finding the pairs and encoding the first request.
    if (memory.ran) stage.openSync();
    const pairs = findCollisions(state);
    const { cutters, guesses } = memory;
    const source = new CollisionFacts(state, facts, applier, memory);
    let size = memory.size, index = 0, at = 0;
    // A fresh snapshot per batch: it must see what earlier callbacks changed.
    let now = source.next();
    // The batch after the running one, encoded while it ran.
    let early: Batch | undefined;
    // That batch, already sent (see guess) and still right: the next to finish.
    let sent: Running | undefined;
    while (at < pairs.length) {
      let running = sent;
      sent = undefined;
      if (running === undefined) {
        // The lookahead's contexts are still right (see unchanged); a new snapshot (a world
        // signal an applied callback wrote) only needs a new head.
        const batch = early === undefined || early.from !== at
          ? pick(stage, state, pairs, { from: at, size, cutters }, now, index)
          : sameFacts(early.request.facts, now)
          ? early
          : { ...early, request: stage.refreshSync(early.request, now) };
        early = undefined;
        if (batch === undefined) break;
        running = { batch, started: stage.startSync(batch.request) };
      }
      const { batch } = running;
      // Counted only for batches whose outcomes are used: a cutter ends its batch.
      cutters.ended(lastCallback(pairs, batch));
      const grown = Math.min(size * 2, MAX_BATCH);
      const ahead = batch.to < pairs.length
        ? lookAhead(
          stage,
          state,
          pairs,
          { from: batch.to, size: grown, cutters },
          now,
          index + batch.members.length,
        )
        : undefined;
      const received = stage.receiveSync(running.started);
      // The next batch goes out before this one's outcomes are applied, so that the worker runs
      // it meanwhile: a guess that they do not change what it read, checked below as a
      // lookahead is (it is dropped, its callbacks run again, when that does not hold). After a
      // guess that held it goes as soon as the reply is in, before the outcomes are read;
      // otherwise only when they are unlikely to change what it read.
      const mayGuess = received.plain && ahead !== undefined && source.steady;
      let guess = mayGuess && guesses.trusted && guesses.take()
        ? stage.startSync(stage.continueSync(ahead.request))
        : undefined;
      const read = stage.readSync(received), { outcomes, lost } = read;
      const reaches = outcomes.map(reachOf);
      if (
        mayGuess && guess === undefined && !lost &&
        likelyHolds(pairs, batch, ahead, outcomes, reaches, source) && guesses.take()
      ) guess = stage.startSync(stage.continueSync(ahead.request));
      // A lost request of several callbacks (too slow, too much output for the channel) says
      // nothing of any one of them: they run again one at a time. A lone one fails.
      const kept = lost && batch.members.length > 1
        ? { applied: 0, next: batch.from, reached: undefined }
        : applyInOrder(state, pairs, batch, outcomes, reaches, source, applier);
      // While profiling: the costs of the callbacks whose outcomes count (the others run again).
      stage.countSync(read, kept.applied);
      index += kept.applied;
      at = kept.next;
      size = kept.applied === batch.members.length ? grown : 1;
      // The callback whose outcome cut the batch is likely to cut the next one too.
      if (kept.applied > 0 && kept.applied < batch.members.length && !lost) {
        cutters.cut(lastCallback(pairs, batch, kept.applied));
      }
      if (at < pairs.length) now = source.next();
      const holds = ahead !== undefined && at === ahead.from &&
        unchanged(state, pairs, ahead, kept.reached);
      if (guess === undefined) {
        if (holds) early = ahead;
      } else if (holds && !lost && continues(state, batch.request.facts, now, kept.reached)) {
        // It ran on the snapshot as this batch left it, which is the world's now.
        sent = { batch: { ...ahead, request: { ...ahead.request, facts: now } }, started: guess };
        guesses.held();
      } else {
        // It ran on what no longer holds: its callbacks run again.
        stage.finishSync(guess);
        guesses.missed();
      }
    }
    memory.size = size;
    memory.ran = index > 0;
  });
}

/** A batch and its request in flight. */
interface Running {
  readonly batch: Batch;
  readonly started: SyncStarted;
}

// The callback of `batch`'s member `n` (by default its last).
function lastCallback(
  pairs: readonly CollisionPair[],
  batch: Batch,
  n = batch.members.length,
): string {
  return pairs[batch.members[n - 1]!]!.callback;
}

/** Where a batch starts, how many callbacks it may hold, and after which ones it ends. */
interface Picking {
  readonly from: number;
  readonly size: number;
  readonly cutters: Cutters;
}

/** The next batch from `how.from` on; undefined when no pair is left to run. */
function pick(
  stage: ScriptStage,
  state: GameState,
  pairs: readonly CollisionPair[],
  how: Picking,
  facts: BatchFrame,
  index: number,
): Batch | undefined {
  const members: number[] = [];
  const entities = new Set<number>();
  let to = how.from;
  while (to < pairs.length && members.length < how.size) {
    const pair = pairs[to]!;
    if (runnable(state, pair)) {
      // A pair that shares an entity with a member is likely to see that member's changes.
      if (entities.has(pair.a) || entities.has(pair.b)) break;
      members.push(to);
      entities.add(pair.a).add(pair.b);
      if (how.cutters.has(pair.callback)) {
        to++;
        break;
      }
    }
    to++;
  }
  if (members.length === 0) return undefined;
  const planned = members.map((i) => plannedOf(pairs[i]!));
  return { from: how.from, to, members, request: stage.prepareSync(facts, planned, index) };
}

// The batch after the running one, or undefined when encoding it failed: the call in flight
// must be finished first, and the batch is picked again on its turn (and fails there, as it
// would without the lookahead).
function lookAhead(...args: Parameters<typeof pick>): Batch | undefined {
  try {
    return pick(...args);
  } catch {
    return undefined;
  }
}

/** What applying a batch's outcomes in order kept. */
interface Kept {
  /** Outcomes applied. */
  readonly applied: number;
  /** The pair to go on from. */
  readonly next: number;
  /** What the applied outcomes may have changed; undefined: anything. */
  readonly reached: Reached | undefined;
}

/** What the outcomes applied so far in a batch changed that a callback reads. */
interface Reached {
  /** Entities, by id. */
  readonly entities: Set<number>;
  /** World-signal writes, the last one per key (by part and key). */
  readonly writes: Map<string, WorldWrite>;
}

function applyInOrder(
  state: GameState,
  pairs: readonly CollisionPair[],
  batch: Batch,
  outcomes: readonly CallbackOutcome[],
  reaches: readonly (Reach | undefined)[],
  source: CollisionFacts,
  applier: OutcomeApplier,
): Kept {
  const sent = batch.request.facts;
  let reached: Reached | undefined = { entities: new Set(), writes: new Map() };
  let applied = 0, p = batch.from;
  for (; p < batch.to; p++) {
    const pair = pairs[p]!;
    const member = batch.members[applied] === p;
    const runs = runnable(state, pair);
    // A pair skipped when the batch was picked must still be skipped now.
    if (!member) {
      if (runs) break;
      continue;
    }
    const outcome = outcomes[applied]!;
    // The first member was read after everything before it was applied (or, in a lookahead,
    // checked unchanged since).
    if (applied > 0) {
      if (!runs || reached === undefined) break;
      if (reached.entities.has(pair.a) || reached.entities.has(pair.b)) break;
      if (!sameFactsBut(state, sent, source.next(), reached.writes)) break;
    }
    // Components may have been sent as they were earlier (see CollisionFacts): a callback that
    // read a changed entity runs again, with the components of its turn.
    const reads = outcome.componentReads;
    if (reads !== undefined && !source.readsCurrent(sent, reads)) {
      source.refresh();
      break;
    }
    applier.apply([outcome], "collision");
    source.applied(reaches[applied], makesEntities(outcome));
    applied++;
    reached = addReach(reached, reaches[applied - 1]);
  }
  return { applied, next: p, reached };
}

// What an outcome's collision commands change that a callback reads (a failed callback applies
// nothing); undefined: anything.
function reachOf(outcome: CallbackOutcome): Reach | undefined {
  // Commands the engine could not read were not applied, but the runtime ran the callback and kept
  // its world-signal writes: count it as changing anything.
  if (outcome.undecoded) return undefined;
  if (outcome.error !== undefined) return NOTHING;
  return commandReach(collisionCommands(outcome.commands));
}

const NOTHING: Reach = { entities: [], writes: [] };

function addReach(reached: Reached | undefined, reach: Reach | undefined): Reached | undefined {
  if (reached === undefined || reach === undefined) return undefined;
  for (const id of reach.entities) reached.entities.add(id);
  for (const w of reach.writes) reached.writes.set(`${w.part}\0${w.key}`, w);
  return reached;
}

// Whether `ahead` is likely to hold once `batch`'s `outcomes` are applied: they make no entity
// (that changes the snapshot beyond what the runtime kept of world-signal writes), touch neither
// an entity of a later member nor one of `ahead`'s, and read no components that are not the
// world's (a member that did cuts the batch).
function likelyHolds(
  pairs: readonly CollisionPair[],
  batch: Batch,
  ahead: Batch,
  outcomes: readonly CallbackOutcome[],
  reaches: readonly (Reach | undefined)[],
  source: CollisionFacts,
): boolean {
  const touched = new Set<number>();
  const untouched = (i: number) => !touched.has(pairs[i]!.a) && !touched.has(pairs[i]!.b);
  for (let m = 0; m < outcomes.length; m++) {
    const reach = reaches[m], outcome = outcomes[m]!, reads = outcome.componentReads;
    if (reach === undefined || !untouched(batch.members[m]!)) return false;
    if (makesEntities(outcome)) return false;
    if (reads !== undefined) {
      const reached = reads === "any" ? touched.size > 0 : reads.some((id) => touched.has(id));
      if (reached || !source.readsCurrent(batch.request.facts, reads)) return false;
    }
    for (const id of reach.entities) touched.add(id);
  }
  return ahead.members.every(untouched);
}

const MAKES: ReadonlySet<string> = new Set(["spawn", "clone"]);

// Whether an outcome's collision commands make entities.
function makesEntities(outcome: CallbackOutcome): boolean {
  return outcome.commands.some((c) => c.collision && MAKES.has(c.category));
}

const SIGNAL_PARTS: ReadonlySet<string> = new Set(["scalars", "integers", "strings", "flags"]);

/**
 * Whether `now` is `sent` with `writes` applied, as the runtime gave it to the
 * later callbacks of the batch: the same input and snapshot parts, except
 * world-signal parts that were written, which hold each write (the last per
 * key) and changed in nothing else (only these writes could change them).
 * The components part is left to {@linkcode CollisionFacts.readsCurrent}:
 * only a callback that read it needs it the same.
 */
function sameFactsBut(
  state: GameState,
  sent: BatchFrame,
  now: BatchFrame,
  writes: ReadonlyMap<string, WorldWrite>,
): boolean {
  if (sent.input !== now.input) return false;
  if (sent.snapshot !== now.snapshot) {
    const a = sent.snapshot as unknown as Readonly<Record<string, unknown>>;
    const b = now.snapshot as unknown as Readonly<Record<string, unknown>>;
    for (const key in b) {
      if (a[key] === b[key] || key === "components") continue;
      if (writes.size > 0 && SIGNAL_PARTS.has(key)) continue;
      return false;
    }
    for (const key in a) if (!(key in b)) return false;
  }
  return heldWrites(state, writes);
}

/** Whether the world signals hold each of `writes` (the last per key). */
function heldWrites(state: GameState, writes: ReadonlyMap<string, WorldWrite>): boolean {
  const signals = state.signals;
  for (const { part, key, value } of writes.values()) {
    const held = part === "scalars"
      ? signals.getScalar(key)
      : part === "integers"
      ? signals.getInteger(key)
      : part === "strings"
      ? signals.getString(key)
      : signals.hasFlag(key) || undefined;
    if (!Object.is(held, value)) return false;
  }
  return true;
}

/** Whether `batch`, picked before `reached` was applied, is still what picking it now gives. */
function unchanged(
  state: GameState,
  pairs: readonly CollisionPair[],
  batch: Batch,
  reached: Reached | undefined,
): boolean {
  // The snapshot needs no check here: a batch is sent with the snapshot of its turn.
  if (reached === undefined) return false;
  const touched = reached.entities;
  let m = 0;
  for (let p = batch.from; p < batch.to; p++) {
    const pair = pairs[p]!;
    const member = batch.members[m] === p;
    if (member) m++;
    if (runnable(state, pair) !== member) return false;
    if (member && (touched.has(pair.a) || touched.has(pair.b))) return false;
  }
  return true;
}

function runnable(state: GameState, pair: CollisionPair): boolean {
  const { world } = state;
  // The rule went with its last carrier, despawned by an earlier callback.
  return isAlive(world, pair.a) && isAlive(world, pair.b) && stillHeld(state, pair.held);
}

// Both contexts are read from the world as the request is encoded.
function plannedOf(pair: CollisionPair): PlannedCallback {
  return {
    kind: CallbackKind.Collision,
    fn: pair.callback,
    a: pair.a,
    b: pair.b,
    sides: { a: pair.sidesA, b: pair.sidesB },
    entity: pair.a,
  };
}

/**
 * Whether a guess sent after a batch that ran on `sent` saw what the world holds `now` that the
 * batch is applied: a guess runs on the snapshot its state holds, which is `sent` with the
 * world-signal writes of the batch's callbacks, so the world must hold `sent` with those writes
 * (and the same components part and input). `reached` is what the batch's outcomes changed.
 */
function continues(
  state: GameState,
  sent: BatchFrame,
  now: BatchFrame,
  reached: Reached | undefined,
): boolean {
  if (reached === undefined || sent.input !== now.input) return false;
  if (sent.snapshot.components !== now.snapshot.components) return false;
  // Even the same snapshot: a write the engine refused changes nothing here, but the runtime kept it.
  return sameFactsBut(state, sent, now, reached.writes);
}

function sameFacts(a: BatchFrame, b: BatchFrame): boolean {
  return a.snapshot === b.snapshot && a.input === b.input;
}
