/**
 * What the CLI needs from the rest of the engine. `main.ts` dispatches
 * through this interface so it can be tested alone and wired to the real
 * engine in `default_deps.ts`.
 *
 * @example
 * ```ts
 * import type { CliDeps } from "./cli_deps.ts";
 * const deps: CliDeps = {
 *   runGame: () => Promise.resolve(0),
 *   writeStubs: () => Promise.resolve(),
 *   writeDocs: () => Promise.resolve(),
 *   checkGame: () => Promise.resolve({ problems: [], warnings: [] }),
 * };
 * ```
 *
 * @module
 */

import type { InputLogEntry } from "../input/input_log.ts";
import type { CheckReport } from "./check_game.ts";
import type { RunOptions } from "./run_options.ts";

/**
 * Everything `runGame` gets: the validated options, plus the input log
 * already read and validated when `--input` was given.
 */
export interface RunLaunch extends RunOptions {
  /** Entries of the `--input` log, sorted by frame; `undefined` without `--input`. */
  readonly inputLog: readonly InputLogEntry[] | undefined;
}

/** The engine operations behind the subcommands. */
export interface CliDeps {
  /**
   * Run a game; resolves to the process exit code. May throw a `CliError`
   * (e.g. `GameLoadError`) for a clear one-line report.
   */
  runGame(launch: RunLaunch): Promise<number>;
  /** Write the LuaLS stubs (`engine.lua`) to `path`. */
  writeStubs(path: string): Promise<void>;
  /** Write the Markdown API reference to `path`. */
  writeDocs(path: string): Promise<void>;
  /**
   * Load and lint a game's scripts without running it; resolves to the
   * problems (which fail `check`) and warnings found, one line each
   * (`main.lua:12: ...`).
   */
  checkGame(dir: string): Promise<CheckReport>;
}
