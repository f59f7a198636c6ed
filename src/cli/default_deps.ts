/**
 * The real implementations behind the command line.
 *
 * @module
 */
import { apiDocs, luaStubs } from "../api/mod.ts";
import type { CliDeps } from "./cli_deps.ts";
import { checkGame } from "./check_game.ts";
import { runGame } from "./run_game.ts";

/**
 * The command line's dependencies, wired to the engine.
 *
 * @example
 * ```ts
 * import { defaultDeps } from "./default_deps.ts";
 * const deps = defaultDeps();
 * ```
 */
export function defaultDeps(): CliDeps {
  return {
    runGame,
    writeStubs: (path) => Deno.writeTextFile(path, luaStubs()),
    writeDocs: (path) => Deno.writeTextFile(path, apiDocs()),
    checkGame,
  };
}
