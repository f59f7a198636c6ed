/**
 * Which collision callbacks end a batch: those whose outcome cut one, on
 * probation.
 *
 * @module
 */

/** Batches a callback ends after its first cut. */
const FIRST_PROBATION = 32;
/** Most batches one cut makes a callback end. */
const MAX_PROBATION = 4096;

/**
 * The collision callbacks whose outcome cut a batch. A batch ends after such
 * a callback, as it is likely to cut the next one too, until it has ended
 * its probation's worth of batches; each further cut doubles the probation.
 * A callback that cuts often so keeps ending batches, and one that cut once
 * is batched again.
 *
 * @example
 * ```ts
 * import { Cutters } from "./cutters.ts";
 * const cutters = new Cutters();
 * cutters.cut("on_hit");
 * console.assert(cutters.has("on_hit"));
 * ```
 */
export class Cutters {
  /** Batches each callback on probation is still to end. */
  #left = new Map<string, number>();
  /** The probation each callback's next cut gives. */
  #next = new Map<string, number>();

  /** Whether a batch ends after `callback`. */
  has(callback: string): boolean {
    return this.#left.has(callback);
  }

  /** A batch ended after `callback`, which is on probation. */
  ended(callback: string): void {
    const left = this.#left.get(callback);
    if (left === undefined) return;
    if (left <= 1) this.#left.delete(callback);
    else this.#left.set(callback, left - 1);
  }

  /** `callback`'s outcome cut a batch. */
  cut(callback: string): void {
    const probation = this.#next.get(callback) ?? FIRST_PROBATION;
    this.#left.set(callback, probation);
    this.#next.set(callback, Math.min(probation * 2, MAX_PROBATION));
  }
}
