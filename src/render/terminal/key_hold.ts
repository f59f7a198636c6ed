/**
 * Synthesized key releases. Terminals report key presses (and the OS key
 * repeats while a key is held) but never releases, so a key is taken as
 * held from its first byte until its repeats stop:
 *
 * - after the first press it stays held for `firstRepeatMs` (default 550 ms,
 *   just over the usual ~500 ms OS delay before the first repeat);
 * - each repeat extends the hold by `repeatGapMs` (default 150 ms, several
 *   times the usual 25-40 ms repeat interval);
 * - when the deadline passes with no repeat, the key is released.
 *
 * Consequences a game should know: a quick tap reads as a hold of about
 * half a second (use `just_pressed` for taps), and since the OS repeats only
 * the last key pressed, pressing a second key releases the first one
 * `repeatGapMs` later even if it is still physically down.
 *
 * Time comes from the caller (no timers), so tests drive it with a fake clock.
 *
 * @example
 * ```ts
 * import { HoldTracker } from "./key_hold.ts";
 * const hold = new HoldTracker();
 * hold.hit("space", 0); // true: a new press
 * hold.due(100); // []: still held
 * hold.due(600); // ["space"]: no repeat came, released
 * ```
 *
 * @module
 */

/** Timing of the release heuristic, in milliseconds. */
export interface HoldTiming {
  /** Hold after the first press, waiting for the OS's first repeat. */
  firstRepeatMs: number;
  /** Hold after each repeat. */
  repeatGapMs: number;
}

/**
 * The defaults described in the module doc.
 *
 * @example
 * ```ts
 * import { DEFAULT_HOLD_TIMING } from "./key_hold.ts";
 * DEFAULT_HOLD_TIMING.repeatGapMs; // 150
 * ```
 */
export const DEFAULT_HOLD_TIMING: Readonly<HoldTiming> = Object.freeze({
  firstRepeatMs: 550,
  repeatGapMs: 150,
});

/**
 * Tracks which keys are held and when each one lapses.
 *
 * @example
 * ```ts
 * import { HoldTracker } from "./key_hold.ts";
 * const hold = new HoldTracker({ firstRepeatMs: 500, repeatGapMs: 100 });
 * hold.hit("a", 0);
 * hold.hit("a", 480); // false: a repeat, held until 580
 * hold.due(570); // []
 * hold.due(580); // ["a"]
 * ```
 */
export class HoldTracker {
  #timing: HoldTiming;
  /** Key -> time at which it is released unless it repeats. */
  #deadline = new Map<string, number>();

  /** Create a tracker with the given timing (defaults: {@linkcode DEFAULT_HOLD_TIMING}). */
  constructor(timing: Partial<HoldTiming> = {}) {
    this.#timing = { ...DEFAULT_HOLD_TIMING, ...timing };
  }

  /** Keys held now, in press order. */
  get held(): string[] {
    return [...this.#deadline.keys()];
  }

  /**
   * Record a byte for `key` at `now`; true when it is a new press, false
   * when it is a repeat of a held key.
   *
   * @example
   * ```ts
   * import { HoldTracker } from "./key_hold.ts";
   * const hold = new HoldTracker();
   * [hold.hit("a", 0), hold.hit("a", 500)]; // [true, false]
   * ```
   */
  hit(key: string, now: number): boolean {
    const held = this.#deadline.has(key);
    this.#deadline.set(key, now + (held ? this.#timing.repeatGapMs : this.#timing.firstRepeatMs));
    return !held;
  }

  /**
   * Remove and return the keys whose hold lapsed at or before `now`.
   *
   * @example
   * ```ts
   * import { HoldTracker } from "./key_hold.ts";
   * new HoldTracker().due(0); // []
   * ```
   */
  due(now: number): string[] {
    const out: string[] = [];
    for (const [key, deadline] of this.#deadline) {
      if (deadline <= now) out.push(key);
    }
    for (const key of out) this.#deadline.delete(key);
    return out;
  }

  /**
   * Release everything now (the console opened, the renderer stopped).
   *
   * @example
   * ```ts
   * import { HoldTracker } from "./key_hold.ts";
   * const hold = new HoldTracker();
   * hold.hit("a", 0);
   * hold.releaseAll(); // ["a"]
   * ```
   */
  releaseAll(): string[] {
    const out = this.held;
    this.#deadline.clear();
    return out;
  }
}
