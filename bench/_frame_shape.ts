/**
 * What the machine gives a frame of the engine's shape, with no engine code:
 * the main thread works, posts each worker its share of the scripts' work,
 * waits for every reply, and works again. Every thread only spins for the
 * time it is given, so the ratio of this frame's time with one worker and
 * with two is what this machine gives the same split of work between the
 * main thread and the workers: the measure to read the engine's 2-worker
 * speed-up by. (The engine also overlaps its main thread with a lone
 * worker, which this frame does not.)
 *
 * It differs from two independent processes (`parallelCeiling`): here the
 * main thread is busy when it wakes the workers and idle while they run, as
 * the engine's is, so where the scheduler puts a woken worker shows in it.
 *
 * @module
 */
/**
 * CPU milliseconds of one frame: the main thread's and the workers' together.
 *
 * @example
 * ```ts
 * import type { FrameShape } from "./_frame_shape.ts";
 * const shape: FrameShape = { mainMs: 1.1, workerMs: 2.4 };
 * ```
 */
export interface FrameShape {
  /** Main-thread work, half before the workers are posted and half after their replies. */
  mainMs: number;
  /** Scripts' work, split evenly between the workers. */
  workerMs: number;
}

// A worker that spins for the milliseconds each message names, then replies.
const WORKER_SOURCE = `
self.onmessage = (e) => {
  const end = performance.now() + e.data;
  while (performance.now() < end);
  self.postMessage(0);
};`;

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/**
 * Frames of `shape` with one worker and with two, alternating in `rounds`
 * rounds of `frames` frames each; returns each round's ratio of their mean
 * frame times (one worker / two).
 *
 * @example
 * ```ts ignore
 * import { frameShapeSpeedUps } from "./_frame_shape.ts";
 * const ratios = await frameShapeSpeedUps({ mainMs: 1.1, workerMs: 2.4 }, 5);
 * ```
 */
export async function frameShapeSpeedUps(
  shape: FrameShape,
  rounds: number,
  frames = 100,
): Promise<number[]> {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const workers = [0, 1].map(() => new Worker(url, { type: "module" }));
  const post = (w: Worker, ms: number) =>
    new Promise<void>((resolve) => {
      w.onmessage = () => resolve();
      w.postMessage(ms);
    });
  const frameMs = async (count: number): Promise<number> => {
    const t0 = performance.now();
    for (let f = 0; f < frames; f++) {
      spin(shape.mainMs / 2);
      await Promise.all(workers.slice(0, count).map((w) => post(w, shape.workerMs / count)));
      spin(shape.mainMs / 2);
    }
    return (performance.now() - t0) / frames;
  };
  try {
    await frameMs(2); // start both workers' threads and compile their loop
    const out: number[] = [];
    for (let r = 0; r < rounds; r++) out.push(await frameMs(1) / await frameMs(2));
    return out;
  } finally {
    for (const w of workers) w.terminate();
    URL.revokeObjectURL(url);
  }
}
