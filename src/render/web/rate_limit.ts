/**
 * A token bucket: at most `burst` events at once, refilled at `perSecond`.
 * The web renderer gives one to every page socket so a flood of frames is
 * cut off instead of reaching the game.
 *
 * @example
 * ```ts
 * import { RateLimiter } from "./rate_limit.ts";
 * let now = 0;
 * const limit = new RateLimiter({ perSecond: 2, now: () => now });
 * [limit.take(), limit.take(), limit.take()]; // [true, true, false]
 * now = 500; // half a second later one more is allowed
 * limit.take(); // true
 * ```
 *
 * @module
 */

/** Options of {@linkcode RateLimiter}. */
export interface RateLimiterOptions {
  /** Sustained events per second; a positive number. */
  perSecond: number;
  /** Events allowed at once. Default: `perSecond`. */
  burst?: number;
  /** Clock in milliseconds. Default: `performance.now`. */
  now?: () => number;
}

/**
 * Counts events against a refilling budget.
 *
 * @example
 * ```ts
 * import { RateLimiter } from "./rate_limit.ts";
 * const limit = new RateLimiter({ perSecond: 100 });
 * limit.take(); // true
 * ```
 */
export class RateLimiter {
  #perMs: number;
  #burst: number;
  #now: () => number;
  #tokens: number;
  #last: number;

  /** Create a full bucket. */
  constructor(options: RateLimiterOptions) {
    const { perSecond } = options;
    const burst = options.burst ?? perSecond;
    if (!(perSecond > 0) || !(burst >= 1)) {
      throw new RangeError(
        `A rate limit needs perSecond > 0 and burst >= 1, got ${perSecond} and ${burst}`,
      );
    }
    this.#perMs = perSecond / 1000;
    this.#burst = burst;
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = burst;
    this.#last = this.#now();
  }

  /**
   * Spend one event; `false` when the budget is used up (nothing is spent then).
   *
   * @example
   * ```ts
   * import { RateLimiter } from "./rate_limit.ts";
   * const limit = new RateLimiter({ perSecond: 1, now: () => 0 });
   * [limit.take(), limit.take()]; // [true, false]
   * ```
   */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#last) * this.#perMs);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
