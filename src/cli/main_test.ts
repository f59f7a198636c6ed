import { assertEquals, assertStringIncludes } from "@std/assert";
import { cli, harness, StreamText } from "./_test_helpers.ts";
import type { CliDeps } from "./cli_deps.ts";
import { defaultDeps } from "./default_deps.ts";
import { GameLoadError } from "./errors.ts";
import { type CliIo, main } from "./main.ts";

/** A temp folder holding `game/main.lua`, removed after `fn`. */
async function withGame(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/game`);
    await Deno.writeTextFile(`${dir}/game/main.lua`, "-- empty\n");
    await Deno.mkdir(`${dir}/empty`);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The CLI as a separate process (`deno run -A main.ts ...args`). */
function cliProcess(args: string[], options: Omit<Deno.CommandOptions, "args"> = {}): Deno.Command {
  const main = new URL("./main.ts", import.meta.url).pathname;
  return new Deno.Command(Deno.execPath(), { args: ["run", "-A", main, ...args], ...options });
}

Deno.test("run passes validated options and the parsed input log to runGame", async () => {
  await withGame(async (dir) => {
    await Deno.writeTextFile(`${dir}/in.json`, '[{"frame": 2, "press": ["up"]}, {"frame": 0}]');
    const h = harness({ runGame: (l) => (h.launches.push(l), Promise.resolve(7)) });
    const r = await cli([
      "run",
      `${dir}/game`,
      "--frames",
      "10",
      "--renderer",
      "headless",
      "--input",
      `${dir}/in.json`,
      "--dump-state",
      `${dir}/state.json`,
      "+set",
      "r_fov",
      "90",
    ], h.deps);
    assertEquals(r.code, 7);
    assertEquals(r.err, []);
    const launch = h.launches[0];
    assertEquals(launch?.frames, 10);
    assertEquals(launch?.dumpState, `${dir}/state.json`);
    assertEquals(launch?.cvars, [{ name: "r_fov", value: "90" }]);
    assertEquals(launch?.inputLog, [{ frame: 0 }, { frame: 2, press: ["up"] }]);
  });
});

Deno.test("each CLI error prints one clear line, a hint, and the right exit code", async () => {
  await withGame(async (dir) => {
    await Deno.writeTextFile(`${dir}/bad.json`, '[\n  {"frame": 0},\n  {"frame": 1,}\n]');
    await Deno.writeTextFile(`${dir}/entry.json`, '[{"frame": 0}, {"frame": 1}, {"frame": -1}]');
    await Deno.writeTextFile(`${dir}/name.json`, '[{"frame": 0, "press": ["jump"]}]');
    const runHint = 'Run "moonglow run --help" for usage.';
    const gameHint = 'A game is a folder with a main.lua file; "moonglow new <dir>" creates one.';
    const logHint = 'The input log is a JSON array of { "frame": n, "press": [..], ' +
      '"release": [..], "mouse": [x, y], "console": "line" }.';
    const g = `${dir}/game`;
    const cases: Array<[string[], number, string, string]> = [
      [
        ["run", g, "--framez", "3"],
        2,
        "unknown option --framez; did you mean `--frames`?",
        runHint,
      ],
      [
        ["run", g, "--frames", "ten"],
        2,
        '--frames must be a non-negative integer, got "ten"',
        runHint,
      ],
      [["run", g, "--workers", "40"], 2, "--workers must be between 1 and 16, got 40", runHint],
      [["run"], 2, "missing <game_dir>", runHint],
      [["run", `${dir}/nope`], 1, `game folder not found: ${dir}/nope`, gameHint],
      [["run", `${dir}/empty`], 1, `no main.lua in game folder ${dir}/empty`, gameHint],
      [
        ["run", g, "--input", `${dir}/missing.json`],
        2,
        `cannot read input log ${dir}/missing.json: file not found`,
        logHint,
      ],
      [
        ["run", g, "--input", `${dir}/bad.json`],
        2,
        `${dir}/bad.json: invalid JSON at line 3, column 15: unexpected character "}"`,
        logHint,
      ],
      [
        ["run", g, "--input", `${dir}/entry.json`],
        2,
        `${dir}/entry.json: input log entry 2: "frame" must be a non-negative integer, got -1`,
        logHint,
      ],
      [
        ["run", g, "--input", `${dir}/name.json`],
        2,
        `${dir}/name.json: input log entry 0: "press" has unknown name "jump" (expected an ` +
        'action such as "action_1" or a key such as "space")',
        logHint,
      ],
      [
        ["run", g, "--record", `${dir}/no/rec.json`],
        2,
        `cannot write --record file ${dir}/no/rec.json: folder ${dir}/no does not exist`,
        runHint,
      ],
      [
        ["run", g, "--dump-state", dir],
        2,
        `cannot write --dump-state file ${dir}: it is a folder`,
        runHint,
      ],
      [["check"], 2, "missing <game_dir>", 'Run "moonglow check --help" for usage.'],
      [["check", `${dir}/empty`], 1, `no main.lua in game folder ${dir}/empty`, gameHint],
      [["stubs", "a", "b"], 2, 'unexpected argument "b"', 'Run "moonglow stubs --help" for usage.'],
      [["stubs", `${dir}/empty`], 1, `no main.lua in game folder ${dir}/empty`, gameHint],
      [
        ["stubs", g, "--out", `${dir}/e.lua`],
        2,
        "give either a game folder or --out FILE, not both",
        'Run "moonglow stubs --help" for usage.',
      ],
      [["stubs", "--out"], 2, "--out needs a value", 'Run "moonglow stubs --help" for usage.'],
      [
        ["stubs", "--out", `${dir}/no/e.lua`],
        2,
        `cannot write --out file ${dir}/no/e.lua: folder ${dir}/no does not exist`,
        'Run "moonglow stubs --help" for usage.',
      ],
      [
        ["docs", "--file", "x"],
        2,
        "unknown option --file for docs",
        'Run "moonglow docs --help" for usage.',
      ],
      [
        ["docs", "a.md", "--out", "b.md"],
        2,
        "give the output file once: either FILE or --out FILE",
        'Run "moonglow docs --help" for usage.',
      ],
      [["new"], 2, "missing <dir>", 'Run "moonglow new --help" for usage.'],
      [
        ["new", g],
        1,
        `cannot create a game in ${g}: the folder is not empty`,
        "Give the name of a new or empty folder; moonglow new never overwrites files.",
      ],
      [["bogus"], 2, 'unknown command "bogus"', 'Run "moonglow help" for usage.'],
      [["--verbose"], 2, 'unknown option "--verbose"', 'Run "moonglow help" for usage.'],
      [["help", "nope"], 2, 'unknown command "nope"', 'Run "moonglow help --help" for usage.'],
      [
        ["chek", "."],
        2,
        'unknown command "chek"; did you mean `check`?',
        'Run "moonglow help" for usage.',
      ],
    ];
    for (const [args, code, message, hint] of cases) {
      const h = harness();
      const r = await cli(args, h.deps);
      assertEquals(r.code, code, args.join(" "));
      assertEquals(r.err, [`moonglow: ${message}`, hint], args.join(" "));
      assertEquals(r.out, []);
      assertEquals(h.calls, [], "nothing starts after a failed check");
    }
  });
});

Deno.test("no arguments prints usage to stderr with exit 2; help prints it to stdout", async () => {
  const none = await cli([], harness().deps);
  assertEquals(none.code, 2);
  assertStringIncludes(none.err.join("\n"), "usage: moonglow <command>");
  for (const args of [["help"], ["--help"], ["-h"]]) {
    const r = await cli(args, harness().deps);
    assertEquals(r.code, 0);
    assertStringIncludes(r.out.join("\n"), "run <game_dir> [options]");
  }
  for (const name of ["run", "check", "new", "stubs", "docs"]) {
    for (const args of [[name, "--help"], ["help", name]]) {
      const r = await cli(args, harness().deps);
      assertEquals(r.code, 0, args.join(" "));
      assertStringIncludes(r.out[0] ?? "", `usage: moonglow ${name}`);
    }
  }
});

Deno.test("stubs --out, docs and check dispatch to the deps", async () => {
  await withGame(async (dir) => {
    const h = harness();
    const stubs = await cli(["stubs", "--out", `${dir}/e.lua`], h.deps);
    assertEquals(stubs.out, [`wrote ${dir}/e.lua`]);
    assertEquals((await cli(["docs", `${dir}/api.md`], h.deps)).code, 0);
    assertEquals((await cli(["docs", "--out", `${dir}/b.md`], h.deps)).code, 0);
    assertEquals((await cli(["check", `${dir}/game`], h.deps)).out, [`${dir}/game: ok`]);
    assertEquals(h.calls, [
      `stubs ${dir}/e.lua`,
      `docs ${dir}/api.md`,
      `docs ${dir}/b.md`,
      `check ${dir}/game`,
    ]);
  });
});

Deno.test("check reports problems and exits 1; warnings alone exit 0", async () => {
  await withGame(async (dir) => {
    const problems = ["main.lua:3: unknown function"];
    const warnings = ["luacheck: main.lua:1:7: (W211) unused variable 'x'"];
    const failing = harness({ checkGame: () => Promise.resolve({ problems, warnings }) });
    const r = await cli(["check", `${dir}/game`], failing.deps);
    assertEquals(r.code, 1);
    assertEquals(r.err, [
      "main.lua:3: unknown function",
      "warning: luacheck: main.lua:1:7: (W211) unused variable 'x'",
      `moonglow: 1 problem(s) in ${dir}/game`,
    ]);
    const warned = harness({ checkGame: () => Promise.resolve({ problems: [], warnings }) });
    const w = await cli(["check", `${dir}/game`], warned.deps);
    assertEquals([w.code, w.out], [0, [`${dir}/game: ok (1 warning(s))`]]);
  });
});

Deno.test("main never throws: failing deps and failing io are reported or survived", async () => {
  await withGame(async (dir) => {
    const g = `${dir}/game`;
    const throwing: Array<[Partial<CliDeps>, string[], number, string]> = [
      [{ runGame: () => Promise.reject(new Error("boom")) }, ["run", g], 1, "moonglow: boom"],
      [{ runGame: () => Promise.reject("text") }, ["run", g], 1, "moonglow: text"],
      [
        { runGame: () => Promise.reject(new GameLoadError("main.lua:1: syntax error")) },
        ["run", g],
        1,
        "moonglow: main.lua:1: syntax error",
      ],
      [
        { writeDocs: () => Promise.reject(new TypeError("x")) },
        ["docs", `${dir}/d.md`],
        1,
        "moonglow: x",
      ],
      [
        {
          checkGame: () => {
            throw new Error("sync");
          },
        },
        ["check", g],
        1,
        "moonglow: sync",
      ],
    ];
    for (const [over, args, code, line] of throwing) {
      const r = await cli(args, harness(over).deps);
      assertEquals(r.code, code, args.join(" "));
      assertEquals(r.err[0], line);
    }
    const brokenIo: CliIo = {
      out: () => {
        throw new Error("closed");
      },
      err: () => {
        throw new Error("closed");
      },
    };
    assertEquals(await main(["bogus"], harness().deps, brokenIo), 2);
    assertEquals(await main(["help"], harness().deps, brokenIo), 0);
  });
});

Deno.test("unexpected errors show their stack only when verbose", async () => {
  await withGame(async (dir) => {
    const deps = harness({ runGame: () => Promise.reject(new Error("boom")) }).deps;
    const err: string[] = [];
    await main(["run", `${dir}/game`], deps, {
      out: () => {},
      err: (t) => err.push(t),
      verbose: true,
    });
    assertEquals(err[0], "moonglow: boom");
    assertStringIncludes(err[1] ?? "", "Error: boom\n    at ");
  });
});

Deno.test("the default deps are the real engine: stubs, docs, check and a headless run", async () => {
  await withGame(async (dir) => {
    const deps = defaultDeps();
    assertEquals((await cli(["stubs", "--out", `${dir}/e.lua`], deps)).code, 0);
    assertStringIncludes(await Deno.readTextFile(`${dir}/e.lua`), "---@meta");
    assertEquals((await cli(["docs", `${dir}/a.md`], deps)).code, 0);
    assertStringIncludes(await Deno.readTextFile(`${dir}/a.md`), "engine.entity_set_velocity");

    await Deno.writeTextFile(
      `${dir}/game/main.lua`,
      "function f() engine.nope() end\nfunction on_switch_scene() engine.set_integer('n', 4) end\n",
    );
    const checked = await cli(["check", `${dir}/game`], deps);
    assertEquals(checked.code, 1);
    assertStringIncludes(checked.err.join("\n"), "main.lua:1: unknown engine function engine.nope");

    const ran = await cli(
      [
        "run",
        `${dir}/game`,
        "--renderer",
        "headless",
        "--frames",
        "3",
        "--dump-state",
        `${dir}/d.json`,
      ],
      deps,
    );
    assertEquals(ran.code, 0);
    const dump = JSON.parse(await Deno.readTextFile(`${dir}/d.json`));
    assertEquals(dump.frame, 3);
    assertEquals(dump.signals.integers, { n: 4 });
  });
});

Deno.test("the entry point runs as a process and exits with the code", async () => {
  const cmd = cliProcess(["run", "--frames", "x", "g"], { stdout: "piped", stderr: "piped" });
  const { code, stderr } = await cmd.output();
  assertEquals(code, 2);
  assertEquals(
    new TextDecoder().decode(stderr),
    'moonglow: --frames must be a non-negative integer, got "x"\nRun "moonglow run --help" for usage.\n',
  );
});

Deno.test("a game whose on_setup or first on_switch_scene fails could not load: exit 1", async () => {
  // As a process: the engine's log goes to stderr, which the test reads instead of showing it.
  const run = async (dir: string, ...options: string[]) => {
    const args = ["run", `${dir}/game`, "--renderer", "headless", ...options];
    const { code, stderr } = await cliProcess(args, { stdout: "null", stderr: "piped" }).output();
    return { code, err: new TextDecoder().decode(stderr) };
  };
  await withGame(async (dir) => {
    await Deno.writeTextFile(`${dir}/game/main.lua`, "function on_setup() error('boom') end\n");
    const setup = await run(dir, "--dump-state", `${dir}/d.json`);
    assertEquals(setup.code, 1);
    assertStringIncludes(setup.err, "on_setup failed: main.lua:1: boom");
    // The dump asked for is still written: its error record explains the failure.
    const dump = JSON.parse(await Deno.readTextFile(`${dir}/d.json`));
    assertEquals([dump.frame, dump.errors[0]?.callback], [0, "on_setup"]);
    await Deno.writeTextFile(
      `${dir}/game/main.lua`,
      "function on_switch_scene(s) error('no ' .. s) end\n",
    );
    const scene = await run(dir, "--frames", "2");
    assertEquals(scene.code, 1);
    assertStringIncludes(scene.err, "on_switch_scene failed: main.lua:1: no menu");
  });
});

Deno.test("--frames 0 dumps the world right after loading", async () => {
  await withGame(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/game/main.lua`,
      "function on_switch_scene() engine.spawn():with_group('a'):build() end\n",
    );
    const args = ["run", `${dir}/game`, "--renderer", "headless", "--frames", "0"];
    const r = await cli([...args, "--dump-state", `${dir}/d.json`], defaultDeps());
    assertEquals(r.code, 0);
    const dump = JSON.parse(await Deno.readTextFile(`${dir}/d.json`));
    assertEquals([dump.frame, dump.group_counts], [0, { a: 1 }]);
  });
});

