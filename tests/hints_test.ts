/**
 * Mistakes name their fix, in `check` and in the running game: a typo gets
 * "did you mean", and a forgotten `:build()`, an `on_update` nothing calls
 * and engine calls at main.lua's top level are warned once each with their
 * line (in the log and on stderr).
 */
import { assert, assertEquals } from "@std/assert";
import { Engine } from "../src/engine/engine.ts";
import type { DumpState } from "../src/engine/dump_state.ts";

const MAIN = new URL("../src/cli/main.ts", import.meta.url).pathname;
const MISTAKES = new URL("./games/mistakes", import.meta.url).pathname;

const NEVER_BUILT =
  "engine.spawn() makes a builder that is never built; end its chain with :build()";
const TOP_LEVEL = "engine calls at the top level of main.lua are ignored; move them into on_setup";
/** The warnings the mistakes game gets at run time, each once. */
const MISTAKE_WARNINGS = [
  `main.lua:2: ${TOP_LEVEL}`,
  "main.lua:31: `on_update` is never called; did you mean `on_update_menu`?",
  "main.lua:33: `on_updte_menu` is never called; did you mean `on_update_menu`?",
  "main.lua:35: `on_start` is never called; did you mean `on_setup`?",
  `main.lua:5: ${NEVER_BUILT}`,
  `main.lua:13: ${NEVER_BUILT}`,
];

async function play(gameDir: string, frames: number, workers: number): Promise<DumpState> {
  const engine = await Engine.load({ gameDir, workers, seed: 3 });
  try {
    while (engine.frame < frames) await engine.step();
    return engine.dump();
  } finally {
    engine.close();
  }
}

/** Run `fn` on a temporary game folder whose main.lua is `lines`; removed afterwards. */
async function withMainLua(lines: string[], fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/main.lua`, lines.join("\n"));
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("the running game warns each silent mistake once with its line, and errors name the fix", async () => {
  const dumps = [await play(MISTAKES, 20, 1), await play(MISTAKES, 20, 2)];
  for (const dump of dumps) {
    const warnings = dump.log.filter((l) => l.level === "warn").map((l) => l.message);
    assertEquals(warnings, MISTAKE_WARNINGS);
    const firstLines = new Set(
      dump.errors.map((e) => `${e.callback}: ${e.message.split("\n")[0]}`),
    );
    assertEquals([...firstLines], [
      "typo_engine: main.lua:18: unknown engine function engine.entity_set_velocty; did you mean `engine.entity_set_velocity`?",
      "typo_method: main.lua:22: unknown builder method with_positon; did you mean `with_position`?",
      'typo_callback: main.lua:26: entity_insert_lua_timer: argument 3 (callback) must be the name of a global function, got "on_hitt"; did you mean `on_hit`?',
    ]);
  }
  // The same log whatever the number of workers (each state would otherwise warn on its own).
  assertEquals(dumps[1]!.log, dumps[0]!.log);
});

Deno.test("a builder left unbuilt by a helper is blamed on the callback that called it", async () => {
  await withMainLua([
    "local function make_ball() return engine.spawn():with_group('ball') end",
    "function on_update_menu(input, dt)",
    "  make_ball()",
    "end",
  ], async (dir) => {
    const dump = await play(dir, 5, 1);
    assertEquals(dump.log.map((l) => `${l.level}: ${l.message}`), [
      "warn: main.lua:2: on_update_menu made a builder it did not build; " +
      "end each engine.spawn() or engine.clone() chain with :build()",
    ]);
    assertEquals(dump.errors, []);
  });
});

Deno.test("check and run name the fix of a typo, a forgotten build and an on_update; warnings alone exit 0", async () => {
  await withMainLua([
    "function on_switch_scene(scene)",
    "  engine.spawn():with_group('ball'):with_position(10, 10)",
    "end",
    "function on_update(input, dt) end",
  ], async (dir) => {
    const warnings = [
      `main.lua:2: ${NEVER_BUILT}`,
      "main.lua:4: `on_update` is never called; did you mean `on_update_menu`?",
    ];
    const checked = await cli(["check", dir]);
    assertEquals(checked.code, 0, checked.stderr);
    assertEquals(checked.stderr.trim().split("\n"), warnings.map((w) => `warning: ${w}`));
    assertEquals(checked.stdout.trim(), `${dir}: ok (2 warning(s))`);

    const ran = await cli(["run", dir, "--renderer", "headless", "--frames", "30"]);
    assertEquals(ran.code, 0, ran.stderr);
    const lines = ran.stderr.split("\n").filter((l) => / warn: /.test(l));
    // At load the function nothing calls, then the builder when on_switch_scene leaves it.
    assertEquals(lines.map((l) => l.replace(/^\[\d+\] warn: /, "")), [warnings[1], warnings[0]]);

    // A typo is an error in check (exit 1) with the suggestion.
    await Deno.writeTextFile(
      `${dir}/main.lua`,
      "function on_setup() engine.lod_texture('a', 'a.png') end\n",
    );
    const typo = await cli(["check", dir]);
    assertEquals(typo.code, 1);
    assert(
      typo.stderr.includes(
        "main.lua:1: unknown engine function engine.lod_texture; did you mean `engine.load_texture`?",
      ),
      typo.stderr,
    );
  });
});
