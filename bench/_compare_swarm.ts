/**
 * The swarm section of `compare.ts`: 2,000 and 10,000 entities through the
 * whole engine with 1 and 2 workers, against the native reference and the
 * wasm floor (and, at 10,000, the naive binding), in interleaved rounds;
 * then the 2-worker speed-ups beside what the machine gives a frame of their
 * shape with no engine code, and what two native Lua processes get from it.
 *
 * @module
 */
import { type CompareContext, FRAME_BUDGET_MS } from "./_compare_context.ts";
import { engineSide } from "./_engine_side.ts";
import { type FrameShape, frameShapeSpeedUps } from "./_frame_shape.ts";
import { naiveSwarm } from "./_naive_swarm.ts";
import type { Row } from "./_report.ts";
import { median, parallelCeiling } from "./_shared.ts";
import { medianRatio, runRounds, type SideRounds } from "./_rounds.ts";
import { type FrameSide, warmAndVerify } from "./_side.ts";
import { checksumPerFrame, type World } from "./_worlds.ts";

/** Entity counts of the swarm rows. */
const SWARM_SIZES = [2_000, 10_000] as const;
/** The entity count with the naive binding row. */
const NAIVE_AT = 10_000;

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * An engine frame-time row against the 60 fps budget, with its thread split.
 *
 * @example
 * ```ts ignore
 * report.row(frameRow("swarm 2,000: engine, 1 worker", rounds));
 * ```
 */
export function frameRow(measure: string, side: SideRounds): Row {
  const ms = median(side.ms);
  const split = side.mainMs.length > 0
    ? `; CPU per frame: main thread ${median(side.mainMs).toFixed(2)} ms, workers ${
      median(side.workerMs).toFixed(2)
    } ms`
    : "";
  return {
    measure,
    value: ms,
    unit: "ms",
    target: "<= 16.7 ms (60 fps)",
    met: ms <= FRAME_BUDGET_MS,
    note: `${(ms / FRAME_BUDGET_MS * 100).toFixed(0)}% of a 60 fps frame${split}`,
  };
}

/**
 * Run the swarm section into `ctx.report`.
 *
 * @example
 * ```ts ignore
 * await swarmSection(ctx);
 * ```
 */
export async function swarmSection(ctx: CompareContext): Promise<void> {
  const { report, effort } = ctx;
  const speedUps: Row[] = [];
  for (const n of SWARM_SIZES) {
    const world: World = { kind: "swarm", entities: n, callback: "go_update" };
    const sides: FrameSide[] = [];
    let shape: FrameShape | undefined;
    try {
      sides.push(await engineSide(world, 1), await engineSide(world, 2));
      sides.push(await ctx.native.world(world), ctx.floor.world(world));
      if (n === NAIVE_AT) sides.push(await naiveSwarm(n));
      for (const [i, side] of sides.entries()) {
        await warmAndVerify(side, i < 2 ? effort.warmFrames : 2, checksumPerFrame(world));
      }
      const frames = sides.map((_, i) => i < 4 ? effort.frames : 1);
      const [one, two, native, floor, naive] = await runRounds(sides, {
        rounds: effort.rounds,
        frames,
        split: [true, true],
      }) as [SideRounds, SideRounds, SideRounds, SideRounds, SideRounds | undefined];
      const at = `swarm ${fmt(n)}`;
      shape = { mainMs: median(one.mainMs), workerMs: median(one.workerMs) };
      report.row(frameRow(`${at}: engine frame, 1 worker`, one));
      report.row(frameRow(`${at}: engine frame, 2 workers`, two));
      report.row({
        measure: `${at}: native reference frame (lua5.4)`,
        value: median(native.ms),
        unit: "ms",
        note: "least work: Lua arrays, one pooled context, commands buffered in a pooled table " +
          "and applied after the callbacks, pos += vel * dt; plain math.random (no seed per " +
          "callback: that is the engine's determinism cost), no sandbox, budget or encoding",
      });
      report.row({
        measure: `${at}: wasm floor frame (the reference in one plain in-thread Lua state)`,
        value: median(floor.ms),
        unit: "ms",
        note: "same program, same wasm build as the engine, one JS -> Lua call per frame",
      });
      for (const [label, side] of [["1 worker", one], ["2 workers", two]] as const) {
        const r = medianRatio(side.ms, native.ms);
        report.row({
          measure: `${at}: engine (${label}) / native`,
          value: r,
          unit: "x",
          target: "<= 3x",
          met: r <= 3,
          note: "median of per-round ratios",
        });
      }
      report.row({
        measure: `${at}: wasm floor / native (what the wasm build costs)`,
        value: medianRatio(floor.ms, native.ms),
        unit: "x",
      });
      report.row({
        measure: `${at}: engine (1 worker) / wasm floor (what the engine adds to the wasm build)`,
        value: medianRatio(one.ms, floor.ms),
        unit: "x",
      });
      if (naive) {
        report.row({
          measure: `${at}: naive wasmoon binding frame`,
          value: median(naive.ms),
          unit: "ms",
          note: "in-thread, a fresh context table and one JS function call per engine call",
        });
        const r = medianRatio(naive.ms, one.ms);
        report.row({
          measure: `${at}: naive binding / engine (1 worker)`,
          value: r,
          unit: "x",
          target: ">= 8x",
          met: r >= 8,
        });
      }
      const by2 = medianRatio(one.ms, two.ms);
      speedUps.push({
        measure: `${at}: speed-up 2 workers / 1`,
        value: by2,
        unit: "x",
        target: ">= 1.5x",
        met: by2 >= 1.5,
        note: `${navigator.hardwareConcurrency} cores; median of per-round ratios`,
      });
    } finally {
      for (const side of sides) await side.close();
    }
    // After the engine's workers are gone; its 1-worker frame's CPU split, if it ran.
    if (shape !== undefined && shape.mainMs > 0) {
      const shaped = median(await frameShapeSpeedUps(shape, effort.rounds));
      speedUps.push({
        measure: `swarm ${fmt(n)}: machine, a frame of its shape with 2 workers / 1`,
        value: shaped,
        unit: "x",
        note: `no engine code: the main thread spins ${shape.mainMs.toFixed(2)} ms (half before ` +
          `posting, half after the replies), the workers ${shape.workerMs.toFixed(2)} ms ` +
          "between them (the engine's 1-worker CPU split), with no overlap: what this machine " +
          "gives such a frame, to read the speed-up above by (median of per-round ratios)",
      });
    }
  }
  for (const r of speedUps) report.row(r);
  report.row({
    measure: "machine: 2 native Lua processes / 1 (throughput)",
    value: median(await parallelCeiling(ctx.lua, effort.rounds)),
    unit: "x",
    note: "no engine code: what a second core gave right after the speed-ups above " +
      "(median of per-round ratios), the ceiling for them",
  });
}
