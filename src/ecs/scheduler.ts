/**
 * The scheduler: systems registered into named stages that run in a fixed
 * order every frame. Within a stage, systems run in registration
 * order.
 *
 * @module
 */
import { DuplicateSystemError, SchedulerBusyError, UnknownStageError } from "./scheduler_errors.ts";
import { type Stage, STAGES } from "./stages.ts";

/**
 * A system: called once per frame with the frame context. It may return a
 * promise (the scripts stage waits for workers); the scheduler awaits it
 * before the next system.
 *
 * @example
 * ```ts
 * import type { System } from "./scheduler.ts";
 * const tick: System<{ frame: number }> = (ctx) => {
 *   ctx.frame++;
 * };
 * ```
 */
export type System<C> = (ctx: C) => void | Promise<void>;

/**
 * What the error handler learns about a system that threw.
 *
 * @example
 * ```ts
 * import type { SystemFailure } from "./scheduler.ts";
 * const f: SystemFailure = { stage: "physics", system: "move", frame: 3, error: new Error("x") };
 * ```
 */
export interface SystemFailure {
  /** Stage the system is registered in. */
  readonly stage: Stage;
  /** Name the system was registered with. */
  readonly system: string;
  /** Frame number (0 for the first {@linkcode runFrame}). */
  readonly frame: number;
  /** What the system threw or rejected with. */
  readonly error: unknown;
}

/**
 * Options of {@linkcode createScheduler}.
 *
 * @example
 * ```ts
 * import { createScheduler, type SchedulerOptions } from "./scheduler.ts";
 * const options: SchedulerOptions = { onError: (f) => console.error(f.system, f.error) };
 * const scheduler = createScheduler(options);
 * ```
 */
export interface SchedulerOptions {
  /** Called for each system that throws; the frame then goes on with the next system. */
  onError: (failure: SystemFailure) => void;
}

interface Entry<C> {
  readonly name: string;
  readonly run: System<C>;
}

/**
 * Told how long each stage of a frame took (see {@linkcode setStageTimer}).
 *
 * @example
 * ```ts
 * import type { StageTimer } from "./scheduler.ts";
 * const timer: StageTimer = (stage, ms) => console.log(`${stage}: ${ms.toFixed(2)} ms`);
 * ```
 */
export type StageTimer = (stage: Stage, ms: number) => void;

interface SchedulerState<C> {
  // Replaced, never mutated, so a frame in progress keeps the list it started with.
  readonly stages: Map<Stage, readonly Entry<C>[]>;
  readonly onError: (failure: SystemFailure) => void;
  frame: number;
  running: boolean;
  timer: StageTimer | undefined;
}

let stateOf!: <C>(scheduler: Scheduler<C>) => SchedulerState<C>;

/**
 * Systems by stage and the frame counter. Make one with
 * {@linkcode createScheduler}.
 *
 * @example
 * ```ts
 * import { addSystem, createScheduler, runFrame } from "./scheduler.ts";
 * const scheduler = createScheduler<{ log: string[] }>({ onError: () => {} });
 * addSystem(scheduler, "render", "draw", (ctx) => void ctx.log.push("draw"));
 * await runFrame(scheduler, { log: [] });
 * ```
 */
export class Scheduler<C> {
  #state: SchedulerState<C>;

  static {
    stateOf = (scheduler) => scheduler.#state;
  }

  /**
   * Create a scheduler with no systems (same as {@linkcode createScheduler}).
   *
   * @example
   * ```ts
   * import { Scheduler } from "./scheduler.ts";
   * const scheduler = new Scheduler<void>({ onError: () => {} });
   * ```
   */
  constructor(options: SchedulerOptions) {
    this.#state = {
      stages: new Map(STAGES.map((stage) => [stage, []])),
      onError: options.onError,
      frame: 0,
      running: false,
      timer: undefined,
    };
  }

  /**
   * How many frames have completed; the number the next frame reports.
   *
   * @example
   * ```ts
   * import { createScheduler, runFrame } from "./scheduler.ts";
   * const scheduler = createScheduler({ onError: () => {} });
   * await runFrame(scheduler, {});
   * console.assert(scheduler.frame === 1);
   * ```
   */
  get frame(): number {
    return this.#state.frame;
  }
}

/**
 * Create a scheduler; `onError` hears about every system that throws.
 *
 * @example
 * ```ts
 * import { createScheduler } from "./scheduler.ts";
 * const scheduler = createScheduler({ onError: (f) => console.error(f) });
 * ```
 */
export function createScheduler<C>(options: SchedulerOptions): Scheduler<C> {
  return new Scheduler<C>(options);
}

function entriesOf<C>(state: SchedulerState<C>, stage: Stage): readonly Entry<C>[] {
  const entries = state.stages.get(stage);
  if (entries === undefined) {
    throw new UnknownStageError(`Unknown stage "${stage}": expected one of ${STAGES.join(", ")}`);
  }
  return entries;
}

/**
 * Register system `run` as `name` at the end of `stage`. A system added during
 * a frame first runs in that stage's next run.
 *
 * @throws {UnknownStageError} when `stage` is not a stage.
 * @throws {DuplicateSystemError} when `stage` already has a system `name`.
 * @example
 * ```ts
 * import { addSystem, createScheduler } from "./scheduler.ts";
 * const scheduler = createScheduler<{ dt: number }>({ onError: () => {} });
 * addSystem(scheduler, "physics", "gravity", (ctx) => {
 *   console.assert(ctx.dt > 0);
 * });
 * ```
 */
