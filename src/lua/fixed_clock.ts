/**
 * Pinning the clock while a Lua state is created, so that its string hash
 * seed does not depend on the time.
 *
 * @module
 */

/**
 * Run `fn` with `Date.now` pinned to 0. Lua seeds its string hashing from
 * `time(NULL)` (here `Date.now`) and the state's addresses when a state is
 * created; with the clock pinned, a state's seed, and so the order `pairs`
 * visits string keys, depends only on where the state sits in its worker's
 * memory: the same in every run, and the same for slot k of every worker.
 *
 * @example
 * ```ts
 * import { atFixedClock } from "./fixed_clock.ts";
 * console.log(atFixedClock(() => Date.now())); // 0
 * ```
 */
export function atFixedClock<T>(fn: () => T): T {
  const now = Date.now;
  Date.now = () => 0;
  try {
    return fn();
  } finally {
    Date.now = now;
  }
}
