/**
 * When the collision stage sends the next batch before the outcomes of the
 * one before are applied (a guess that they leave it as it was encoded):
 * after a guess that did not hold it waits 1, 2, 4 … 64 batches before the
 * next, so that a game whose callbacks keep changing what the next batch
 * read does not have its worker run each batch twice. After a guess that
 * held, the next one is sent as soon as the reply is in, before its outcomes
 * are read ({@linkcode Guesses.trusted}): the worker then waits for nothing
 * but the reply's journey.
 *
 * @module
 */

/** Most batches sent without a guess after guesses that did not hold. */
const MAX_WAIT = 64;

/**
 * Whether to guess, from how the last guesses went.
 *
 * @example
 * ```ts
 * import { Guesses } from "./guesses.ts";
 * const guesses = new Guesses();
 * guesses.missed();
 * console.log(guesses.take()); // false: one batch waits
 * console.log(guesses.take()); // true
 * ```
 */
export class Guesses {
  /** Batches still to send without a guess. */
  #wait = 0;
  /** The wait the next miss gives. */
  #next = 1;
  #trusted = false;

  /**
   * Whether the last guess held (and none missed since): the next may go out
   * before the outcomes it guesses about are read. Never while a wait lasts.
   */
  get trusted(): boolean {
    return this.#trusted;
  }

  /** Whether this batch may guess (a batch that waits counts down the wait). */
  take(): boolean {
    if (this.#wait === 0) return true;
    this.#wait--;
    return false;
  }

  /** A guess held. */
  held(): void {
    this.#next = 1;
    this.#trusted = true;
  }

  /** A guess did not hold: its callbacks run again. */
  missed(): void {
    this.#trusted = false;
    this.#wait = this.#next;
    this.#next = Math.min(this.#next * 2, MAX_WAIT);
  }
}