export function addSystem<C>(
  scheduler: Scheduler<C>,
  stage: Stage,
  name: string,
  run: System<C>,
): void {
  const state = stateOf(scheduler);
  const entries = entriesOf(state, stage);
  if (entries.some((entry) => entry.name === name)) {
    throw new DuplicateSystemError(`Stage "${stage}" already has a system named "${name}"`);
  }
  state.stages.set(stage, [...entries, { name, run }]);
}

/**
 * Unregister system `name` from `stage`; returns whether it was there.
 *
 * @example
 * ```ts
 * import { addSystem, createScheduler, removeSystem } from "./scheduler.ts";
 * const scheduler = createScheduler({ onError: () => {} });
 * addSystem(scheduler, "render", "draw", () => {});
 * console.assert(removeSystem(scheduler, "render", "draw"));
 * ```
 */
export function removeSystem<C>(scheduler: Scheduler<C>, stage: Stage, name: string): boolean {
  const state = stateOf(scheduler);
  const entries = entriesOf(state, stage);
  const kept = entries.filter((entry) => entry.name !== name);
  state.stages.set(stage, kept);
  return kept.length !== entries.length;
}

/**
 * Names of the systems of `stage` in the order they run.
 *
 * @example
 * ```ts
 * import { addSystem, createScheduler, systemNames } from "./scheduler.ts";
 * const scheduler = createScheduler({ onError: () => {} });
 * addSystem(scheduler, "physics", "a", () => {});
 * addSystem(scheduler, "physics", "b", () => {});
 * console.assert(systemNames(scheduler, "physics").join() === "a,b");
 * ```
 */
export function systemNames<C>(scheduler: Scheduler<C>, stage: Stage): string[] {
  return entriesOf(stateOf(scheduler), stage).map((entry) => entry.name);
}

async function runEntries<C>(
  state: SchedulerState<C>,
  stage: Stage,
  ctx: C,
): Promise<void> {
  for (const entry of entriesOf(state, stage)) {
    try {
      const pending = entry.run(ctx);
      // Only await real promises: an await per sync system would cost a
      // microtask turn each.
      if (pending !== undefined) await pending;
    } catch (error) {
      state.onError({ stage, system: entry.name, frame: state.frame, error });
    }
  }
}

async function guarded<C>(state: SchedulerState<C>, body: () => Promise<void>): Promise<void> {
  if (state.running) {
    throw new SchedulerBusyError("A frame is already running: await runFrame before the next");
  }
  state.running = true;
  try {
    await body();
  } finally {
    state.running = false;
  }
}

/**
 * Run every stage in {@linkcode STAGES} order with `ctx`, then count the frame.
 * A system that throws is reported to `onError` and the frame goes on.
 *
 * @throws {SchedulerBusyError} when the previous frame has not finished.
 * @example
 * ```ts
 * import { addSystem, createScheduler, runFrame } from "./scheduler.ts";
 * const order: string[] = [];
 * const scheduler = createScheduler<string[]>({ onError: () => {} });
 * addSystem(scheduler, "render", "draw", (log) => void log.push("render"));
 * addSystem(scheduler, "input", "keys", (log) => void log.push("input"));
 * await runFrame(scheduler, order);
 * console.assert(order.join() === "input,render");
 * ```
 */
export function runFrame<C>(scheduler: Scheduler<C>, ctx: C): Promise<void> {
  const state = stateOf(scheduler);
  return guarded(state, async () => {
    for (const stage of STAGES) {
      // Read per stage: a system may set or clear the timer during the frame.
      const timer = state.timer;
      if (timer === undefined) await runEntries(state, stage, ctx);
      else {
        const started = performance.now();
        await runEntries(state, stage, ctx);
        timer(stage, performance.now() - started);
      }
    }
    state.frame++;
  });
}

/**
 * Time every stage {@linkcode runFrame} runs from now on, telling `timer` the
 * milliseconds each took (waits for workers included); `undefined` stops
 * timing. Untimed frames read no clock.
 *
 * @example
 * ```ts
 * import { createScheduler, runFrame, setStageTimer } from "./scheduler.ts";
 * import type { Stage } from "./stages.ts";
 * const scheduler = createScheduler({ onError: () => {} });
 * const seen: Stage[] = [];
 * setStageTimer(scheduler, (stage) => void seen.push(stage));
 * await runFrame(scheduler, {});
 * console.assert(seen.length === 8 && seen[0] === "input");
 * ```
 */
export function setStageTimer<C>(scheduler: Scheduler<C>, timer: StageTimer | undefined): void {
  stateOf(scheduler).timer = timer;
}

/**
 * Run the systems of one stage with `ctx`, outside of a frame (for example the
 * apply stage right after `on_setup`). Does not count a frame.
 *
 * @throws {SchedulerBusyError} when a frame is running.
 * @example
 * ```ts
 * import { addSystem, createScheduler, runStage } from "./scheduler.ts";
 * let applied = 0;
 * const scheduler = createScheduler({ onError: () => {} });
 * addSystem(scheduler, "apply", "queues", () => void applied++);
 * await runStage(scheduler, "apply", {});
 * console.assert(applied === 1);
 * ```
 */
export function runStage<C>(scheduler: Scheduler<C>, stage: Stage, ctx: C): Promise<void> {
  const state = stateOf(scheduler);
  return guarded(state, () => runEntries(state, stage, ctx));
}
