/**
 * Frames actually drawn per second, smoothed, for the on-screen counter.
 *
 * @module
 */

/**
 * Counts draws: each {@linkcode FpsMeter.draw} moves the rate a tenth of the
 * way towards the one the time since the last draw gives.
 *
 * @example
 * ```ts
 * import { FpsMeter } from "./fps_meter.ts";
 * const meter = new FpsMeter();
 * meter.draw(1000);
 * console.log(meter.draw(1100)); // 1: a tenth of the way from 0 to 10
 * ```
 */
export class FpsMeter {
  #fps = 0;
  #lastDraw = 0;

  /** Count a draw at `now` (ms); the smoothed rate, rounded. */
  draw(now: number): number {
    if (this.#lastDraw > 0) {
      this.#fps = this.#fps * 0.9 + (1000 / Math.max(1, now - this.#lastDraw)) * 0.1;
    }
    this.#lastDraw = now;
    return Math.round(this.#fps);
  }
}
