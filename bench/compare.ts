/**
 * The side-by-side comparison behind the README "Performance" table: the
 * scripting hot path as real games run through the whole engine
 * (`Engine.load` on a generated game folder, one `engine.step({ render:
 * false })` per frame), against the least work native Lua needs for the same
 * game callbacks (`bench/lua/reference.lua` in Debian's `lua5.4`) and the
 * same reference in one plain in-thread state of the engine's Lua wasm build
 * (the wasm floor).
 *
 * - **swarm**: 2,000 and 10,000 entities, each with a phase whose update
 *   callback reads a signal, calls math.random, sets a velocity and writes a
 *   signal; 1 and 2 workers; the naive wasmoon binding at 10,000.
 * - **per-entity costs**: the swarm callback built up step by step, 10,000
 *   entities, 1 worker, with the engine's main-thread / worker CPU split.
 * - **collision storm**: 300 and 1,000 overlapping pairs meeting every frame
 *   through a Lua collision rule; per-callback and whole-frame times.
 * - **upkeep**: pool start-up, Lua memory per state, a soak.
 * - **profile**: the swarm with the profiler off and on (`run --profile`).
 *
 * A shared machine's speed changes from second to second, so compared sides run in
 * interleaved rounds (a few frames of each side per round), a ratio is the
 * median of its per-round ratios and a time the median of per-round medians.
 *
 *   deno task bench:compare                 # prints the tables, writes bench/out/results.json
 *   deno task bench:compare --quick         # few rounds, short soak: for development
 *   deno task bench:compare --write PATH    # the JSON to PATH instead
 *   deno task bench:compare --no-write      # no JSON
 *   deno task bench:compare --only profile  # one section (swarm, costs, storm, upkeep, profile)
 *
 * `MOONGLOW_BENCH_QUICK=1` is the same as `--quick`.
 *
 * @module
 */
import { dirname } from "node:path";
import { costSection } from "./_compare_costs.ts";
import { type CompareContext, effort } from "./_compare_context.ts";
import { profileSection } from "./_compare_profile.ts";
import { stormSection } from "./_compare_storm.ts";
import { swarmSection } from "./_compare_swarm.ts";
import { upkeepSection } from "./_compare_upkeep.ts";
import { NativeReference } from "./_native_reference.ts";
import { Report } from "./_report.ts";
import { nativeLua } from "./_shared.ts";
import { WasmFloor } from "./_wasm_floor.ts";

/** Where the JSON goes by default: `bench/out/`, which git ignores. */
const DEFAULT_OUT = new URL("./out/results.json", import.meta.url).pathname;

/** The sections, in the order they run. */
const SECTIONS = {
  swarm: swarmSection,
  costs: costSection,
  storm: stormSection,
  upkeep: upkeepSection,
  profile: profileSection,
} as const satisfies Record<string, (ctx: CompareContext) => Promise<void>>;

/** The sections `--only NAME` (repeatable) picks, else all. */
function sectionsOf(args: readonly string[]): (keyof typeof SECTIONS)[] {
  const only: (keyof typeof SECTIONS)[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== "--only") continue;
    const name = args[i + 1] ?? "";
    if (!(name in SECTIONS)) {
      throw new Error(`--only needs one of ${Object.keys(SECTIONS).join(", ")}, got "${name}"`);
    }
    only.push(name as keyof typeof SECTIONS);
  }
  return only.length > 0 ? only : Object.keys(SECTIONS) as (keyof typeof SECTIONS)[];
}

function outPath(args: readonly string[]): string | undefined {
  let out: string | undefined = DEFAULT_OUT;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--only") i++;
    else if (arg === "--no-write") out = undefined;
    else if (arg.startsWith("--write=")) out = arg.slice("--write=".length);
    else if (arg === "--write") {
      const next = args[++i];
      if (next === undefined) throw new Error("--write needs a path");
      out = next;
    } else if (arg !== "--quick") throw new Error(`unknown argument ${arg}`);
  }
  return out;
}

const out = outPath(Deno.args);
const sections = sectionsOf(Deno.args);
const quick = Deno.args.includes("--quick") || Deno.env.get("MOONGLOW_BENCH_QUICK") === "1";
const lua = await nativeLua();
if (!lua) throw new Error("lua5.4 is needed for the native reference (apt-get install lua5.4)");
const report = new Report();
const native = await NativeReference.start(lua);
const floor = await WasmFloor.start();
const ctx: CompareContext = { report, native, lua, floor, effort: effort(quick) };
try {
  for (const name of sections) await SECTIONS[name](ctx);
} finally {
  floor.close();
  await native.close();
}

console.log(report.markdown());
if (out !== undefined) {
  await Deno.mkdir(dirname(out), { recursive: true });
  await Deno.writeTextFile(
    out,
    report.json({
      date: new Date().toISOString(),
      deno: Deno.version.deno,
      cores: navigator.hardwareConcurrency,
      quick,
      nativePipeMs: native.pipeMs,
    }),
  );
  console.error(`written ${out}`);
}