Deno.test("SIGTERM ends an endless headless run and still writes the dump", async () => {
  await withGame(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/game/main.lua`,
      "function on_update_menu() engine.set_flag('running') end\n",
    );
    const args = ["run", `${dir}/game`, "--renderer", "headless", "--dump-state", `${dir}/d.json`];
    const child = cliProcess(args, { stdout: "null", stderr: "piped" }).spawn();
    // The notice about running without --frames comes once the game has loaded.
    const stderr = new StreamText(child.stderr);
    await stderr.until("without --frames");
    child.kill("SIGTERM");
    await stderr.rest();
    const { code } = await child.status;
    assertEquals(code, 143);
    const dump = JSON.parse(await Deno.readTextFile(`${dir}/d.json`));
    assertEquals(dump.signals.flags, ["running"]);
  });
});

Deno.test("a headless run neither reads nor writes saved settings", async () => {
  await withGame(async (dir) => {
    await Deno.mkdir(`${dir}/config/moonglow`, { recursive: true });
    const settings = `${dir}/config/moonglow/settings.json`;
    const saved = '{ "version": 1, "cvars": { "r_show_fps": true } }\n';
    await Deno.writeTextFile(settings, saved);
    await Deno.writeTextFile(
      `${dir}/game/main.lua`,
      "function on_switch_scene() if cvar.get('r_show_fps') then engine.set_flag('saved_fps') end end\n" +
        "function on_update_menu() cvar.set('r_show_fps', false) end\n",
    );
    const args = ["run", `${dir}/game`, "--renderer", "headless", "--frames", "3"];
    const { code } = await cliProcess([...args, "--dump-state", `${dir}/d.json`], {
      env: { XDG_CONFIG_HOME: `${dir}/config` },
      stdout: "null",
      stderr: "null",
    }).output();
    assertEquals(code, 0);
    assertEquals(JSON.parse(await Deno.readTextFile(`${dir}/d.json`)).signals.flags, []);
    assertEquals(await Deno.readTextFile(settings), saved);
  });
});
