/**
 * The profiler rows of `compare.ts`: what profiling adds to the Lua runtime
 * in-thread (a batch of 10,000 entity callbacks; collision batches, whose
 * callbacks are each a run timed alone, of 64 and of one, the worst case), then the
 * swarm game and the collision storm through the whole engine with the
 * profiler off and on (`run --profile`); each pair in interleaved rounds, with
 * the ratio of their times. Off, the profiler does no work per callback (its batches ask for
 * nothing); on, the workers count each callback's instructions and time each
 * run of callbacks.
 *
 * @module
 */
import { splitProfile } from "../src/lua/batch_profile.ts";
import { BATCH_FUNCTION } from "../src/lua/runtime_lua.ts";
import type { CompareContext } from "./_compare_context.ts";
import { type EngineSide, engineSide } from "./_engine_side.ts";
import { frameRow } from "./_compare_swarm.ts";
import { medianRatio, runRounds } from "./_rounds.ts";
import { COLLISION, encodePlan, entityPlan, inThreadVm, median } from "./_shared.ts";
import { type FrameSide, warmAndVerify } from "./_side.ts";
import { checksumPerFrame, type World } from "./_worlds.ts";

/**
 * The engine rows: swarms (the target applies), and the collision storm, the
 * worst case (each collision callback is a run timed alone, with its own cost
 * record, so that only the callbacks whose outcomes are kept are counted).
 */
const CASES: readonly { world: World; workers: number; target: boolean }[] = [
  { world: { kind: "swarm", entities: 2_000, callback: "go_update" }, workers: 1, target: true },
  { world: { kind: "swarm", entities: 10_000, callback: "go_update" }, workers: 1, target: true },
  { world: { kind: "swarm", entities: 10_000, callback: "go_update" }, workers: 2, target: true },
  { world: { kind: "storm", pairs: 1_000, mode: "rule" }, workers: 1, target: false },
];

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
  await inThreadRows(ctx);
  await engineRows(ctx);
}

/** One in-thread side: `batches` calls of the batch `bytes` per frame, then `after` if given. */
function batchSide(
  label: string,
  call: (bytes: Uint8Array) => Uint8Array,
  bytes: Uint8Array,
  batches: number,
): FrameSide {
  return {
    label,
    frame() {
      const t0 = performance.now();
      for (let i = 0; i < batches; i++) call(bytes);
      return Promise.resolve(performance.now() - t0);
    },
    checksum: () => Promise.resolve(0),
    close: () => Promise.resolve(),
  };
}

async function inThreadRows(ctx: CompareContext): Promise<void> {
  const { report, effort } = ctx;
  const vm = await inThreadVm();
  try {
    const call = (bytes: Uint8Array) => vm.callBinary(BATCH_FUNCTION, bytes);
    const tenK = entityPlan(10_000);
    call(encodePlan(tenK)); // the state holds the snapshot and input from here on
    // As the engine sends them: collision callbacks as runs of one, each with its own cost.
    const collisions = Array.from({ length: 64 }, () => COLLISION);
    const cases = [
      ["batch of 10,000 entity callbacks", tenK, 1, true],
      ["16 collision batches of 64 callbacks", collisions, 16, "each"],
      ["100 one-callback collision batches", [COLLISION], 100, "each"],
    ] as const;
    for (const [what, plan, batches, profile] of cases) {
      const off = encodePlan(plan, false), on = encodePlan(plan, false, profile);
      const { costs, each } = splitProfile(call(on));
      if (costs.reduce((n, c) => n + c.calls, 0) + (each?.length ?? 0) !== plan.length) {
        throw new Error(`${what}: the profiled batch's costs did not come back`);
      }
      const sides = [batchSide("off", call, off, batches), batchSide("on", call, on, batches)];
      for (const side of sides) for (let i = 0; i < effort.warmFrames; i++) await side.frame();
      const [offMs, onMs] = await runRounds(sides, {
        rounds: effort.rounds * 2,
        frames: effort.frames,
      });
      const r = medianRatio(onMs!.ms, offMs!.ms);
      report.row({
        measure: `in-thread runtime, ${what}: profiled / not`,
        value: r,
        unit: "x",
        target: `<= ${TARGET}x`,
        met: r <= TARGET,
        note: `${median(offMs!.ms).toFixed(2)} ms not profiled, ${
          median(onMs!.ms).toFixed(2)
        } ms profiled; median of per-round ratios`,
      });
    }
  } finally {
    vm.close();
  }
}

async function engineRows(ctx: CompareContext): Promise<void> {
  const { report, effort } = ctx;
  for (const { world, workers, target } of CASES) {
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
      // Proof the profiled side profiled: one call per entity (pair) per frame.
      const profiled = on.engine.profiler.frames - frames;
      const name = world.kind === "swarm" ? world.callback : "hit";
      const calls = on.engine.profiler.top().find((c) => c.name === name)?.calls ?? 0;
      if (profiled === 0 || calls < checksumPerFrame(world) * on.engine.profiler.frames) {
        throw new Error(`${on.label}: profiled ${profiled} frames, ${calls} calls`);
      }
      if (off.engine.profiler.ran) throw new Error(`${off.label}: profiled`);
      const at = `${
        world.kind === "swarm" ? `swarm ${fmt(world.entities)}` : `storm ${fmt(world.pairs)}`
      }, ${workers} worker${workers > 1 ? "s" : ""}`;
      report.row(frameRow(`${at}: engine frame, profiler off`, offMs!));
      report.row(frameRow(`${at}: engine frame, profiler on`, onMs!));
      const r = medianRatio(onMs!.ms, offMs!.ms);
      const goal = (x: number) => target ? { target: `<= ${TARGET}x`, met: x <= TARGET } : {};
      const worst = target ? "" : "; the worst case, a timed run per collision callback";
      report.row({
        measure: `${at}: profiler on / off`,
        value: r,
        unit: "x",
        ...goal(r),
        note: `frame wall time; median of per-round ratios${worst}`,
      });
      // CPU time is less shaken than wall time by other processes on a busy machine.
      const cpu = (side: typeof offMs) => side!.mainMs.map((m, i) => m + side!.workerMs[i]!);
      if (offMs!.mainMs.length > 0) {
        const c = medianRatio(cpu(onMs), cpu(offMs));
        report.row({
          measure: `${at}: profiler on / off, CPU`,
          value: c,
          unit: "x",
          ...goal(c),
          note: "main thread + worker CPU per frame (a waiting end of the sync channel polls " +
            `before it sleeps, so collision work counts on both); median of per-round ratios${worst}`,
        });
      }
    } finally {
      for (const side of sides) await side.close();
    }
  }
}
