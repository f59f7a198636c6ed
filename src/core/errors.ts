/**
 * The base class of every error Moonglow throws for a failure a caller may handle.
 *
 * Each subclass carries a stable `code` (upper snake case, unique across the engine), so that
 * code reacting to an error matches the class or the code, never the message: messages are
 * written for people and may change. Argument checks that only a programming mistake can trip
 * (a negative capacity, a wrong type) throw the platform's `RangeError` and `TypeError` instead,
 * as the platform's own APIs do.
 *
 * Where a failure is data rather than an interruption, a boundary returns a {@linkcode Result}
 * instead of throwing: per-callback outcomes and worker replies (many per frame, and they cross
 * a thread), and checks whose caller collects every problem to report them together.
 *
 * @example
 * ```ts
 * import { MoonglowError } from "./errors.ts";
 * class OutOfCheeseError extends MoonglowError {
 *   static override readonly code = "OUT_OF_CHEESE";
 * }
 * const e = new OutOfCheeseError("The cheese ran out");
 * console.assert(e.code === "OUT_OF_CHEESE" && e.name === "OutOfCheeseError");
 * ```
 *
 * @module
 */

/**
 * A failure the engine reports on purpose. Subclasses declare `static override readonly code`;
 * an instance's `code` reads its class's, and its `name` is its class's name.
 *
 * @example
 * ```ts
 * import { MoonglowError } from "./errors.ts";
 * class LateError extends MoonglowError {
 *   static override readonly code = "LATE";
 * }
 * try {
 *   throw new LateError("Too late");
 * } catch (e) {
 *   if (e instanceof MoonglowError) console.log(e.code); // "LATE"
 * }
 * ```
 */
export abstract class MoonglowError extends Error {
  /** The stable identifier of this kind of failure; every subclass declares its own. */
  static readonly code: string = "MOONGLOW";

  /** Create the error; `name` is set from the class. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }

  /** The stable identifier of this kind of failure (its class's `code`). */
  get code(): string {
    return (this.constructor as typeof MoonglowError).code;
  }
}

/**
 * The outcome of an operation whose failure is data: the value, or why there is none.
 *
 * @example
 * ```ts
 * import type { Result } from "./errors.ts";
 * function half(n: number): Result<number> {
 *   return n % 2 === 0 ? { ok: true, value: n / 2 } : { ok: false, error: `${n} is odd` };
 * }
 * const r = half(3);
 * if (!r.ok) console.log(r.error); // "3 is odd"
 * ```
 */
export type Result<T, E = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };
