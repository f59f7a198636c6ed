/**
 * Parsing and validation of `run <game_dir> [options]` into a
 * typed {@linkcode RunOptions}. Every option is declared once in
 * {@linkcode RUN_OPTIONS}; parsing, validation and the help text all come
 * from that table.
 *
 * Defaults: renderer `terminal` when stdout is a terminal, else `headless`;
 * frames: none (run until quit); workers `min(4, cores - 1)` clamped to
 * 1..16; seed `0`, so two runs without `--seed` are identical;
 * port `8000` (`Deno.serve`'s default).
 *
 * `+set NAME VALUE` (repeatable, kept in order) sets a CVar. It is taken out
 * of the arguments before flag parsing, so a VALUE may start with `-`
 * (`+set gravity -9.8`). A negative number after a value option works too
 * (`--seed -5`).
 *
 * @example
 * ```ts
 * import { parseRunOptions } from "./run_options.ts";
 * const cmd = parseRunOptions(["examples/pong", "--frames", "60", "+set", "r_fov", "90"], {
 *   isTerminal: () => false,
 * });
 * if (!cmd.help) {
 *   cmd.options.renderer; // "headless"
 *   cmd.options.cvars; // [{ name: "r_fov", value: "90" }]
 * }
 * ```
 *
 * @module
 */

import { parseArgs } from "@std/cli";
import { parsePlusSets, PlusSetError } from "../cvar/mod.ts";
import { CliUsageError } from "./errors.ts";
import { didYouMean, withHint } from "../core/edit_distance.ts";

/** The renderers. */
export const RENDERERS = ["terminal", "web", "headless"] as const;

/** One of {@linkcode RENDERERS}. */
export type Renderer = typeof RENDERERS[number];

/** One `+set NAME VALUE`. */
export interface CvarSetting {
  /** CVar name. */
  readonly name: string;
  /** Value as text; the CVar registry validates it. */
  readonly value: string;
}

/** A validated `run` command line. */
export interface RunOptions {
  /** The game folder. */
  readonly gameDir: string;
  /** Which renderer draws the game. */
  readonly renderer: Renderer;
  /** Stop after this many simulated frames; `undefined` runs until quit. */
  readonly frames: number | undefined;
  /** Lua worker count, 1..16. */
  readonly workers: number;
  /** Seed for `math.random` and engine randomness. */
  readonly seed: number;
  /** First scene; `undefined` uses the game's (`scene` signal, default "menu"). */
  readonly scene: string | undefined;
  /** Input log to replay. */
  readonly input: string | undefined;
  /** Where to record live input. */
  readonly record: string | undefined;
  /** Where to write the state at exit. */
  readonly dumpState: string | undefined;
  /** Web renderer port. */
  readonly port: number;
  /** Profile callbacks and stages (`--profile`). */
  readonly profile: boolean;
  /** `+set` CVar settings, in command-line order. */
  readonly cvars: readonly CvarSetting[];
  /** Keep the engine's detail (worker numbers, engine frames) in error messages. */
  readonly verbose: boolean;
  /** Reload the game's Lua files when one is saved, keeping the world. */
  readonly watch: boolean;
}

/** Either a request for help or options to run with. */
export type RunCommand =
  | { readonly help: true }
  | { readonly help: false; readonly options: RunOptions };

/** What the defaults depend on; injectable for tests. */
export interface RunEnvironment {
  /** Whether stdout is a terminal (picks the default renderer). */
  isTerminal(): boolean;
  /** Number of CPU cores (picks the default worker count). */
  readonly cores: number;
}

/** Shows a bad value: numbers bare, anything else quoted. */
function show(raw: string): string {
  return /^[+-]?\d+(?:\.\d+)?$/.test(raw) ? raw : JSON.stringify(raw);
}

function integerBetween(min: number, max: number) {
  return (raw: string, flag: string): number => {
    const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n)) {
      throw new CliUsageError(
        `${flag} must be an integer between ${min} and ${max}, got ${show(raw)}`,
      );
    }
    if (n < min || n > max) {
      throw new CliUsageError(`${flag} must be between ${min} and ${max}, got ${raw}`);
    }
    return n;
  };
}

function nonNegativeInteger(raw: string, flag: string): number {
  const n = /^\+?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new CliUsageError(`${flag} must be a non-negative integer, got ${show(raw)}`);
  }
  return n;
}

function integer(raw: string, flag: string): number {
  const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new CliUsageError(`${flag} must be an integer, got ${show(raw)}`);
  }
  return n;
}

