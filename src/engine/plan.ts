/**
 * Which Lua callbacks run this frame: the scene update, phase enter / update /
 * exit, and timers that fire. Planning also advances the phase machines and
 * timers, so the plan is the single place those clocks move.
 *
 * @module
 */
import type { GameplayTables, PhaseData } from "../gameplay/mod.ts";
import { aliveEntities, eidOf, idOf, type World } from "../ecs/mod.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { sceneUpdateCallback } from "../api/callback_names.ts";
import type { EngineLog } from "../state/log.ts";
import type { WorldContexts } from "./entity_context.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";

/**
 * Apply-order rank of each callback kind (commands apply by callback kind,
 * then entity id, then issue order). A phase's exit applies before the next
 * phase's enter.
 *
 * @example
 * ```ts
 * import { KIND_RANK } from "./plan.ts";
 * import { CallbackKind } from "../lua/batch_types.ts";
 * KIND_RANK[CallbackKind.PhaseExit]! < KIND_RANK[CallbackKind.PhaseEnter]!; // true
 * ```
 */
export const KIND_RANK: Readonly<Record<number, number>> = {
  [CallbackKind.Call]: 0,
  [CallbackKind.SceneUpdate]: 1,
  [CallbackKind.PhaseExit]: 2,
  [CallbackKind.PhaseEnter]: 3,
  [CallbackKind.PhaseUpdate]: 4,
  [CallbackKind.Timer]: 5,
  [CallbackKind.Menu]: 6,
  [CallbackKind.Collision]: 7,
  [CallbackKind.CVar]: 8,
  [CallbackKind.Chunk]: 9,
};

/** Seconds of float drift forgiven when a timer is due. */
const TIMER_EPSILON = 1e-9;

/** What the planner reads. */
export interface PlanInput {
  /** The world. */
  world: World;
  /** Gameplay side tables (phases, timers). */
  tables: GameplayTables;
  /** Current scene name. */
  scene: string;
  /** Names of the game's global functions. */
  functions: ReadonlySet<string>;
  /** Fixed timestep in seconds. */
  dt: number;
  /** For unknown phases and missing callbacks. */
  log: EngineLog;
  /** The world's contexts (a phase exit's is copied before the phase changes). */
  contexts: WorldContexts;
  /** Plans kept from earlier frames (see {@linkcode PlanCache}); without it, every plan is new. */
  cache?: PlanCache;
}

/** What {@linkcode PlanCache} keeps of an eid: the plan of its update and what it was made for. */
interface KeptUpdate {
  phase: PhaseData;
  current: string;
  id: number;
  plan: PlannedCallback | undefined;
}

/**
 * The phase-update plans of earlier frames, by eid: an entity whose phase machine is still in the
 * same phase is planned with the same object, without looking its update up again, so that a
 * frame of thousands of updates makes no object and reads no callback table. (Plans are never
 * changed once made, and neither are a machine's callbacks.)
 *
 * @example
 * ```ts
 * import type { PhaseData } from "../gameplay/mod.ts";
 * import { PlanCache } from "./plan.ts";
 * const phase: PhaseData = {
 *   initial: "go", current: "go", previous: null, pending: null, timeInPhase: 0, entered: true,
 *   callbacks: { go: { update: "on_go" } },
 * };
 * const cache = new PlanCache();
 * console.assert(cache.update(3, 7, phase) === cache.update(3, 7, phase));
 * console.assert(cache.update(3, 7, phase) !== cache.update(3, 9, phase)); // eid 3 reused by id 9
 * ```
 */
export class PlanCache {
  #kept: (KeptUpdate | undefined)[] = [];

  /** The plan of the update of `phase`'s current phase for entity `id` (eid `eid`), if it has one. */
  update(eid: number, id: number, phase: PhaseData): PlannedCallback | undefined {
    const kept = this.#kept[eid], current = phase.current;
    if (kept !== undefined && kept.phase === phase && kept.current === current && kept.id === id) {
      return kept.plan;
    }
    const plan = updatePlan(id, phase);
    this.#kept[eid] = { phase, current, id, plan };
    return plan;
  }
}

// The plan of the update of `phase`'s current phase for entity `id`, if it has one.
function updatePlan(id: number, phase: PhaseData): PlannedCallback | undefined {
  const fn = phase.callbacks[phase.current]?.update;
  return fn === undefined ? undefined : { kind: CallbackKind.PhaseUpdate, fn, ctx: id, entity: id };
}

/**
 * Plan this frame's callbacks in a deterministic order (scene, then entities
 * by ascending id), make phase transitions and advance timers. Entity
 * callbacks name their entity by id: the encoder reads its context from the
 * world when it writes the batch. Only a phase exit carries a copy of its
 * context, taken before the phase changes. Phase clocks move after the
 * frame's contexts are encoded ({@linkcode advancePhaseClocks}), so every
 * context of a frame shows the same `time_in_phase`.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { WorldContexts } from "./entity_context.ts";
 * import { planFrame } from "./plan.ts";
 * const { world, gameplay: tables, log } = createGameState();
 * const contexts = new WorldContexts(world, tables);
 * const functions = new Set(["on_update_menu"]);
 * const planned = planFrame({ world, tables, scene: "menu", functions, dt: 1 / 60, log, contexts });
 * planned.length; // 1: the scene's update
 * ```
 */
export function planFrame(input: PlanInput): PlannedCallback[] {
  const { world, tables, scene, functions } = input;
  const out: PlannedCallback[] = [];
  const sceneFn = sceneUpdateCallback(scene);
  if (functions.has(sceneFn)) out.push({ kind: CallbackKind.SceneUpdate, fn: sceneFn, entity: 0 });
  const { ids, eids } = scriptedEntities(world, tables);
  for (let i = 0; i < ids.length; i++) planEntity(input, ids[i]!, eids[i]!, out);
  return out;
}

