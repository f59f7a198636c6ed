/**
 * The shape of a `moonglow` subcommand and the argument parsing the simple
 * ones share (positionals, a few `--name VALUE` options, `--help`), in
 * {@linkcode simpleCommand}.
 *
 * @example
 * ```ts
 * import { parseCommandArgs } from "./command.ts";
 * const parsed = parseCommandArgs("stubs", ["mygame"], {
 *   required: [],
 *   optional: ["[game_dir]"],
 *   options: ["out"],
 * });
 * parsed?.values; // ["mygame"]
 * ```
 *
 * @module
 */
import { parseArgs } from "@std/cli";
import type { CliDeps } from "./cli_deps.ts";
import { CliUsageError } from "./errors.ts";

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  /** Write one chunk of normal output (a newline is added). */
  out(text: string): void;
  /** Write one chunk of error output (a newline is added). */
  err(text: string): void;
  /** Also print stack traces of unexpected errors. */
  readonly verbose?: boolean;
}

/** One subcommand. */
export interface Command {
  /** The help text; its first line is `usage: moonglow <name> ...`. */
  readonly usage: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Run with the arguments after the command name; resolves to the exit code. */
  exec(args: readonly string[], deps: CliDeps, io: CliIo): Promise<number>;
}

/** What a simple command takes. */
export interface ArgSpec {
  /** Names of required positionals, in order (for messages: `<game_dir>`). */
  readonly required: readonly string[];
  /** Names of optional positionals after them. */
  readonly optional: readonly string[];
  /** Value-taking options, without `--` (`out` for `--out FILE`). */
  readonly options?: readonly string[];
}

/** Parsed arguments of a simple command. */
export interface ParsedArgs {
  /** The positionals given. */
  readonly values: string[];
  /** The options given, by name. */
  readonly options: Readonly<Record<string, string>>;
}

/**
 * Parse the arguments of a command that takes positionals, the options in
 * `spec.options` and `--help`. Returns `undefined` when help was asked for;
 * throws {@linkcode CliUsageError} naming a wrong argument.
 *
 * @example
 * ```ts
 * import { parseCommandArgs } from "./command.ts";
 * parseCommandArgs("check", ["--help"], { required: ["<game_dir>"], optional: [] }); // undefined
 * ```
 */
export function parseCommandArgs(
  name: string,
  args: readonly string[],
  spec: ArgSpec,
): ParsedArgs | undefined {
  let bad: string | undefined;
  const strings = spec.options ?? [];
  const flags = parseArgs(args, {
    // No `alias`: the local @std/cli stand-in stores aliased flags under the
    // alias name only, real std under both; two booleans work with either.
    boolean: ["help", "h"],
    string: [...strings],
    unknown: (arg: string, key?: string) => {
      if (key === undefined) return true;
      bad ??= arg.replace(/=.*$/s, "");
      return false;
    },
  });
  if (flags.help === true || flags.h === true) return undefined;
  if (bad !== undefined) throw new CliUsageError(`unknown option ${bad} for ${name}`);
  const options: Record<string, string> = {};
  for (const option of strings) {
    const value = flags[option];
    if (value === undefined) continue;
    if (typeof value !== "string" || value === "") {
      throw new CliUsageError(`--${option} needs a value`);
    }
    options[option] = value;
  }
  const values = flags._.map(String);
  const missing = spec.required[values.length];
  if (missing !== undefined) throw new CliUsageError(`missing ${missing}`);
  const extra = values[spec.required.length + spec.optional.length];
  if (extra !== undefined) throw new CliUsageError(`unexpected argument ${JSON.stringify(extra)}`);
  return { values, options };
}

/** A command that takes positionals and options by an {@linkcode ArgSpec}. */
export interface SimpleCommandSpec {
  /** The command name, for messages. */
  readonly name: string;
  /** The help text, a line each; the first is `usage: moonglow <name> ...`. */
  readonly usage: readonly string[];
  /** One line for the command list. */
  readonly summary: string;
  /** What it takes. */
  readonly args: ArgSpec;
  /** Run with the parsed arguments; resolves to the exit code. */
  run(parsed: ParsedArgs, deps: CliDeps, io: CliIo): Promise<number>;
}

/**
 * A {@linkcode Command} that parses its arguments by `spec.args`, prints its
 * usage for `--help` and otherwise runs `spec.run`.
 *
 * @example
 * ```ts
 * import { simpleCommand } from "./command.ts";
 * const hello = simpleCommand({
 *   name: "hello",
 *   usage: ["usage: moonglow hello <who>"],
 *   summary: "say hello",
 *   args: { required: ["<who>"], optional: [] },
 *   run: ({ values }, _deps, io) => (io.out(`hello ${values[0]}`), Promise.resolve(0)),
 * });
 * hello.usage; // "usage: moonglow hello <who>"
 * ```
 */
export function simpleCommand(spec: SimpleCommandSpec): Command {
  const usage = spec.usage.join("\n");
  return {
    usage,
    summary: spec.summary,
    async exec(args, deps, io) {
      const parsed = parseCommandArgs(spec.name, args, spec.args);
      if (parsed === undefined) {
        io.out(usage);
        return 0;
      }
      return await spec.run(parsed, deps, io);
    },
  };
}