function renderer(raw: string, flag: string): Renderer {
  const found = RENDERERS.find((r) => r === raw);
  if (found === undefined) {
    throw new CliUsageError(`${flag} must be one of ${RENDERERS.join(", ")}, got ${show(raw)}`);
  }
  return found;
}

const text = (raw: string): string => raw;
/** The parse of a switch (an option without a value): present means on. */
const on = (): boolean => true;

/** One option of `run`. */
interface OptionSpec<T> {
  /** The flag without `--`. */
  readonly flag: string;
  /** Placeholder in the help text; `""` for a switch, which takes no value. */
  readonly arg: string;
  /** One line of help. */
  readonly help: string;
  /** Validates the (non-empty) raw value; throws {@linkcode CliUsageError}. */
  readonly parse: (raw: string, flag: string) => T;
}

/**
 * The options of `run`, keyed by their {@linkcode RunOptions} field. An
 * option with `arg: ""` is a switch: it takes no value.
 *
 * @example
 * ```ts
 * import { RUN_OPTIONS } from "./run_options.ts";
 * RUN_OPTIONS.workers.flag; // "workers"
 * ```
 */
export const RUN_OPTIONS = {
  renderer: {
    flag: "renderer",
    arg: "terminal|web|headless",
    help: "how to draw (default: terminal on a TTY, else headless)",
    parse: renderer,
  },
  frames: {
    flag: "frames",
    arg: "N",
    help: "stop after N simulated frames (0: dump the state right after loading)",
    parse: nonNegativeInteger,
  },
  workers: {
    flag: "workers",
    arg: "N",
    help: "Lua worker count, 1..16 (default: min(4, cores - 1))",
    parse: integerBetween(1, 16),
  },
  seed: { flag: "seed", arg: "N", help: "random seed (default: 0)", parse: integer },
  scene: {
    flag: "scene",
    arg: "NAME",
    help: "first scene (default: moonglow.json's, else the game's, else menu)",
    parse: text,
  },
  input: { flag: "input", arg: "FILE", help: "replay this input log", parse: text },
  record: { flag: "record", arg: "FILE", help: "record live input to FILE", parse: text },
  dumpState: {
    flag: "dump-state",
    arg: "FILE",
    help: "write the state as JSON at exit",
    parse: text,
  },
  port: {
    flag: "port",
    arg: "N",
    help: "web renderer port, 1..65535 (default: 8000)",
    parse: integerBetween(1, 65535),
  },
  verbose: {
    flag: "verbose",
    arg: "",
    help: "show the engine's detail in errors (worker numbers, engine frames)",
    parse: on,
  },
  watch: {
    flag: "watch",
    arg: "",
    help: "reload the game's Lua files when one is saved, keeping the world",
    parse: on,
  },
  profile: {
    flag: "profile",
    arg: "",
    help: "profile Lua callbacks and frame stages (a table at exit, a dump section)",
    parse: on,
  },
} as const satisfies Record<string, OptionSpec<unknown>>;

type Parsed = {
  -readonly [K in keyof typeof RUN_OPTIONS]?: (typeof RUN_OPTIONS)[K] extends
    { parse: (raw: string, flag: string) => infer T } ? T : boolean;
};

const SPECS: ReadonlyArray<readonly [keyof typeof RUN_OPTIONS, OptionSpec<unknown>]> = Object
  .entries(RUN_OPTIONS) as Array<[keyof typeof RUN_OPTIONS, OptionSpec<unknown>]>;
const VALUE_FLAGS = new Set(SPECS.filter(([, s]) => s.arg !== "").map(([, s]) => `--${s.flag}`));
const SWITCHES = SPECS.filter(([, s]) => s.arg === "").map(([, s]) => s.flag);
const SWITCH_FLAGS = new Set(SWITCHES.map((flag) => `--${flag}`));

/**
 * The help text of `run`, generated from {@linkcode RUN_OPTIONS}.
 *
 * @example
 * ```ts
 * import { runUsage } from "./run_options.ts";
 * runUsage().startsWith("usage: moonglow run <game_dir>"); // true
 * ```
 */
