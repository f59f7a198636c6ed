/**
 * Hot reload end to end: a copy of the `reload` fixture runs with real
 * workers while the tests edit its files, driven frame by frame; reloads
 * through `--watch`, the console's `reload`, and a replayed input log.
 */
import { assert, assertEquals, assertMatch, assertNotEquals } from "@std/assert";
import type { DumpState } from "../src/engine/dump_state.ts";
import { Engine } from "../src/engine/engine.ts";
import type { EngineOptions } from "../src/engine/engine_options.ts";
import { parseInputLog, stringifyInputLog } from "../src/input/input_log.ts";
import { StreamText } from "../src/cli/_test_helpers.ts";

const FIXTURE = new URL("./games/reload/", import.meta.url);
const V1 = await Deno.readTextFile(new URL("main.lua", FIXTURE));
const RULES = await Deno.readTextFile(new URL("lib/rules.lua", FIXTURE));

/** The fixture with `from` replaced by `to`, which must be there. */
function edit(text: string, from: string, to: string): string {
  assert(text.includes(from), `fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** Run `fn` on a fresh copy of the fixture in a temp folder. */
async function withGame(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "moonglow_watch_" });
  try {
    await Deno.mkdir(`${dir}/lib`);
    await Deno.writeTextFile(`${dir}/main.lua`, V1);
    await Deno.writeTextFile(`${dir}/lib/rules.lua`, RULES);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function load(dir: string, options: Partial<EngineOptions> = {}): Promise<Engine> {
  return await Engine.load({ gameDir: dir, workers: 2, seed: 5, ...options });
}

/** Step until `done()` holds; fails naming `what` after `ms`. Resolves to the ms it took. */
async function stepUntil(engine: Engine, done: () => boolean, what: string, ms = 5000) {
  const start = performance.now();
  while (!done()) {
    const took = performance.now() - start;
    if (took > ms) throw new Error(`still waiting after ${Math.round(took)} ms for ${what}`);
    await engine.step();
  }
  return performance.now() - start;
}

async function stepTo(engine: Engine, frame: number): Promise<DumpState> {
  while (engine.frame < frame) await engine.step();
  return engine.dump();
}

/** The versions the blobs' phase callbacks and the wall's collision callback last wrote. */
function versions(d: DumpState): string[] {
  const blobs = d.entities.filter((e) => e.groups.includes("blob"));
  return [...new Set([...blobs.map((e) => e.signals.strings.version), d.signals.strings.touched])]
    .map(String);
}
const counted = (e: Engine) => e.state.signals.getInteger("frames") === e.frame;
const logged = (d: DumpState, text: string) => d.log.filter((l) => l.message === text).length;
const reloadErrors = (e: Engine) => e.state.log.errors.filter((r) => r.callback === "reload");

Deno.test("--watch: a saved edit is live within a second and the world carries on", async () => {
  await withGame(async (dir) => {
    const engine = await load(dir, { watch: true });
    try {
      const before = await stepTo(engine, 10);
      assertEquals(versions(before), ["one"]);
      assert(counted(engine));

      const v2 = edit(V1, 'local VERSION = "one"', 'local VERSION = "two"');
      await Deno.writeTextFile(`${dir}/main.lua`, v2);
      const took = await stepUntil(engine, () => versions(engine.dump()).join() === "two", "v2");
      assert(took < 1000, `the edit took ${Math.round(took)} ms to go live`);
      const after = engine.dump();
      assertEquals(versions(after), ["two"]);
      // Same entities, the frame counter never missed a frame, setup and scene ran once.
      assertEquals(after.entities.map((e) => e.id), before.entities.map((e) => e.id));
      assert(counted(engine), `frames ${after.signals.integers.frames} at frame ${after.frame}`);
      assertEquals(logged(after, "setup ran"), 1);
      assertEquals(logged(after, "switch ran"), 1);
      assertEquals(logged(after, "reload: main.lua; the scripts reloaded"), 1);

      // A broken save keeps v2 running and says where the mistake is.
      const lines = v2.split("\n");
      lines.splice(4, 0, "local broken = = 1");
      await Deno.writeTextFile(`${dir}/main.lua`, lines.join("\n"));
      await stepUntil(engine, () => reloadErrors(engine).length > 0, "the reload error");
      const [error] = reloadErrors(engine);
      assertMatch(error!.message, /^main\.lua:5: unexpected symbol near '='/);
      const frame = engine.frame;
      await stepTo(engine, frame + 10);
      assertEquals(versions(engine.dump()), ["two"]);
      assert(counted(engine));
      assert(
        engine.dump().log.some((l) => l.level === "error" && l.message.includes("main.lua:5")),
      );

      // The fix reloads.
      await Deno.writeTextFile(`${dir}/main.lua`, edit(v2, '= "two"', '= "three"'));
      await stepUntil(engine, () => versions(engine.dump()).join() === "three", "the fix");
      assertEquals(reloadErrors(engine).length, 1);
      // Said as a warning, which reaches stderr, since the author saw the failure there.
      const fixed = "reload: main.lua; the scripts reloaded (the earlier failure is fixed)";
      assert(engine.dump().log.some((l) => l.level === "warn" && l.message === fixed));

      // A required file reloads too: a timer tick now adds 1000.
      const ticks = () => engine.state.signals.getInteger("ticks") ?? 0;
      const start = ticks();
      await Deno.writeTextFile(`${dir}/lib/rules.lua`, edit(RULES, "TICK = 1", "TICK = 1000"));
      await stepUntil(engine, () => ticks() >= start + 1000, "the new tick");
      assertEquals(logged(engine.dump(), "reload: lib/rules.lua; the scripts reloaded"), 1);
      assertEquals(engine.dump().entities.length, 6);
      assert(counted(engine));
    } finally {
      engine.close();
    }
  });
});

Deno.test("a failed reload keeps the running scripts in every worker", async () => {
  await withGame(async (dir) => {
    const engine = await load(dir, { workers: 3, sets: [{ name: "blob_count", value: "120" }] });
    try {
      await stepTo(engine, 5);
      const ticks = () => engine.state.signals.getInteger("ticks") ?? 0;
      const attempt = async (file: string, text: string) => {
        await Deno.writeTextFile(`${dir}/${file}`, text);
        await engine.console.execute("reload");
        const tried = reloadErrors(engine).length;
        await engine.step();
        assertEquals(reloadErrors(engine).length, tried + 1, `${file} reloaded`);
        return reloadErrors(engine)[tried]!.message;
      };
      // A callback the world still names, gone from the new scripts.
      const missing = await attempt("main.lua", edit(V1, "function blob_tick", "function tick"));
      assertMatch(
        missing,
        /^the new scripts do not define 'blob_tick' \(used by entity \d+'s timer\)/,
      );
      // An error at the top level, and a syntax error in a required file.
      const lastLine = V1.split("\n").length;
      const top = await attempt("main.lua", `${V1}\nerror("not today")`);
      assertMatch(top, new RegExp(`^main\\.lua:${lastLine + 1}: not today`));
      await Deno.writeTextFile(`${dir}/main.lua`, V1);
      const lib = await attempt("lib/rules.lua", "return { TICK = }");
      assertMatch(lib, /^lib\/rules\.lua:1: unexpected symbol near '}'/);
      // Every state still runs the first scripts: phases and timers call them.
      const t = ticks();
      await stepTo(engine, engine.frame + 30);
      assert(ticks() > t);
      assertEquals(versions(engine.dump()), ["one"]);
      assert(counted(engine));
      assertEquals(engine.dump().errors.filter((e) => e.callback !== "reload"), []);
    } finally {
      engine.close();
    }
  });
});

/** v2 for the determinism tests: a top-level random number the callbacks use. */
const V2_RANDOM = edit(
  edit(
    V1,
    'local VERSION = "one"',
    'local VERSION = "two"\nlocal OFFSET = math.random(1, 1000000)',
  ),
  'engine.entity_signal_set_string(ctx.id, "version", VERSION)',
  'engine.entity_signal_set_string(ctx.id, "version", VERSION)\n' +
    '  engine.entity_signal_set_integer(ctx.id, "v", OFFSET + ctx.signals.integers.n)',
);

/** Run the fixture to frame 60, reloading V2_RANDOM before frame 20 through the console. */
async function reloadedRun(dir: string, workers: number, record = false) {
  await Deno.writeTextFile(`${dir}/main.lua`, V1);
  const sets = [{ name: "blob_count", value: "120" }];
  const engine = await load(dir, { workers, sets, record });
  try {
    await stepTo(engine, 20);
    await Deno.writeTextFile(`${dir}/main.lua`, V2_RANDOM);
    await engine.console.execute("reload");
    const dump = await stepTo(engine, 60);
    assertEquals(dump.errors, []);
    assertEquals(versions(dump), ["two"]);
    return { dump, log: engine.recorder?.entries() ?? [] };
  } finally {
    engine.close();
  }
}

Deno.test("a reload gives the same world with 1 and 3 workers", async () => {
  await withGame(async (dir) => {
    const one = (await reloadedRun(dir, 1)).dump;
    const three = (await reloadedRun(dir, 3)).dump;
    assertEquals(three.hash, one.hash);
    // Every entity got the same top-level number, whichever state ran it.
    const blobs = one.entities.filter((e) => e.groups.includes("blob"));
    const offsets = new Set(blobs.map((e) => e.signals.integers.v! - e.signals.integers.n!));
    assertEquals(offsets.size, 1);
  });
});

Deno.test("a recorded reload replays at the same frame with the same text", async () => {
  await withGame(async (dir) => {
    const recorded = await reloadedRun(dir, 1, true);
    const reloads = recorded.log.filter((e) => e.reload !== undefined);
    assertEquals(reloads, [{
      frame: 20,
      reload: ["main.lua"],
      sources: { "main.lua": V2_RANDOM },
    }]);
    // Through the file format, with the folder back as the recording started.
    const inputLog = parseInputLog(stringifyInputLog(recorded.log), "recorded.json");
    await Deno.writeTextFile(`${dir}/main.lua`, V1);
    for (const workers of [1, 3]) {
      const engine = await load(dir, {
        workers,
        inputLog,
        sets: [{ name: "blob_count", value: "120" }],
      });
      try {
        // During a replay the log's entries reload, not the console.
        const [said] = await engine.console.execute("reload");
        assertMatch(said!.text, /ignored during a replay/);
        const dump = await stepTo(engine, 60);
        assertEquals(dump.hash, recorded.dump.hash);
        assertEquals(await Deno.readTextFile(`${dir}/main.lua`), V1);
      } finally {
        engine.close();
      }
    }
    // Without the reload the world differs: the replay did reload.
    const plain = await load(dir, { workers: 1, sets: [{ name: "blob_count", value: "120" }] });
    try {
      assertNotEquals((await stepTo(plain, 60)).hash, recorded.dump.hash);
    } finally {
      plain.close();
    }
  });
});

Deno.test("the console's reload reloads unchanged files and is listed in help", async () => {
  await withGame(async (dir) => {
    const engine = await load(dir);
    try {
      await stepTo(engine, 3);
      const help = (await engine.console.execute("help")).map((l) => l.text);
      assert(help.some((t) => t.startsWith("reload ")), help.join("\n"));
      const [said] = await engine.console.execute("reload");
      assertEquals(said?.text, "reload: the scripts reload before the next frame");
      await engine.step();
      const d = engine.dump();
      assertEquals(d.log.filter((l) => l.message.startsWith("reload:")), [
        { frame: 3, level: "info", message: "reload: no Lua file changed; the scripts reloaded" },
      ]);
      assertEquals(d.errors, []);
      assert(counted(engine));
    } finally {
      engine.close();
    }
  });
});

Deno.test("run --watch from the command line: an edit that quits ends an endless headless run", async () => {
  await withGame(async (dir) => {
    const main = new URL("../src/cli/main.ts", import.meta.url).pathname;
    const dump = `${dir}/dump.json`;
    const args = [
      "run",
      "-A",
      main,
      "run",
      dir,
      "--watch",
      "--renderer",
      "headless",
      "--dump-state",
      dump,
    ];
    const child = new Deno.Command(Deno.execPath(), { args, stdout: "null", stderr: "piped" })
      .spawn();
    const deadline = setTimeout(() => child.kill("SIGKILL"), 30_000);
    try {
      // The notice about running without --frames comes once the game has loaded.
      const stderr = new StreamText(child.stderr);
      await stderr.until("without --frames");
      await Deno.writeTextFile(
        `${dir}/main.lua`,
        edit(
          V1,
          'engine.get_integer("frames") + 1)',
          'engine.get_integer("frames") + 1)\n  engine.set_flag("quit_game")',
        ),
      );
      await stderr.rest();
      assertEquals((await child.status).code, 0);
    } finally {
      clearTimeout(deadline);
    }
    const d: DumpState = JSON.parse(await Deno.readTextFile(dump));
    assertEquals(d.signals.flags, ["quit_game"]);
    assertEquals(d.entities.length, 6);
    assertEquals(d.signals.integers.frames, d.frame);
    assertEquals(logged(d, "reload: main.lua; the scripts reloaded"), 1);
    assertEquals(logged(d, "switch ran"), 1);
  });
});
