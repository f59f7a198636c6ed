/**
 * The ways registering or running systems can go wrong.
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * Thrown when a stage name is not one of `STAGES` (stages.ts).
 *
 * @example
 * ```ts
 * import { addSystem, createScheduler } from "./scheduler.ts";
 * import { UnknownStageError } from "./scheduler_errors.ts";
 * const scheduler = createScheduler({ onError: () => {} });
 * try {
 *   addSystem(scheduler, "late" as "render", "x", () => {});
 * } catch (e) {
 *   console.assert(e instanceof UnknownStageError);
 * }
 * ```
 */
export class UnknownStageError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "UNKNOWN_STAGE";
}

/**
 * Thrown when a system name is registered twice in one stage.
 *
 * @example
 * ```ts
 * import { addSystem, createScheduler } from "./scheduler.ts";
 * import { DuplicateSystemError } from "./scheduler_errors.ts";
 * const scheduler = createScheduler({ onError: () => {} });
 * addSystem(scheduler, "physics", "move", () => {});
 * try {
 *   addSystem(scheduler, "physics", "move", () => {});
 * } catch (e) {
 *   console.assert(e instanceof DuplicateSystemError);
 * }
 * ```
 */
export class DuplicateSystemError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "DUPLICATE_SYSTEM";
}

/**
 * Thrown when a frame is started while the previous one is still running
 * (a missing `await`).
 *
 * @example
 * ```ts
 * import { createScheduler, runFrame } from "./scheduler.ts";
 * import { SchedulerBusyError } from "./scheduler_errors.ts";
 * const scheduler = createScheduler({ onError: () => {} });
 * const first = runFrame(scheduler, {});
 * try {
 *   await runFrame(scheduler, {});
 * } catch (e) {
 *   console.assert(e instanceof SchedulerBusyError);
 * }
 * await first;
 * ```
 */
export class SchedulerBusyError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "SCHEDULER_BUSY";
}
