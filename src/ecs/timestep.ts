/**
 * Fixed timestep: real elapsed time in, a whole number of simulation steps out.
 *
 * The simulation only ever sees `dt = 1 / hz`, so the same inputs give the
 * same world whatever the frame rate; rendering uses `alpha` to interpolate.
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * Thrown when a tick rate or step cap is not a positive number.
 *
 * @example
 * ```ts
 * import { FixedTimestep, InvalidTimestepError } from "./timestep.ts";
 * try {
 *   new FixedTimestep({ hz: 0 });
 * } catch (e) {
 *   console.assert(e instanceof InvalidTimestepError);
 * }
 * ```
 */
export class InvalidTimestepError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "INVALID_TIMESTEP";
}

/**
 * Options of {@linkcode FixedTimestep}.
 *
 * @example
 * ```ts
 * import { FixedTimestep, type TimestepOptions } from "./timestep.ts";
 * const options: TimestepOptions = { hz: 120, maxSteps: 8 };
 * const timestep = new FixedTimestep(options);
 * ```
 */
export interface TimestepOptions {
  /** Simulation steps per second. Default 60 (CVar `sys_tick_hz`). */
  hz?: number;
  /** Most steps one {@linkcode FixedTimestep.advance} may ask for. Default 5. */
  maxSteps?: number;
}

/**
 * What to do for one rendered frame.
 *
 * @example
 * ```ts
 * import { FixedTimestep, type TimestepResult } from "./timestep.ts";
 * const r: TimestepResult = new FixedTimestep().advance(1 / 60);
 * console.assert(r.steps === 1);
 * ```
 */
export interface TimestepResult {
  /** Simulation steps to run now, each of `dt` seconds. */
  readonly steps: number;
  /** How far between the last and the next step the render time is, in [0, 1). */
  readonly alpha: number;
  /** Steps skipped because of the cap (the game ran slower than real time). */
  readonly dropped: number;
}

// A step is due when the accumulator is within this fraction of a step of it,
// so elapsed times like 1/60 that are inexact in binary still add up to one
// step each.
const EPSILON_STEPS = 1e-7;

function checkPositive(what: string, value: number, integer: boolean): number {
  const ok = integer ? Number.isSafeInteger(value) : Number.isFinite(value);
  if (!ok || value <= 0) {
    throw new InvalidTimestepError(
      `${what} must be a positive ${integer ? "integer" : "number"}, got ${value}`,
    );
  }
  return value;
}

/**
 * Accumulates real time and hands out fixed steps, with a cap against the
 * spiral of death. `hz` may change at run time; time already accumulated is
 * kept and measured in the new steps.
 *
 * @example
 * ```ts
 * import { FixedTimestep } from "./timestep.ts";
 * const timestep = new FixedTimestep({ hz: 60 });
 * const { steps } = timestep.advance(0.05); // 50 ms of real time
 * console.assert(steps === 3);
 * ```
 */
export class FixedTimestep {
  #hz: number;
  #maxSteps: number;
  #accumulator = 0;

  /**
   * Create a timestep with nothing accumulated.
   *
   * @throws {InvalidTimestepError} when `hz` or `maxSteps` is not positive.
   * @example
   * ```ts
   * import { FixedTimestep } from "./timestep.ts";
   * const timestep = new FixedTimestep({ hz: 30 });
   * console.assert(timestep.dt === 1 / 30);
   * ```
   */
  constructor(options: TimestepOptions = {}) {
    this.#hz = checkPositive("Tick rate", options.hz ?? 60, false);
    this.#maxSteps = checkPositive("Step cap", options.maxSteps ?? 5, true);
  }

  /**
   * Steps per second.
   *
   * @example
   * ```ts
   * import { FixedTimestep } from "./timestep.ts";
   * const timestep = new FixedTimestep();
   * timestep.hz = 30;
   * console.assert(timestep.hz === 30);
   * ```
   */
  get hz(): number {
    return this.#hz;
  }

  /** @throws {InvalidTimestepError} when not a positive finite number. */
  set hz(value: number) {
    this.#hz = checkPositive("Tick rate", value, false);
  }

  /**
   * Most steps one {@linkcode advance} returns.
   *
   * @example
   * ```ts
   * import { FixedTimestep } from "./timestep.ts";
   * const timestep = new FixedTimestep();
   * timestep.maxSteps = 2;
   * console.assert(timestep.advance(1).steps === 2);
   * ```
   */
  get maxSteps(): number {
    return this.#maxSteps;
  }

  /** @throws {InvalidTimestepError} when not a positive integer. */
  set maxSteps(value: number) {
    this.#maxSteps = checkPositive("Step cap", value, true);
  }

  /**
   * Seconds of simulated time per step: `1 / hz`.
   *
   * @example
   * ```ts
   * import { FixedTimestep } from "./timestep.ts";
   * console.assert(new FixedTimestep({ hz: 50 }).dt === 0.02);
   * ```
   */
  get dt(): number {
    return 1 / this.#hz;
  }

  /**
   * Add `elapsedSeconds` of real time and say how many steps to run now.
   * Negative or non-finite elapsed times count as zero (a clock hiccup must
   * not stop the game).
   *
   * @example
   * ```ts
   * import { FixedTimestep } from "./timestep.ts";
   * const timestep = new FixedTimestep({ hz: 10 });
   * const r = timestep.advance(0.25);
   * console.assert(r.steps === 2 && Math.abs(r.alpha - 0.5) < 1e-9);
   * ```
   */
  advance(elapsedSeconds: number): TimestepResult {
    if (Number.isFinite(elapsedSeconds) && elapsedSeconds > 0) {
      this.#accumulator += elapsedSeconds;
    }
    const hz = this.#hz;
    const due = Math.floor(this.#accumulator * hz + EPSILON_STEPS);
    this.#accumulator = Math.max(0, this.#accumulator - due / hz);
    const steps = Math.min(due, this.#maxSteps);
    const alpha = Math.min(this.#accumulator * hz, 1 - Number.EPSILON);
    return { steps, alpha, dropped: due - steps };
  }

  /**
   * Forget accumulated time (after a pause or a scene load).
   *
   * @example
   * ```ts
   * import { FixedTimestep } from "./timestep.ts";
   * const timestep = new FixedTimestep();
   * timestep.advance(0.01);
   * timestep.reset();
   * console.assert(timestep.advance(0.01).steps === 0);
   * ```
   */
  reset(): void {
    this.#accumulator = 0;
  }
}
