/**
 * The `moonglow` command line:
 *
 * ```
 * moonglow <command> [args]
 *   run <game_dir> [options]        play a game
 *   check <game_dir>                load and lint a game's scripts without running it
 *   new <dir>                       create a starter game in a new folder
 *   stubs [game_dir] [--out FILE]   write the LuaLS stubs into a game folder
 *   docs [--out FILE | FILE]        write the Lua API reference in Markdown
 *   help [command]                  show help
 * ```
 *
 * From a clone it runs as `deno task moonglow <command>`; `deno task
 * install` installs it as the `moonglow` command. Failures print one
 * `moonglow: <message>` line and a hint to stderr. Exit codes: 0 ok, 1 the
 * game could not load (or another failure), 2 the command line is wrong
 * (bad option or value, unusable `--input`/`--record`/`--dump-state`
 * file); a run stopped with Ctrl-C or SIGINT exits 130, with SIGTERM 143.
 *
 * @example
 * ```ts
 * import { main } from "./main.ts";
 * import { defaultDeps } from "./default_deps.ts";
 * const lines: string[] = [];
 * const code = await main(["run", "--framez", "3"], defaultDeps(), {
 *   out: (t) => lines.push(t),
 *   err: (t) => lines.push(t),
 * });
 * // code === 2, lines[0] === "moonglow: unknown option --framez"
 * ```
 *
 * @module
 */

import { InputLogError, readInputLog } from "../input/input_log.ts";
import type { CliDeps } from "./cli_deps.ts";
import { type CliIo, type Command, parseCommandArgs, simpleCommand } from "./command.ts";
import { defaultDeps } from "./default_deps.ts";
import { CliError, CliUsageError } from "./errors.ts";
import { FILE_COMMANDS } from "./file_commands.ts";
import { checkGameDir } from "./game_dir.ts";
import { checkOutputPath } from "./output_path.ts";
import { parseRunOptions, runUsage } from "./run_options.ts";
import { didYouMean, withHint } from "../core/edit_distance.ts";

export type { CliIo } from "./command.ts";

/** "unknown command ...", with the commands it was probably meant to be. */
function unknownCommand(what: string, name: string): string {
  return withHint(
    `unknown ${what} ${JSON.stringify(name)}`,
    didYouMean(name, Object.keys(COMMANDS)),
  );
}

const COMMANDS: Readonly<Record<string, Command>> = {
  run: {
    usage: runUsage(),
    summary: "play a game",
    async exec(args, deps, io) {
      const command = parseRunOptions(args);
      if (command.help) return help(io, "run");
      const { options } = command;
      // Everything the user named is checked before the engine starts.
      await checkGameDir(options.gameDir);
      const inputLog = options.input === undefined ? undefined : await readInputLog(options.input);
      if (options.record !== undefined) await checkOutputPath("--record", options.record);
      if (options.dumpState !== undefined) {
        await checkOutputPath("--dump-state", options.dumpState);
      }
      return await deps.runGame({ ...options, inputLog });
    },
  },
  check: simpleCommand({
    name: "check",
    summary: "load and lint a game's scripts without running it",
    args: { required: ["<game_dir>"], optional: [] },
    async run({ values }, deps, io) {
      const dir = values[0] as string;
      await checkGameDir(dir);
      const { problems, warnings } = await deps.checkGame(dir);
      for (const problem of problems) io.err(problem);
      for (const warning of warnings) io.err(`warning: ${warning}`);
      if (problems.length > 0) {
        io.err(`moonglow: ${problems.length} problem(s) in ${dir}`);
        return 1;
      }
      io.out(`${dir}: ok${warnings.length ? ` (${warnings.length} warning(s))` : ""}`);
      return 0;
    },
    usage: [
      "usage: moonglow check <game_dir>",
      "",
      "Loads and lints a game's scripts without running it, and validates its moonglow.json.",
      "LuaLS definition files (first line ---@meta, such as the stubs) are not checked.",
      "Uses luacheck when it is installed. Exit code 1 when a problem is found.",
    ],
  }),
  ...FILE_COMMANDS,
  help: {
    usage: "usage: moonglow help [command]",
    summary: "show help",
    exec(args, _deps, io) {
      const parsed = parseCommandArgs("help", args, { required: [], optional: ["[command]"] });
      const topic = parsed?.values[0];
      if (topic !== undefined && !Object.hasOwn(COMMANDS, topic)) {
        return Promise.reject(new CliUsageError(unknownCommand("command", topic)));
      }
      return Promise.resolve(help(io, topic));
    },
  },
};

