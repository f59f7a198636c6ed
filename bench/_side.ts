/**
 * What every measured side offers the interleaved rounds: one frame at a
 * time, timed, and the world's checksum to prove it did the work.
 *
 * @module
 */

/**
 * One world run by one side (engine, native reference, wasm floor, naive
 * binding).
 *
 * @example
 * ```ts
 * import type { FrameSide } from "./_side.ts";
 * let n = 0;
 * const side: FrameSide = {
 *   label: "counter",
 *   frame: () => Promise.resolve((n++, 0)),
 *   checksum: () => Promise.resolve(n),
 *   close: () => Promise.resolve(),
 * };
 * ```
 */
export interface FrameSide {
  /** Who runs what, for errors and notes. */
  readonly label: string;
  /** Run one frame; its wall time in ms. */
  frame(): Promise<number>;
  /** Sum of the world's `count` and `hits` integer signals. */
  checksum(): Promise<number>;
  /** Free what the side holds. */
  close(): Promise<void>;
}

/**
 * Run `frames` frames of `side` untimed (JIT and caches warm up), then one
 * more and check that the checksum grew by `perFrame`: a side that skipped
 * its callbacks would otherwise look fast.
 *
 * @example
 * ```ts ignore
 * await warmAndVerify(side, 30, 2000);
 * ```
 */
export async function warmAndVerify(
  side: FrameSide,
  frames: number,
  perFrame: number,
): Promise<void> {
  for (let i = 0; i < frames; i++) await side.frame();
  const before = await side.checksum();
  await side.frame();
  const grew = (await side.checksum()) - before;
  if (grew !== perFrame) {
    throw new Error(`${side.label}: checksum grew by ${grew} in a frame, expected ${perFrame}`);
  }
}
