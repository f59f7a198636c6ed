/**
 * How each end of a sync channel waits for its turn: a bounded poll of the
 * STATE word, then `Atomics.wait`.
 *
 * @example
 * ```ts
 * import { Poller, waitWhile } from "./sync_poll.ts";
 * import { createSyncBuffer, SYNC_STATE } from "./sync_channel.ts";
 * const ctrl = new Int32Array(createSyncBuffer(), 0, 16);
 * waitWhile(ctrl, SYNC_STATE.READY, performance.now() + 1, new Poller(1)); // true: STATE is OFF
 * ```
 *
 * @module
 */
import { SYNC_WORD } from "./sync_channel.ts";

const { STATE } = SYNC_WORD;

// Before sleeping in `Atomics.wait`, each end polls the STATE word. When the
// two threads run on different cores, waking a sleeper (twice per call) costs
// about as long as a collision callback takes in the worker, and the main
// thread needs less than that between calls: the turn usually comes back
// within the poll. The main thread is blocked in the call anyway;
// the worker polls less because the main thread may do other work between
// callbacks.
/**
 * How long the main thread polls before it sleeps, in ms.
 *
 * @example
 * ```ts
 * import { MAIN_POLL_MS, Poller } from "./sync_poll.ts";
 * new Poller(MAIN_POLL_MS);
 * ```
 */
export const MAIN_POLL_MS = 1;
/**
 * How long the worker polls before it sleeps, in ms.
 *
 * @example
 * ```ts
 * import { Poller, WORKER_POLL_MS } from "./sync_poll.ts";
 * new Poller(WORKER_POLL_MS);
 * ```
 */
export const WORKER_POLL_MS = 1;
// Loads between clock reads: `performance.now()` costs about ten loads.
const POLL_CHECK = 256;
// After a miss, the next 1, 2, 4 … 64 waits sleep without polling.
const MAX_BACKOFF = 6;

/**
 * A bounded poll of the STATE word that backs off while it keeps missing.
 * A miss means the other end is busy for longer (a slow callback, main-thread
 * work between collisions) or shares this core, where polling only delays
 * it until the poll runs out. The scheduler often keeps the two threads on
 * one core, where a fixed poll makes round trips about 3× slower than
 * sleeping at once. Backing off also bounds the time a poller holds a core that another
 * worker may need.
 *
 * @example
 * ```ts
 * import { Poller } from "./sync_poll.ts";
 * const ctrl = new Int32Array(new SharedArrayBuffer(64));
 * new Poller(1).poll(ctrl, 1); // true: STATE (0) is not 1
 * ```
 */
export class Poller {
  #ms: number;
  #skip = 0;
  #backoff = 0;

  /** Poll for at most `ms` milliseconds at a time. */
  constructor(ms: number) {
    this.#ms = ms;
  }

  /** Poll while `ctrl[STATE] === value`, at most `limitMs`; true once it changed. */
  poll(ctrl: Int32Array, value: number, limitMs: number = Infinity): boolean {
    // A turn that is already there says nothing about polling: on a shared
    // core the woken end often runs at once, so its turn is back when our
    // `notify` returns. Counting that as a hit would keep the backoff low
    // there, and every real miss would cost a full poll.
    if (Atomics.load(ctrl, STATE) !== value) return true;
    if (this.#skip > 0) {
      this.#skip--;
      return false;
    }
    const end = performance.now() + Math.min(this.#ms, limitMs);
    do {
      for (let i = 0; i < POLL_CHECK; i++) {
        if (Atomics.load(ctrl, STATE) !== value) {
          this.#backoff = 0;
          return true;
        }
      }
    } while (performance.now() < end);
    this.#skip = 1 << this.#backoff;
    if (this.#backoff < MAX_BACKOFF) this.#backoff++;
    return false;
  }
}

/**
 * Wait while `ctrl[STATE] === value`, polling first; false on timeout.
 *
 * @example
 * ```ts
 * import { Poller, waitWhile } from "./sync_poll.ts";
 * const ctrl = new Int32Array(new SharedArrayBuffer(64));
 * waitWhile(ctrl, 0, performance.now() + 1, new Poller(1)); // false: nobody moved STATE
 * ```
 */
export function waitWhile(
  ctrl: Int32Array,
  value: number,
  deadline: number,
  poller: Poller,
): boolean {
  if (poller.poll(ctrl, value, deadline - performance.now())) return true;
  for (;;) {
    if (Atomics.load(ctrl, STATE) !== value) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(ctrl, STATE, value, left);
  }
}