export function runUsage(): string {
  const rows: Array<[string, string]> = [
    ...SPECS.map(([, s]): [string, string] => [`--${s.flag} ${s.arg}`.trimEnd(), s.help]),
    ["+set NAME VALUE", "set a CVar (repeatable)"],
    ["-h, --help", "show this help"],
  ];
  const width = Math.max(...rows.map(([l]) => l.length));
  return [
    "usage: moonglow run <game_dir> [options]",
    "",
    "Runs the game in <game_dir>: a folder with main.lua and, optionally, moonglow.json.",
    "",
    "options:",
    ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`),
  ].join("\n");
}

/**
 * Takes `+set NAME VALUE` triples out of `args` (with cvar's `parsePlusSets`)
 * and joins `--flag -5` into `--flag=-5` (parseArgs would read `-5` as a flag).
 */
function preprocess(args: readonly string[]): { rest: string[]; cvars: CvarSetting[] } {
  let parsed: ReturnType<typeof parsePlusSets>;
  try {
    parsed = parsePlusSets(args);
  } catch (e) {
    throw e instanceof PlusSetError ? new CliUsageError(e.message) : e;
  }
  const { sets, rest: others } = parsed;
  const stop = others.indexOf("--");
  const rest: string[] = [];
  for (let i = 0; i < (stop < 0 ? others.length : stop); i++) {
    const arg = others[i] as string;
    if (arg.startsWith("+")) throw new CliUsageError(`unknown option ${arg}`);
    const flag = arg.replace(/=.*$/s, "");
    if (SWITCH_FLAGS.has(flag) && arg.includes("=")) {
      throw new CliUsageError(`${flag} takes no value`);
    }
    if (VALUE_FLAGS.has(arg) && /^-\d/.test(others[i + 1] ?? "")) {
      rest.push(`${arg}=${others[++i]}`);
    } else rest.push(arg);
  }
  if (stop >= 0) rest.push(...others.slice(stop));
  return { rest, cvars: sets };
}

/**
 * Parse `args` (everything after `run`). Throws {@linkcode CliUsageError}
 * naming the bad option or argument.
 *
 * @example
 * ```ts
 * import { parseRunOptions } from "./run_options.ts";
 * parseRunOptions(["--help"]).help; // true
 * ```
 */
export function parseRunOptions(
  args: readonly string[],
  env: Partial<RunEnvironment> = {},
): RunCommand {
  const { rest, cvars } = preprocess(args);
  const unknown: string[] = [];
  const flags = parseArgs(rest, {
    string: [...VALUE_FLAGS].map((f) => f.slice(2)),
    // No `alias`: the local @std/cli stand-in stores aliased flags under the
    // alias name only, real std under both; two booleans work with either.
    boolean: ["help", "h", ...SWITCHES],
    unknown: (arg: string, key?: string) => {
      if (key === undefined) return true; // positional
      unknown.push(arg.replace(/=.*$/s, ""));
      return false;
    },
  });
  if (flags.help === true || flags.h === true) return { help: true };
  if (unknown[0] !== undefined) {
    const hint = didYouMean(unknown[0], SPECS.map(([, s]) => `--${s.flag}`));
    throw new CliUsageError(withHint(`unknown option ${unknown[0]}`, hint));
  }

  const parsed: Parsed = {};
  for (const [key, spec] of SPECS) {
    const raw = flags[spec.flag];
    if (raw === undefined || raw === false) continue;
    const flag = `--${spec.flag}`;
    if (spec.arg === "") {
      (parsed as Record<string, unknown>)[key] = spec.parse("", flag);
      continue;
    }
    if (typeof raw !== "string" || raw === "") throw new CliUsageError(`${flag} needs a value`);
    (parsed as Record<string, unknown>)[key] = spec.parse(raw, flag);
  }

  const [gameDir, extra] = flags._.map(String);
  if (gameDir === undefined) throw new CliUsageError("missing <game_dir>");
  if (extra !== undefined) throw new CliUsageError(`unexpected argument ${JSON.stringify(extra)}`);

  const isTerminal = env.isTerminal ?? (() => Deno.stdout.isTerminal());
  const cores = env.cores ?? navigator.hardwareConcurrency;
  return {
    help: false,
    options: {
      gameDir,
      renderer: parsed.renderer ?? (isTerminal() ? "terminal" : "headless"),
      frames: parsed.frames,
      workers: parsed.workers ?? Math.min(16, Math.max(1, Math.min(4, cores - 1))),
      seed: parsed.seed ?? 0,
      scene: parsed.scene,
      input: parsed.input,
      record: parsed.record,
      dumpState: parsed.dumpState,
      port: parsed.port ?? 8000,
      profile: parsed.profile ?? false,
      cvars,
      verbose: parsed.verbose ?? false,
      watch: parsed.watch ?? false,
    },
  };
}
