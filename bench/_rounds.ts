/**
 * Interleaved rounds: a shared machine's speed changes from second to second, so the
 * sides being compared take turns, a few frames each per round, and every
 * figure is computed per round before the median is taken over the rounds.
 *
 * @module
 */
import { median } from "./_shared.ts";
import type { FrameSide } from "./_side.ts";
import { readingCost, settledThreadTimes, threadDelta } from "./_thread_time.ts";

/**
 * One side's figures, one entry per round.
 *
 * @example
 * ```ts
 * import type { SideRounds } from "./_rounds.ts";
 * const side: SideRounds = { ms: [10.2, 9.8], mainMs: [], workerMs: [] };
 * ```
 */
export interface SideRounds {
  /** Median frame time of the round, ms. */
  ms: number[];
  /** Main-thread CPU per frame of the round, ms (empty when unmeasured). */
  mainMs: number[];
  /** Worker-thread CPU per frame of the round, ms (empty when unmeasured). */
  workerMs: number[];
}

/**
 * How to run the rounds.
 *
 * @example
 * ```ts
 * import type { RoundsOptions } from "./_rounds.ts";
 * const options: RoundsOptions = { rounds: 9, frames: [10, 10, 1], split: [true] };
 * ```
 */
export interface RoundsOptions {
  /** Rounds to run. */
  rounds: number;
  /** Frames per side per round (a number for all, or one per side). */
  frames: number | readonly number[];
  /** Per side: read thread CPU (`/proc`) around its frames of a round (engine sides). */
  split?: readonly boolean[];
}

/**
 * Run `sides` in `rounds` rounds, each side's frames back to back within a
 * round. Returns each side's per-round figures, in the order of `sides`.
 *
 * @example
 * ```ts ignore
 * const [engine, native] = await runRounds([engineSide, nativeSide], { rounds: 5, frames: 10 });
 * console.log(medianRatio(engine.ms, native.ms));
 * ```
 */
export async function runRounds(
  sides: readonly FrameSide[],
  options: RoundsOptions,
): Promise<SideRounds[]> {
  const out: SideRounds[] = sides.map(() => ({ ms: [], mainMs: [], workerMs: [] }));
  const cost = options.split?.some((x) => x) ? await readingCost() : 0;
  for (let r = 0; r < options.rounds; r++) {
    for (let i = 0; i < sides.length; i++) {
      const side = sides[i]!, into = out[i]!;
      const frames = typeof options.frames === "number" ? options.frames : options.frames[i] ?? 1;
      const before = options.split?.[i] ? await settledThreadTimes() : undefined;
      const ms: number[] = [];
      for (let f = 0; f < frames; f++) ms.push(await side.frame());
      const after = before ? await settledThreadTimes() : undefined;
      into.ms.push(median(ms));
      if (before && after) {
        const d = threadDelta(before, after);
        into.mainMs.push(Math.max(0, d.main - cost) / frames);
        into.workerMs.push(d.workers / frames);
      }
    }
  }
  return out;
}

/**
 * Median over rounds of `f(round)`: a ratio or difference is taken within
 * each round first, so both terms saw the same machine.
 *
 * @example
 * ```ts
 * import { perRound } from "./_rounds.ts";
 * const a = [10, 20, 30], b = [5, 10, 10];
 * console.log(perRound(a.length, (r) => a[r]! / b[r]!)); // 2
 * ```
 */
export function perRound(rounds: number, f: (round: number) => number): number {
  const xs: number[] = [];
  for (let r = 0; r < rounds; r++) xs.push(f(r));
  return median(xs);
}

/**
 * Median of the per-round ratios `xs[r] / ys[r]`.
 *
 * @example
 * ```ts
 * import { medianRatio } from "./_rounds.ts";
 * console.log(medianRatio([4, 9, 2], [2, 3, 2])); // 2
 * ```
 */
export function medianRatio(xs: readonly number[], ys: readonly number[]): number {
  return perRound(Math.min(xs.length, ys.length), (r) => xs[r]! / ys[r]!);
}
