/**
 * What every section of `compare.ts` shares: the report, the kept native
 * reference process, the in-thread wasm floor and the round counts.
 *
 * @module
 */
import type { NativeReference } from "./_native_reference.ts";
import type { Report } from "./_report.ts";
import type { WasmFloor } from "./_wasm_floor.ts";

/**
 * Round and frame counts of a run.
 *
 * @example
 * ```ts
 * import type { Effort } from "./_compare_context.ts";
 * const e: Effort = { quick: true, rounds: 3, frames: 3, warmFrames: 10, soakFrames: 1000 };
 * ```
 */
export interface Effort {
  /** Quick mode (`--quick` or `MOONGLOW_BENCH_QUICK=1`): for development, not for figures. */
  quick: boolean;
  /** Interleaved rounds per comparison. */
  rounds: number;
  /** Frames per side per round. */
  frames: number;
  /** Untimed frames before an engine side is measured. */
  warmFrames: number;
  /** Frames of the soak. */
  soakFrames: number;
}

/**
 * The counts for a full or a quick run.
 *
 * @example
 * ```ts
 * import { effort } from "./_compare_context.ts";
 * console.log(effort(true).rounds); // 3
 * ```
 */
export function effort(quick: boolean): Effort {
  // 21 rounds in a full run: on a shared VM one round's ratio moves by up to 1.7x, and the median
  // of 9 still moved a target's verdict from one run to the next.
  return quick
    ? { quick, rounds: 3, frames: 3, warmFrames: 10, soakFrames: 1000 }
    : { quick, rounds: 21, frames: 10, warmFrames: 30, soakFrames: 10_000 };
}

/**
 * Shared by the sections.
 *
 * @example
 * ```ts ignore
 * const ctx: CompareContext = { report, native, lua, floor, effort: effort(false) };
 * await swarmSection(ctx);
 * ```
 */
export interface CompareContext {
  /** Where rows go. */
  report: Report;
  /** The kept `lua5.4` process. */
  native: NativeReference;
  /** Path of the `lua5.4` interpreter. */
  lua: string;
  /** The in-thread wasm floor. */
  floor: WasmFloor;
  /** Round and frame counts. */
  effort: Effort;
}

/**
 * The 60 fps frame budget, ms.
 *
 * @example
 * ```ts
 * import { FRAME_BUDGET_MS } from "./_compare_context.ts";
 * console.log(`${(12 / FRAME_BUDGET_MS * 100).toFixed(0)}% of a frame`);
 * ```
 */
export const FRAME_BUDGET_MS = 1000 / 60;
