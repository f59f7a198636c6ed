/**
 * The side-by-side comparison behind the README "Performance" table:
 * Moonglow against native Lua 5.4 and a naive wasmoon binding, 1/2/4
 * workers, collision round trips, pool start-up, memory per state and a
 * 10,000-frame soak. This VM's speed changes from second to second (the
 * same batch measured 45 and 85 ms a few seconds apart, in one process, on
 * either core), so sides that are compared are measured in interleaved
 * rounds, one run of each side per round, and a ratio's figure is the
 * median of its per-round ratios; times are medians, with the fastest run in
 * the note. Targets are judged on ratios, never absolute times.
 *
 *   deno task bench:compare            # prints the table, writes bench/results.json
 *   deno task bench:compare --quick    # fewer repetitions and a shorter soak
 *
 * @module
 */
import {
  COLLISION,
  encodePlan,
  entityPlan,
  FACTS,
  inThreadVm,
  median,
  naiveBinding,
  NativeBatch,
  nativeLua,
  parallelCeiling,
  startHost,
  type Timing,
  timing,
} from "./_shared.ts";
import { type BatchFrame, type PlannedCallback, ScriptStage } from "../src/engine/script_stage.ts";
import { BATCH_FUNCTION } from "../src/lua/runtime_lua.ts";

const quick = Deno.args.includes("--quick");
const REPS = quick ? 3 : 7;
const SOAK_FRAMES = quick ? 1000 : 10_000;
const SOAK_ENTITIES = 100;

interface Row {
  measure: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
  note?: string;
}
const rows: Row[] = [];
function row(r: Row): void {
  rows.push(r);
  const verdict = r.met === undefined ? "" : r.met ? "  MET" : "  NOT MET";
  console.error(`${r.measure}: ${r.value.toFixed(2)} ${r.unit}${verdict}`);
}

async function timeAsync(fn: () => Promise<unknown>, reps = REPS): Promise<Timing> {
  const times: number[] = [];
  await fn(); // warm-up
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return timing(times);
}

/** One frame of `plan`; a callback error is a broken bench, not a figure. */
async function runFrame(stage: ScriptStage, plan: readonly PlannedCallback[]): Promise<void> {
  const out = await stage.run(FACTS, plan);
  const failed = out.find((o) => o.error !== undefined);
  if (failed) throw new Error(failed.error);
}

