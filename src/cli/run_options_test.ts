import { assertEquals, assertThrows } from "@std/assert";
import { CliUsageError } from "./errors.ts";
import { parseRunOptions, type RunOptions, runUsage } from "./run_options.ts";

const notTty = { isTerminal: () => false, cores: 8 };

function options(args: string[], env = notTty): RunOptions {
  const cmd = parseRunOptions(args, env);
  if (cmd.help) throw new Error("unexpected help");
  return cmd.options;
}

Deno.test("defaults", () => {
  assertEquals(options(["game"]), {
    gameDir: "game",
    renderer: "headless",
    frames: undefined,
    workers: 4,
    seed: 0,
    scene: undefined,
    input: undefined,
    record: undefined,
    dumpState: undefined,
    port: 8000,
    profile: false,
    cvars: [],
    verbose: false,
    watch: false,
  });
  assertEquals(options(["game"], { isTerminal: () => true, cores: 8 }).renderer, "terminal");
  assertEquals(options(["game"], { isTerminal: () => false, cores: 3 }).workers, 2);
  assertEquals(options(["game"], { isTerminal: () => false, cores: 1 }).workers, 1);
});

Deno.test("every option is parsed, in either spelling", () => {
  assertEquals(
    options([
      "--renderer",
      "web",
      "--frames=120",
      "--workers",
      "16",
      "--seed",
      "-5",
      "--scene",
      "level1",
      "--input",
      "in.json",
      "--record",
      "rec.json",
      "--dump-state",
      "state.json",
      "--port",
      "9000",
      "--verbose",
      "--watch",
      "--profile",
      "+set",
      "r_fov",
      "90",
      "examples/pong",
      "+set",
      "gravity",
      "-9.8",
    ]),
    {
      gameDir: "examples/pong",
      renderer: "web",
      frames: 120,
      workers: 16,
      seed: -5,
      scene: "level1",
      input: "in.json",
      record: "rec.json",
      dumpState: "state.json",
      port: 9000,
      profile: true,
      cvars: [{ name: "r_fov", value: "90" }, { name: "gravity", value: "-9.8" }],
      verbose: true,
      watch: true,
    },
  );
});

Deno.test("--watch is a switch: it takes no value and shows in the help", () => {
  assertEquals(options(["game", "--watch"]).watch, true);
  assertEquals(options(["--watch", "game"]).gameDir, "game");
  assertThrows(() => options(["game", "--watch=false"]), CliUsageError, "--watch takes no value");
  assertEquals(runUsage().includes("  --watch "), true);
});

Deno.test("--frames 0 stops right after loading", () => {
  assertEquals(options(["game", "--frames", "0"]).frames, 0);
});

Deno.test("--help and -h win over everything else", () => {
  assertEquals(parseRunOptions(["--help"], notTty), { help: true });
  assertEquals(parseRunOptions(["-h", "--framez"], notTty), { help: true });
});

/** Each bad command line with the exact message it must give. */
const BAD: ReadonlyArray<readonly [string[], string]> = [
  [["g", "--framez", "10"], "unknown option --framez; did you mean `--frames`?"],
  [["g", "--framez=10"], "unknown option --framez; did you mean `--frames`?"],
  [["g", "--wtach"], "unknown option --wtach; did you mean `--watch`?"],
  [["g", "-x"], "unknown option -x"],
  [["g", "+sett", "a", "b"], "unknown option +sett"],
  [["g", "--frames", "ten"], '--frames must be a non-negative integer, got "ten"'],
  [["g", "--frames", "1.5"], "--frames must be a non-negative integer, got 1.5"],
  [["g", "--frames"], "--frames needs a value"],
  [["g", "--frames", "--seed", "1"], "--frames needs a value"],
  [["g", "--workers", "40"], "--workers must be between 1 and 16, got 40"],
  [["g", "--workers", "0"], "--workers must be between 1 and 16, got 0"],
  [["g", "--workers", "two"], '--workers must be an integer between 1 and 16, got "two"'],
  [["g", "--seed", "1e3"], '--seed must be an integer, got "1e3"'],
  [["g", "--seed", "99999999999999999999"], "--seed must be an integer, got 99999999999999999999"],
  [["g", "--port", "70000"], "--port must be between 1 and 65535, got 70000"],
  [["g", "--renderer", "gl"], '--renderer must be one of terminal, web, headless, got "gl"'],
  [["g", "--scene="], "--scene needs a value"],
  [["g", "--dump-state"], "--dump-state needs a value"],
  [["g", "--profile=yes"], "--profile takes no value"],
  [["g", "--profile", "yes"], 'unexpected argument "yes"'],
  [[], "missing <game_dir>"],
  [["--frames", "3"], "missing <game_dir>"],
  [["g", "h"], 'unexpected argument "h"'],
  [["g", "+set"], "+set is missing a name: use +set NAME VALUE"],
  [["g", "+set", "--frames", "3"], "+set is missing a name: use +set NAME VALUE"],
  [["g", "+set", "r_fov"], "+set r_fov is missing a value: use +set NAME VALUE"],
  [["g", "+set", "r_fov", "--frames", "3"], "+set r_fov is missing a value: use +set NAME VALUE"],
];

Deno.test("each bad command line is a CliUsageError naming the problem", () => {
  for (const [args, message] of BAD) {
    const err = assertThrows(() => parseRunOptions(args, notTty), CliUsageError);
    assertEquals(err.message, message, args.join(" "));
    assertEquals(err.exitCode, 2);
  }
});

Deno.test("the help lists every option", () => {
  const text = runUsage();
  for (
    const flag of [
      "--renderer terminal|web|headless",
      "--frames N",
      "--workers N",
      "--seed N",
      "--scene NAME",
      "--input FILE",
      "--record FILE",
      "--dump-state FILE",
      "--port N",
      "+set NAME VALUE",
      "--help",
    ]
  ) {
    assertEquals(text.includes(flag), true, flag);
  }
});
