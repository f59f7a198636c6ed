/**
 * The upkeep rows of `compare.ts`: pool start-up, Lua memory per state, and
 * a soak (a 100-entity swarm game run for many frames through the engine)
 * that must not grow the Lua heap.
 *
 * @module
 */
import { Engine } from "../src/engine/engine.ts";
import type { CompareContext } from "./_compare_context.ts";
import { median, startHost } from "./_shared.ts";
import { writeGame } from "./_worlds.ts";

/** Entities of the soak game. */
const SOAK_ENTITIES = 100;

/**
 * Run the upkeep rows into `ctx.report`.
 *
 * @example
 * ```ts ignore
 * await upkeepSection(ctx);
 * ```
 */
export async function upkeepSection(ctx: CompareContext): Promise<void> {
  const { report, effort } = ctx;
  const starts: number[] = [];
  for (let i = 0; i <= (effort.quick ? 3 : 5); i++) {
    const t0 = performance.now();
    const host = await startHost(2, 2);
    if (i > 0) starts.push(performance.now() - t0); // the first one warms up
    host.close();
  }
  const startup = Math.min(...starts);
  report.row({
    measure: "pool start-up, 2 workers x 2 states",
    value: startup,
    unit: "ms",
    target: "<= 300 ms",
    met: startup <= 300,
    note: `fastest of ${starts.length}; median ${median(starts).toFixed(1)} ms`,
  });

  const dir = await writeGame({ kind: "swarm", entities: SOAK_ENTITIES, callback: "go_update" });
  const engine = await Engine.load({ gameDir: dir, workers: 1, statesPerWorker: 1 });
  const handle = engine.host.handle(0, 0);
  const luaKb = async () => {
    const r = await engine.host.run(
      handle,
      "collectgarbage() collectgarbage() return collectgarbage('count')",
    );
    if (!r.ok) throw new Error(r.error.message);
    return Number(r.values[0]);
  };
  const samples: { frame: number; luaKb: number; heapMb: number }[] = [];
  try {
    report.row({
      measure: "Lua memory per state (runtime + API + swarm game)",
      value: await luaKb(),
      unit: "KiB",
      note: "after loading, garbage collected",
    });
    const at = new Set([effort.soakFrames / 10, effort.soakFrames / 2, effort.soakFrames]);
    for (let f = 1; f <= effort.soakFrames; f++) {
      await engine.step({ render: false });
      if (at.has(f)) {
        samples.push({
          frame: f,
          luaKb: await luaKb(),
          heapMb: Deno.memoryUsage().heapUsed / 2 ** 20,
        });
      }
    }
    const errors = engine.dump().errors.length;
    if (errors > 0) throw new Error(`soak: ${errors} callback errors`);
  } finally {
    engine.close();
    await Deno.remove(dir, { recursive: true });
  }
  const first = samples[0]!, last = samples[samples.length - 1]!;
  const growth = last.luaKb - first.luaKb;
  report.row({
    measure: `soak ${effort.soakFrames} frames x ${SOAK_ENTITIES}-entity swarm: Lua heap growth ` +
      `(frame ${first.frame} -> ${last.frame})`,
    value: growth,
    unit: "KiB",
    target: "no growth (< 64 KiB)",
    met: growth < 64,
    note: samples.map((s) =>
      `f${s.frame}: lua ${s.luaKb.toFixed(0)} KiB, js ${s.heapMb.toFixed(1)} MiB`
    ).join("; "),
  });
}
