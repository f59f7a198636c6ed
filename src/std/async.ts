/**
 * A minimal stand-in for `jsr:@std/async` (see `src/std/assert.ts` for why).
 *
 * @example
 * ```ts
 * import { delay } from "@std/async";
 * await delay(1);
 * ```
 *
 * @module
 */

/** Options for {@linkcode delay}. */
export interface DelayOptions {
  /** Abort the delay early; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Resolve after `ms` milliseconds.
 *
 * @example
 * ```ts
 * import { delay } from "@std/async";
 * await delay(5);
 * ```
 */
export function delay(ms: number, options: DelayOptions = {}): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(id);
      reject(signal?.reason);
    };
    const id = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * Error thrown by {@linkcode deadline} when the time runs out.
 *
 * @example
 * ```ts
 * import { DeadlineError } from "@std/async";
 * const e = new DeadlineError();
 * ```
 */
export class DeadlineError extends Error {
  /** Create a deadline error. */
  constructor() {
    super("Deadline");
    this.name = "DeadlineError";
  }
}

/**
 * Reject with a {@linkcode DeadlineError} if `p` does not settle within `ms`.
 *
 * @example
 * ```ts
 * import { deadline } from "@std/async";
 * await deadline(Promise.resolve(1), 100);
 * ```
 */
export function deadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let id: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    id = setTimeout(() => reject(new DeadlineError()), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(id));
}