async function timeOnce(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** "median m" for a row's note: the best is the figure, the median shows the spread. */
const med = (t: Timing, unit = "ms") => `median ${t.median.toFixed(t.median < 10 ? 2 : 1)} ${unit}`;

// 1. Scripted entities per frame: Moonglow (1 worker, whole pipeline) vs native Lua vs naive,
// measured in interleaved rounds (one run of each side per round) so every side sees the same
// machine; a ratio's figure is the median of its per-round ratios.
const lua = await nativeLua();
const naive = await naiveBinding();
const ratio = (xs: number[], ys: number[]) => median(xs.map((x, i) => x / ys[i]!));
for (const n of [1_000, 10_000, 50_000]) {
  const plan = entityPlan(n);
  const rounds = n >= 50_000 ? Math.max(3, REPS >> 1) : REPS * 2;
  const host = await startHost(1, 1);
  const stage = new ScriptStage(host, 1);
  const vm = await inThreadVm();
  const bytes = encodePlan(plan);
  const native = lua ? await NativeBatch.start(lua, plan) : undefined;
  const mg: number[] = [], nat: number[] = [], nv: number[] = [], it: number[] = [];
  const frame = () => runFrame(stage, plan);
  try {
    await frame(), await native?.run(), naive.frame(plan), vm.callBinary(BATCH_FUNCTION, bytes);
    for (let r = 0; r < rounds; r++) {
      mg.push(await timeOnce(frame));
      nat.push(native ? await native.run() : NaN);
      nv.push(await timeOnce(() => naive.frame(plan)));
      it.push(await timeOnce(() => vm.callBinary(BATCH_FUNCTION, bytes)));
    }
  } finally {
    host.close();
    vm.close();
    await native?.close();
  }
  const [tm, tn, tv, ti] = [mg, nat, nv, it].map(timing) as [Timing, Timing, Timing, Timing];
  const spread = (t: Timing) => `best ${t.best.toFixed(t.best < 10 ? 2 : 1)} ms`;
  row({
    measure: `${n} entities: Moonglow frame (1 worker)`,
    value: tm.median,
    unit: "ms",
    note: spread(tm),
  });
  row({ measure: `${n} entities: native Lua 5.4`, value: tn.median, unit: "ms", note: spread(tn) });
  row({
    measure: `${n} entities: naive wasmoon binding`,
    value: tv.median,
    unit: "ms",
    note: spread(tv),
  });
  row({
    measure: `${n} entities: Lua batch in-thread (wasm, no worker or TypeScript)`,
    value: ti.median,
    unit: "ms",
    note: spread(ti),
  });
  const vsNative = ratio(mg, nat), vsNaive = ratio(nv, mg);
  row({
    measure: `${n} entities: Moonglow / native`,
    value: vsNative,
    unit: "x",
    note: `best / best: ${(tm.best / tn.best).toFixed(2)}x`,
    ...(n === 10_000 ? { target: "<= 2.5x", met: vsNative <= 2.5 } : {}),
  });
  row({
    measure: `${n} entities: in-thread wasm batch / native (the Lua part alone)`,
    value: ratio(it, nat),
    unit: "x",
    note: `best / best: ${(ti.best / tn.best).toFixed(2)}x`,
  });
  row({
    measure: `${n} entities: naive / Moonglow`,
    value: vsNaive,
    unit: "x faster",
    note: `best / best: ${(tv.best / tm.best).toFixed(2)}x`,
    ...(n === 10_000 ? { target: ">= 8x", met: vsNaive >= 8 } : {}),
  });
}

// 2. Worker scaling on callback-bound frames (and on the light callback for reference): the
// three pools are up at once and each round runs a frame on each, so the ratios are per round.
{
  const heavy = entityPlan(10_000, "heavy");
  const light = entityPlan(10_000);
  const pools = [1, 2, 4];
  const hosts = await Promise.all(pools.map((w) => startHost(w, 1)));
  const stages = hosts.map((h) => new ScriptStage(h, 1));
  const frame = (stage: ScriptStage, plan: PlannedCallback[]) =>
    timeOnce(() => runFrame(stage, plan));
  const heavyMs: number[][] = pools.map(() => []), lightMs: number[][] = [[], []];
  try {
    for (const st of stages) await frame(st, heavy);
    for (let r = 0; r < REPS * 2; r++) {
      for (let i = 0; i < pools.length; i++) heavyMs[i]!.push(await frame(stages[i]!, heavy));
      for (let i = 0; i < 2; i++) lightMs[i]!.push(await frame(stages[i]!, light));
    }
  } finally {
    for (const h of hosts) h.close();
  }
  pools.forEach((w, i) => {
    const t = timing(heavyMs[i]!);
    row({
      measure: `10000 callback-bound entities, ${w} worker(s)`,
      value: t.median,
      unit: "ms",
      note: `best ${t.best.toFixed(1)} ms`,
    });
  });
  const [one, two, four] = heavyMs as [number[], number[], number[]];
  const by2 = ratio(one, two);
  row({
    measure: "speed-up 2 workers / 1 (callback-bound)",
    value: by2,
    unit: "x",
    target: ">= 1.6x",
    met: by2 >= 1.6,
    note: `${navigator.hardwareConcurrency} cores; best / best ${
      (timing(one).best / timing(two).best).toFixed(2)
    }x`,
  });
  row({ measure: "speed-up 4 workers / 1 (callback-bound)", value: ratio(one, four), unit: "x" });
  // What the machine itself gives, measured right after: two native Lua processes against one.
  if (lua) {
    const ceiling = median(await parallelCeiling(lua, REPS));
    row({
      measure: "machine ceiling: 2 native Lua processes / 1 (throughput)",
      value: ceiling,
      unit: "x",
      note: "no engine code: what a second core gave this run (median of per-round ratios)",
    });
  }
  row({
    measure: "speed-up 2 workers / 1 (light tick callback)",
    value: ratio(lightMs[0]!, lightMs[1]!),
    unit: "x",
  });
}

// 3. Collisions: round trip over the sync channel vs the same call in-thread.
{
  const host = await startHost(1);
  const stage = new ScriptStage(host, 1);
  const vm = await inThreadVm();
  // Like the engine after the first call: the state holds the snapshot, only the callback travels.
  vm.callBinary(BATCH_FUNCTION, encodePlan([COLLISION]));
  const bytes = encodePlan([COLLISION], false);
  const CALLS = 200;
  try {
    const facts: BatchFrame = FACTS;
    // Interleaved rounds of CALLS calls per side, like the entity rows.
    const sides = [
      () => {
        for (let i = 0; i < CALLS; i++) {
          const o = stage.runSync(facts, COLLISION, i);
          if (o.error !== undefined) throw new Error(o.error);
        }
      },
      () => {
        for (let i = 0; i < CALLS; i++) vm.callBinary(BATCH_FUNCTION, bytes);
      },
      () => {
        for (let i = 0; i < CALLS; i++) naive.collide();
      },
    ];
    const us: number[][] = sides.map(() => []);
    for (const side of sides) side();
    for (let r = 0; r < REPS * 3; r++) {
      sides.forEach((side, i) => {
        const t0 = performance.now();
        side();
        us[i]!.push((performance.now() - t0) / CALLS * 1000);
      });
    }
    const [trips, directs, naives] = us as [number[], number[], number[]];
    const roundTrip = median(trips), direct = median(directs), naiveCall = median(naives);
    const vsDirect = ratio(trips, directs);
    row({ measure: "collision callbacks per second (sync)", value: 1e6 / roundTrip, unit: "/s" });
    row({ measure: "collision round trip (worker)", value: roundTrip, unit: "us" });
    row({ measure: "collision direct in-thread call (same runtime)", value: direct, unit: "us" });
    row({ measure: "collision naive in-thread wasmoon call", value: naiveCall, unit: "us" });
    row({
      measure: "collision round trip / direct in-thread",
      value: vsDirect,
      unit: "x",
      target: "<= 3x",
      met: vsDirect <= 3,
      note: `best / best: ${(Math.min(...trips) / Math.min(...directs)).toFixed(2)}x`,
    });
    row({
      measure: "collision round trip / naive in-thread",
      value: ratio(trips, naives),
      unit: "x",
    });
  } finally {
    vm.close();
    host.close();
  }
}
naive.close();

// 4. Pool start-up and memory per state.
{
  const startup = await timeAsync(async () => (await startHost(2, 2)).close(), quick ? 3 : 5);
  row({
    measure: "pool start-up, 2 workers x 2 states",
    value: startup.best,
    unit: "ms",
    target: "<= 300 ms",
    met: startup.best <= 300,
    note: med(startup),
  });
  const vm = await inThreadVm();
  vm.run("collectgarbage()");
  row({
    measure: "Lua memory per state (runtime + API + game)",
    value: vm.memoryUsed / 1024,
    unit: "KiB",
  });
  vm.close();
}

// 5. Soak: memory must not grow over many frames.
{
  const host = await startHost(1, 1);
  const stage = new ScriptStage(host, 1);
  const plan = entityPlan(SOAK_ENTITIES);
  const h = host.handle(0, 0);
  const luaKb = async () => {
    const r = await host.run(h, "collectgarbage() collectgarbage() return collectgarbage('count')");
    if (!r.ok) throw new Error(r.error.message);
    return Number(r.values[0]);
  };
  const samples: { frame: number; luaKb: number; heapMb: number }[] = [];
  try {
    for (let f = 1; f <= SOAK_FRAMES; f++) {
      await stage.run({ ...FACTS, frame: f }, plan);
      if (f === SOAK_FRAMES / 10 || f === SOAK_FRAMES / 2 || f === SOAK_FRAMES) {
        samples.push({
          frame: f,
          luaKb: await luaKb(),
          heapMb: Deno.memoryUsage().heapUsed / 2 ** 20,
        });
      }
    }
  } finally {
    host.close();
  }
  const first = samples[0]!, last = samples[samples.length - 1]!;
  const growth = last.luaKb - first.luaKb;
  row({
    measure:
      `soak ${SOAK_FRAMES} frames x ${SOAK_ENTITIES}: Lua heap growth (frame ${first.frame} -> ${last.frame})`,
    value: growth,
    unit: "KiB",
    target: "no growth (< 64 KiB)",
    met: growth < 64,
    note: samples.map((s) =>
      `f${s.frame}: lua ${s.luaKb.toFixed(0)} KiB, js ${s.heapMb.toFixed(1)} MiB`
    )
      .join("; "),
  });
}

// Table and JSON.
const fmt = (r: Row) =>
  r.unit === "x" || r.unit === "x faster"
    ? `${r.value.toFixed(2)}${r.unit === "x" ? "x" : "x"}`
    : r.unit === "/s"
    ? `${Math.round(r.value)} /s`
    : `${r.value.toFixed(r.value < 10 ? 2 : 1)} ${r.unit}`;
const lines = [
  "| measure | value | target | met | note |",
  "| --- | --- | --- | --- | --- |",
  ...rows.map((r) =>
    `| ${r.measure} | ${fmt(r)} | ${r.target ?? ""} | ${
      r.met === undefined ? "" : r.met ? "yes" : "no"
    } | ${r.note ?? ""} |`
  ),
];
console.log(lines.join("\n"));
const out = new URL("./results.json", import.meta.url);
await Deno.writeTextFile(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      deno: Deno.version.deno,
      cores: navigator.hardwareConcurrency,
      quick,
      rows,
    },
    null,
    2,
  ) + "\n",
);
console.error(`written ${out.pathname}`);
