/**
 * The side-by-side comparison behind the README "Performance" table:
 * Moonglow against native Lua 5.4 and a naive wasmoon binding, 1/2/4
 * workers, collision round trips, pool start-up, memory per state and a
 * 10,000-frame soak. Every time is the fastest of several runs measured in
 * this one process, the same rule for every side (other load on the machine
 * only ever adds time, and it comes and goes: the same batch measured 45 and
 * 80 ms in back-to-back processes); each row's note gives the median too.
 * Targets are judged on ratios, never absolute times.
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
  naiveBinding,
  nativeLua,
  nativeTimes,
  startHost,
  type Timing,
  timing,
} from "./_shared.ts";
import { type BatchFrame, ScriptStage } from "../src/engine/script_stage.ts";
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

function timeSync(fn: () => unknown, reps = REPS): Timing {
  fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return timing(times);
}

/** "median m" for a row's note: the best is the figure, the median shows the spread. */
const med = (t: Timing, unit = "ms") => `median ${t.median.toFixed(t.median < 10 ? 2 : 1)} ${unit}`;

async function frameTime(workers: number, plan: ReturnType<typeof entityPlan>): Promise<Timing> {
  const host = await startHost(workers, 1);
  try {
    const stage = new ScriptStage(host, 1);
    return await timeAsync(async () => {
      const out = await stage.run(FACTS, plan);
      if (out.some((o) => o.error !== undefined)) throw new Error(out.find((o) => o.error)!.error);
    });
  } finally {
    host.close();
  }
}

// 1. Scripted entities per frame: Moonglow (1 worker, whole pipeline) vs native Lua vs naive.
const lua = await nativeLua();
const naive = await naiveBinding();
for (const n of [1_000, 10_000, 50_000]) {
  const plan = entityPlan(n);
  const reps = n >= 50_000 ? Math.max(3, REPS >> 1) : REPS;
  const mg = await frameTime(1, plan);
  const nv = timeSync(() => naive.frame(plan), reps);
  const nat = lua ? timing(await nativeTimes(lua, plan, reps + 1)) : { best: NaN, median: NaN };
  row({
    measure: `${n} entities: Moonglow frame (1 worker)`,
    value: mg.best,
    unit: "ms",
    note: med(mg),
  });
  row({ measure: `${n} entities: native Lua 5.4`, value: nat.best, unit: "ms", note: med(nat) });
  row({
    measure: `${n} entities: naive wasmoon binding`,
    value: nv.best,
    unit: "ms",
    note: med(nv),
  });
  const vsNative = mg.best / nat.best, vsNaive = nv.best / mg.best;
  row({
    measure: `${n} entities: Moonglow / native`,
    value: vsNative,
    unit: "x",
    note: `medians: ${(mg.median / nat.median).toFixed(2)}x`,
    ...(n === 10_000 ? { target: "<= 2.5x", met: vsNative <= 2.5 } : {}),
  });
  row({
    measure: `${n} entities: naive / Moonglow`,
    value: vsNaive,
    unit: "x faster",
    note: `medians: ${(nv.median / mg.median).toFixed(2)}x`,
    ...(n === 10_000 ? { target: ">= 8x", met: vsNaive >= 8 } : {}),
  });
}

// 2. Worker scaling on callback-bound frames (and on the light callback for reference).
const heavy = entityPlan(10_000, "heavy");
const light = entityPlan(10_000);
const scale: Record<number, number> = {};
for (const w of [1, 2, 4]) {
  const t = await frameTime(w, heavy);
  scale[w] = t.best;
  row({
    measure: `10000 callback-bound entities, ${w} worker(s)`,
    value: t.best,
    unit: "ms",
    note: med(t),
  });
}
row({
  measure: "speed-up 2 workers / 1 (callback-bound)",
  value: scale[1]! / scale[2]!,
  unit: "x",
  target: ">= 1.6x",
  met: scale[1]! / scale[2]! >= 1.6,
  note: `${navigator.hardwareConcurrency} cores`,
});
row({
  measure: "speed-up 4 workers / 1 (callback-bound)",
  value: scale[1]! / scale[4]!,
  unit: "x",
});
const light1 = await frameTime(1, light), light2 = await frameTime(2, light);
row({
  measure: "speed-up 2 workers / 1 (light tick callback)",
  value: light1.best / light2.best,
  unit: "x",
});

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
    const perCall = (t: Timing) => t.best / CALLS * 1000;
    const roundTrip = perCall(timeSync(() => {
      for (let i = 0; i < CALLS; i++) {
        const o = stage.runSync(facts, COLLISION, i);
        if (o.error !== undefined) throw new Error(o.error);
      }
    }));
    const direct = perCall(timeSync(() => {
      for (let i = 0; i < CALLS; i++) vm.callBinary(BATCH_FUNCTION, bytes);
    }));
    const naiveCall = perCall(timeSync(() => {
      for (let i = 0; i < CALLS; i++) naive.collide();
    }));
    row({ measure: "collision callbacks per second (sync)", value: 1e6 / roundTrip, unit: "/s" });
    row({ measure: "collision round trip (worker)", value: roundTrip, unit: "us" });
    row({ measure: "collision direct in-thread call (same runtime)", value: direct, unit: "us" });
    row({ measure: "collision naive in-thread wasmoon call", value: naiveCall, unit: "us" });
    row({
      measure: "collision round trip / direct in-thread",
      value: roundTrip / direct,
      unit: "x",
      target: "<= 3x",
      met: roundTrip / direct <= 3,
    });
    row({
      measure: "collision round trip / naive in-thread",
      value: roundTrip / naiveCall,
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
