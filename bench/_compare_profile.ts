/**
 * The profiler rows of `compare.ts`: the swarm game through the whole engine
 * with the profiler off and on (`run --profile`), in interleaved rounds, and
 * the ratio of their frame times. Off, the profiler does no work per
 * callback (its batches ask for nothing); on, the workers count each
 * callback's instructions and time each run of callbacks.
 *
 * @module
 */
import type { CompareContext } from "./_compare_context.ts";
import { type EngineSide, engineSide } from "./_engine_side.ts";
import { frameRow } from "./_compare_swarm.ts";
import { medianRatio, runRounds } from "./_rounds.ts";
import { warmAndVerify } from "./_side.ts";
import { checksumPerFrame, type World } from "./_worlds.ts";

/** Entity counts and worker counts of the rows. */
const CASES = [[2_000, 1], [10_000, 1], [10_000, 2]] as const;

/** The most the profiler may add to a frame. */
const TARGET = 1.05;

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * Run the profiler rows into `ctx.report`.
 *
 * @example
 * ```ts ignore
 * await profileSection(ctx);
 * ```
 */
export async function profileSection(ctx: CompareContext): Promise<void> {
  const { report, effort } = ctx;
  for (const [n, workers] of CASES) {
    const world: World = { kind: "swarm", entities: n, callback: "go_update" };
    const sides: EngineSide[] = [];
    try {
      sides.push(
        await engineSide(world, workers),
        await engineSide(world, workers, { profile: true }),
      );
      for (const side of sides) {
        await warmAndVerify(side, effort.warmFrames, checksumPerFrame(world));
      }
      const [off, on] = sides as [EngineSide, EngineSide];
      const frames = on.engine.profiler.frames;
      const [offMs, onMs] = await runRounds(sides, {
        rounds: effort.rounds,
        frames: effort.frames,
        split: [true, true],
      });
      // Proof the profiled side profiled: one call per entity per frame.
      const profiled = on.engine.profiler.frames - frames;
      const calls = on.engine.profiler.top().find((c) => c.name === world.callback)?.calls ?? 0;
      if (profiled === 0 || calls < n * on.engine.profiler.frames) {
        throw new Error(`${on.label}: profiled ${profiled} frames, ${calls} calls`);
      }
      if (off.engine.profiler.ran) throw new Error(`${off.label}: profiled`);
      const at = `swarm ${fmt(n)}, ${workers} worker${workers > 1 ? "s" : ""}`;
      report.row(frameRow(`${at}: engine frame, profiler off`, offMs!));
      report.row(frameRow(`${at}: engine frame, profiler on`, onMs!));
      const r = medianRatio(onMs!.ms, offMs!.ms);
      report.row({
        measure: `${at}: profiler on / off`,
        value: r,
        unit: "x",
        target: `<= ${TARGET}x`,
        met: r <= TARGET,
        note: "frame wall time; median of per-round ratios",
      });
      // CPU time is less shaken than wall time by other processes on a busy machine.
      const cpu = (side: typeof offMs) => side!.mainMs.map((m, i) => m + side!.workerMs[i]!);
      if (offMs!.mainMs.length > 0) {
        const c = medianRatio(cpu(onMs), cpu(offMs));
        report.row({
          measure: `${at}: profiler on / off, CPU`,
          value: c,
          unit: "x",
          target: `<= ${TARGET}x`,
          met: c <= TARGET,
          note: "main thread + worker CPU per frame; median of per-round ratios",
        });
      }
    } finally {
      for (const side of sides) await side.close();
    }
  }
}
