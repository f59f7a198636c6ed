/**
 * CPU time per kind of thread of this process, from Linux's
 * `/proc/self/task/<tid>/schedstat` (nanoseconds on the CPU): the main
 * thread (tid = pid), the Deno workers (threads named `worker-N`, where the
 * engine's Lua runs) and the rest (V8 compiler and GC helpers, tokio). The
 * difference of two readings splits a span of frames without touching the
 * engine.
 *
 * The kernel brings a running thread's figure up to date only when it is
 * switched out or at a timer tick (milliseconds apart), so the main thread,
 * which reads its own, would be off by up to a tick:
 * {@linkcode settledThreadTimes} sleeps a millisecond first, which switches
 * it out. The sleep's own wake-up is a little main-thread CPU; subtract
 * {@linkcode readingCost} from a difference.
 *
 * @module
 */

/**
 * CPU milliseconds per kind of thread.
 *
 * @example
 * ```ts
 * import type { ThreadTimes } from "./_thread_time.ts";
 * const t: ThreadTimes = { main: 3.7, workers: 6.6, other: 0.4 };
 * ```
 */
export interface ThreadTimes {
  /** The main thread (TypeScript, the in-thread wasm floor). */
  main: number;
  /** Deno worker threads (the engine's Lua workers). */
  workers: number;
  /** Every other thread of the process. */
  other: number;
}

/**
 * Read the CPU time of every thread now, or undefined where
 * `/proc/self/task` cannot be read (not Linux).
 *
 * @example
 * ```ts
 * import { threadTimes } from "./_thread_time.ts";
 * const t = threadTimes();
 * if (t) console.log(`${t.main.toFixed(1)} ms on the main thread so far`);
 * ```
 */
export function threadTimes(): ThreadTimes | undefined {
  const out: ThreadTimes = { main: 0, workers: 0, other: 0 };
  let tasks: Iterable<Deno.DirEntry>;
  try {
    tasks = Deno.readDirSync("/proc/self/task");
  } catch {
    return undefined;
  }
  for (const task of tasks) {
    let ns: number, name: string;
    try {
      ns = Number(Deno.readTextFileSync(`/proc/self/task/${task.name}/schedstat`).split(" ")[0]);
      name = Deno.readTextFileSync(`/proc/self/task/${task.name}/comm`).trim();
    } catch {
      continue; // the thread ended while it was read
    }
    const ms = ns / 1e6;
    if (task.name === String(Deno.pid)) out.main += ms;
    else if (name.startsWith("worker-")) out.workers += ms;
    else out.other += ms;
  }
  return out;
}

/**
 * `after - before`, per kind of thread. A thread that ended in between
 * makes its kind smaller, so a difference is clamped at zero.
 *
 * @example
 * ```ts
 * import { threadDelta, threadTimes } from "./_thread_time.ts";
 * const t0 = threadTimes();
 * const t1 = threadTimes();
 * if (t0 && t1) console.log(threadDelta(t0, t1).main >= 0);
 * ```
 */
export function threadDelta(before: ThreadTimes, after: ThreadTimes): ThreadTimes {
  return {
    main: Math.max(0, after.main - before.main),
    workers: Math.max(0, after.workers - before.workers),
    other: Math.max(0, after.other - before.other),
  };
}

/**
 * {@linkcode threadTimes} after a 1 ms sleep, so that the main thread's own
 * figure is up to date (the worker threads are idle between frames).
 *
 * @example
 * ```ts
 * import { settledThreadTimes } from "./_thread_time.ts";
 * const t = await settledThreadTimes();
 * if (t) console.log(t.workers >= 0);
 * ```
 */
export async function settledThreadTimes(): Promise<ThreadTimes | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return threadTimes();
}

/**
 * Main-thread CPU ms that two {@linkcode settledThreadTimes} readings with
 * nothing between them show (the median of `samples`): what a difference of
 * two readings counts besides the work measured.
 *
 * @example
 * ```ts
 * import { readingCost } from "./_thread_time.ts";
 * console.log((await readingCost(3)) < 5);
 * ```
 */
export async function readingCost(samples = 9): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const a = await settledThreadTimes(), b = await settledThreadTimes();
    if (!a || !b) return 0;
    xs.push(threadDelta(a, b).main);
  }
  xs.sort((x, y) => x - y);
  return xs[xs.length >> 1] ?? 0;
}