/**
 * The top-level help text.
 *
 * @example
 * ```ts
 * import { usage } from "./main.ts";
 * usage().includes("moonglow run <game_dir>"); // true
 * ```
 */
export function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => [
    c.usage.split("\n")[0]?.replace(/^usage: moonglow /, "") ?? name,
    c.summary,
  ]);
  const width = Math.max(...rows.map(([l]) => (l as string).length));
  return [
    "usage: moonglow <command> [args]",
    "",
    "commands:",
    ...rows.map(([l, r]) => `  ${(l as string).padEnd(width)}  ${r}`),
    "",
    'Run "moonglow <command> --help" for the options of a command.',
  ].join("\n");
}

function help(io: CliIo, command?: string): number {
  io.out(command === undefined ? usage() : (COMMANDS[command] as Command).usage);
  return 0;
}

const INPUT_LOG_HINT = 'The input log is a JSON array of { "frame": n, "press": [..], ' +
  '"release": [..], "mouse": [x, y], "console": "line" }.';

/** Report `error` as one line plus a hint; returns the exit code. */
function report(error: unknown, command: string | undefined, io: CliIo): number {
  const helpHint = command === undefined
    ? 'Run "moonglow help" for usage.'
    : `Run "moonglow ${command} --help" for usage.`;
  if (error instanceof CliError) {
    io.err(`moonglow: ${error.message}`);
    io.err(error.hint ?? (error instanceof CliUsageError ? helpHint : ""));
    return error.exitCode;
  }
  if (error instanceof InputLogError) {
    io.err(`moonglow: ${error.message}`);
    io.err(INPUT_LOG_HINT);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`moonglow: ${message || "unexpected error"}`);
  if (io.verbose && error instanceof Error && error.stack) io.err(error.stack);
  return 1;
}

/**
 * Run the command line `args` (without the program name) and return the
 * exit code. Never throws: every failure is reported on `io.err`.
 *
 * @example
 * ```ts
 * import { main } from "./main.ts";
 * import { defaultDeps } from "./default_deps.ts";
 * const out: string[] = [];
 * await main(["help"], defaultDeps(), { out: (t) => out.push(t), err: () => {} }); // 0
 * ```
 */
export async function main(
  args: readonly string[],
  deps: CliDeps,
  io: CliIo = consoleIo(),
): Promise<number> {
  // An io that throws (closed pipe) must not make main throw.
  const safe: CliIo = {
    out: (t) => void attempt(() => io.out(t)),
    err: (t) => void attempt(() => t !== "" && io.err(t)),
    verbose: io.verbose,
  };
  const [name, ...rest] = args;
  try {
    if (name === undefined) {
      safe.err(usage());
      return 2;
    }
    if (name === "--help" || name === "-h") return help(safe);
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) {
      const what = name.startsWith("-") ? "option" : "command";
      throw new CliUsageError(unknownCommand(what, name));
    }
    return await command.exec(rest, deps, safe);
  } catch (error) {
    return report(
      error,
      name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined,
      safe,
    );
  }
}

function attempt(fn: () => void): void {
  try {
    fn();
  } catch {
    // Nowhere left to report to.
  }
}

/**
 * The process io: `console.log` / `console.error`; stack traces of
 * unexpected errors when `MOONGLOW_DEBUG` is set.
 *
 * @example
 * ```ts
 * import { consoleIo } from "./main.ts";
 * consoleIo().out("hello");
 * ```
 */
export function consoleIo(): CliIo {
  let verbose = false;
  try {
    verbose = Deno.env.get("MOONGLOW_DEBUG") !== undefined;
  } catch {
    // No env permission: stay quiet.
  }
  return { out: (t) => console.log(t), err: (t) => console.error(t), verbose };
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args, defaultDeps(), consoleIo()));
}