// Below this share of the live entities with a phase or a timer, the planner visits those alone
// (sorted by id) rather than every live entity: games with many unscripted entities (particles,
// rocks, bullets) then plan in time that grows with their scripted ones.
const FEW_SCRIPTED = 1 / 16;

/** The live entities with a phase machine or a timer, in ascending id order, or more of them. */
function scriptedEntities(
  world: World,
  tables: GameplayTables,
): { ids: ArrayLike<number>; eids: ArrayLike<number> } {
  const alive = aliveEntities(world);
  const { phase, luaTimer } = tables;
  if (phase.size + luaTimer.size > alive.ids.length * FEW_SCRIPTED) return alive;
  // Both tables hold live entities only (a despawn removes their rows).
  const pairs: [number, number][] = [];
  const add = (eid: number) => {
    const id = idOf(world, eid);
    if (id !== undefined) pairs.push([id, eid]);
  };
  for (const eid of phase.keys()) add(eid);
  for (const eid of luaTimer.keys()) if (!phase.has(eid)) add(eid);
  pairs.sort((a, b) => a[0] - b[0]);
  return { ids: pairs.map((p) => p[0]), eids: pairs.map((p) => p[1]) };
}

// Plan entity `id`'s callbacks of this frame (eid `eid`) into `out`: a phase change asked for,
// its enter and update, and its timer when due.
function planEntity(input: PlanInput, id: number, eid: number, out: PlannedCallback[]): void {
  const { tables, dt, log, cache } = input;
  const phase = tables.phase.get(eid);
  if (phase) {
    if (phase.pending !== null) {
      if (phase.pending !== phase.current) {
        if (phase.callbacks[phase.pending] === undefined) {
          log.warn(`phase_transition: entity ${id} has no phase '${phase.pending}'`);
        } else {
          const exit = phase.callbacks[phase.current]?.exit;
          // The exit's context shows the phase being left: copied now.
          const ctx = exit ? input.contexts.capture(id) : undefined;
          if (exit && ctx) out.push({ kind: CallbackKind.PhaseExit, fn: exit, ctx, entity: id });
          phase.previous = phase.current;
          phase.current = phase.pending;
          phase.timeInPhase = 0;
          phase.entered = false;
        }
      }
      phase.pending = null;
    }
    // The frame a phase is entered runs its enter callback and then its update.
    if (!phase.entered) {
      phase.entered = true;
      const enter = phase.callbacks[phase.current]?.enter;
      if (enter) out.push({ kind: CallbackKind.PhaseEnter, fn: enter, ctx: id, entity: id });
    }
    const update = cache ? cache.update(eid, id, phase) : updatePlan(id, phase);
    if (update) out.push(update);
  }
  const timer = tables.luaTimer.get(eid);
  if (timer) {
    timer.elapsed += dt;
    // Summing 1/60 drifts below exact multiples; a tiny tolerance keeps a
    // 0.25 s timer on frame 15, not 16 (TTL uses the same).
    // A 0 s timer fires every frame.
    if (timer.elapsed + TIMER_EPSILON >= timer.duration) {
      timer.elapsed = timer.duration > 0 ? timer.elapsed - timer.duration : 0;
      out.push({ kind: CallbackKind.Timer, fn: timer.callback, ctx: id, entity: id });
    }
  }
}

/**
 * Advance every live entity's phase clock by `dt`: after the frame's
 * contexts were encoded, so that they all show the same `time_in_phase`.
 *
 * @example
 * ```ts
 * import type { PlanInput } from "./plan.ts";
 * import { advancePhaseClocks, planFrame } from "./plan.ts";
 * import type { BatchFrame } from "./batch_encoder.ts";
 * import type { ScriptStage } from "./script_stage.ts";
 * declare const input: PlanInput, stage: ScriptStage, facts: BatchFrame;
 * const planned = planFrame(input);
 * await stage.run(facts, planned);
 * advancePhaseClocks(input.tables, input.dt);
 * ```
 */
export function advancePhaseClocks(tables: GameplayTables, dt: number): void {
  // The table holds live entities only (a despawn removes the row): no lookup per entity.
  for (const phase of tables.phase.values()) phase.timeInPhase += dt;
}

/**
 * A phase enter or update callback that returned a phase name asks for a
 * transition; it wins over `phase_transition` for the same entity.
 *
 * @example
 * ```ts
 * import { applyPhaseReturns, type PlanInput, planFrame } from "./plan.ts";
 * import type { BatchFrame } from "./batch_encoder.ts";
 * import type { ScriptStage } from "./script_stage.ts";
 * declare const input: PlanInput, stage: ScriptStage, facts: BatchFrame;
 * const outcomes = await stage.run(facts, planFrame(input));
 * applyPhaseReturns(input.world, input.tables, outcomes);
 * ```
 */
export function applyPhaseReturns(
  world: World,
  tables: GameplayTables,
  outcomes: readonly { planned: PlannedCallback; returned?: string; error?: string }[],
): void {
  for (const o of outcomes) {
    const { planned } = o;
    if (o.error !== undefined || o.returned === undefined) continue;
    if (planned.kind !== CallbackKind.PhaseUpdate && planned.kind !== CallbackKind.PhaseEnter) {
      continue;
    }
    const eid = eidOf(world, planned.entity);
    const phase = eid === undefined ? undefined : tables.phase.get(eid);
    if (phase && o.returned !== phase.current) phase.pending = o.returned;
  }
}
