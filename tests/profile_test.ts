/**
 * The profiler end to end: `run --profile` through the real command line,
 * and the console's `prof` in a running engine (tests/games/profile).
 */
import { assert, assertEquals, assertGreater, assertStringIncludes } from "@std/assert";
import type { CallbackProfileDump, DumpState } from "../src/engine/dump_state.ts";
import { STAGES } from "../src/ecs/stages.ts";
import { Engine } from "../src/engine/engine.ts";

const GAME = new URL("./games/profile", import.meta.url).pathname;
const MAIN = new URL("../src/cli/main.ts", import.meta.url).pathname;

const FRAMES = 30;
const SWARM = 100;

/** `run` the profile game headless in a process of its own: its dump and stderr. */
async function runCli(dir: string, extra: string[]): Promise<{ dump: DumpState; err: string }> {
  const out = `${dir}/dump${extra.length}.json`;
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "run",
      GAME,
      "--renderer",
      "headless",
      "--frames",
      String(FRAMES),
      "--workers",
      "2",
      "--input",
      `${dir}/input.json`,
      "--dump-state",
      out,
      "+set",
      "swarm",
      String(SWARM),
      ...extra,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(stderr);
  assertEquals(code, 0, err);
  return { dump: JSON.parse(await Deno.readTextFile(out)), err };
}

function byName(callbacks: readonly CallbackProfileDump[]): Map<string, CallbackProfileDump> {
  return new Map(callbacks.map((c) => [c.name, c]));
}

Deno.test("run --profile dumps and prints every callback's cost, and the world is the same without it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/input.json`,
      JSON.stringify([{ frame: 5, console: "set drift_speed 3" }]),
    );
    const plain = await runCli(dir, []);
    const profiled = await runCli(dir, ["--profile"]);
    assertEquals(plain.dump.profile, undefined);
    assert(!plain.err.includes("profile:"), plain.err);
    assertEquals(profiled.dump.hash, plain.dump.hash);
    assertEquals(profiled.dump.entities, plain.dump.entities);
    assertEquals(profiled.dump.signals.integers.speed, 3);

    const profile = profiled.dump.profile!;
    assertEquals(profile.frames, FRAMES);
    const calls = byName(profile.callbacks);
    const row = (name: string) => {
      const c = calls.get(name);
      assert(c, `no ${name} in ${[...calls.keys()].join(", ")}`);
      return [c.kind, c.calls, c.errors];
    };
    // Each of the swarm's entities runs its phase update once a frame, split over two workers.
    assertEquals(row("drift"), ["phase update", SWARM * FRAMES, 0]);
    assertEquals(row("on_update_menu"), ["scene update", FRAMES, 0]);
    assertEquals(row("bump"), ["collision", FRAMES, 0]);
    assertEquals(row("tick"), ["timer", FRAMES, 0]);
    assertEquals(row("flaky"), ["timer", FRAMES, FRAMES]);
    assertEquals(row("speed_changed"), ["cvar handler", 1, 0]);
    assertEquals(row("on_setup"), ["call", 1, 0]);
    assertEquals(row("on_switch_scene"), ["call", 1, 0]);
    const drift = calls.get("drift")!;
    assertEquals(drift.commands, SWARM * FRAMES);
    // A 20-turn loop and three engine calls: tens of instructions each, not thousands.
    assertGreater(drift.instructions / drift.calls, 40);
    assert(drift.instructions / drift.calls < 400, `${drift.instructions / drift.calls}`);
    assertEquals(calls.get("flaky")!.commands, 0);
    for (const c of profile.callbacks) {
      assert(c.total_ms >= 0 && c.mean_ms >= 0, `${c.name}: ${c.total_ms} ms`);
    }
    // Costliest first.
    const totals = profile.callbacks.map((c) => c.total_ms);
    assertEquals(totals, [...totals].sort((a, b) => b - a));
    assertEquals(profile.stages.map((s) => s.stage), [...STAGES]);
    for (const s of profile.stages) {
      assertEquals(s.runs, FRAMES, s.stage);
      assert(s.total_ms >= 0 && s.mean_ms >= 0, `${s.stage}: ${s.total_ms} ms`);
    }

    // The table at exit: frames, the callbacks by name, the stages.
    assertStringIncludes(profiled.err, `profile: ${FRAMES} frames`);
    const lines = profiled.err.split("\n");
    const driftLine = lines.find((l) => l.startsWith("drift "));
    assert(driftLine?.includes("phase update") && driftLine.includes(String(SWARM * FRAMES)));
    assert(lines.some((l) => l.startsWith("scripts ")), profiled.err);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the console's prof turns profiling on and off, and prof top lists the costliest callbacks", async () => {
  const engine = await Engine.load({
    gameDir: GAME,
    workers: 1,
    sets: [{ name: "swarm", value: "12" }],
  });
  try {
    const run = async (line: string) => (await engine.console.execute(line)).map((l) => l.text);
    const steps = async (n: number) => {
      for (let i = 0; i < n; i++) await engine.step();
    };
    await steps(3);
    assertEquals(await run("prof top"), ["no callbacks profiled: prof turns the profiler on"]);
    assertEquals(engine.dump().profile, undefined);

    assertEquals(await run("prof"), ["profiling on (prof top lists the costliest callbacks)"]);
    assertEquals(engine.profiling, false, "from the next frame on");
    await steps(10);
    assertEquals(engine.profiling, true);
    const top = await run("prof top");
    assert(top[0]?.startsWith("callback") && top[0].includes("instr/call"), top.join("\n"));
    assert(top.some((l) => l.startsWith("drift ")), top.join("\n"));
    assert(top.length <= 11, top.join("\n"));

    assertEquals(await run("prof"), ["profiling off"]);
    await steps(5);
    // Only the ten profiled frames were counted.
    const profile = engine.dump().profile!;
    assertEquals(profile.frames, 10);
    assertEquals(byName(profile.callbacks).get("drift")?.calls, 12 * 10);
    for (const s of profile.stages) assertEquals(s.runs, 10, s.stage);

    assertEquals(await run("prof reset"), ["profile cleared"]);
    assertEquals(engine.dump().profile?.callbacks, []);
    assertEquals((await run("prof fast"))[0], 'Unknown prof argument "fast": use prof [top|reset]');
  } finally {
    engine.close();
  }
});

Deno.test("prof in an input log's console line profiles whole frames from the next one", async () => {
  const engine = await Engine.load({
    gameDir: GAME,
    workers: 1,
    sets: [{ name: "swarm", value: "4" }],
    inputLog: [{ frame: 5, console: "prof" }, { frame: 12, console: "prof" }],
  });
  try {
    for (let i = 0; i < 20; i++) await engine.step();
    const profile = engine.dump().profile!;
    assertEquals(profile.frames, 7);
    // Every stage of every profiled frame was timed, the input and console stages included.
    for (const s of profile.stages) assertEquals(s.runs, 7, s.stage);
  } finally {
    engine.close();
  }
});
