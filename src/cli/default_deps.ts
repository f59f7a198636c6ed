/**
 * The engine operations the CLI runs with by default. The engine is not
 * wired in yet, so each one fails with a clear "not available yet" error
 * instead of pretending to succeed.
 *
 * @example
 * ```ts ignore
 * import { defaultDeps } from "./default_deps.ts";
 * await defaultDeps().writeStubs("engine.lua"); // throws CliError (not available yet)
 * ```
 *
 * @module
 */

import type { CliDeps } from "./cli_deps.ts";
import { CliError } from "./errors.ts";

function notAvailable(command: string): CliError {
  return new CliError(
    `"${command}" is not available yet: the engine is not wired into the command line`,
    1,
  );
}

/**
 * The default {@linkcode CliDeps}.
 *
 * @example
 * ```ts
 * import { defaultDeps } from "./default_deps.ts";
 * typeof defaultDeps().runGame; // "function"
 * ```
 */
export function defaultDeps(): CliDeps {
  return {
    runGame: () => Promise.reject(notAvailable("run")),
    writeStubs: () => Promise.reject(notAvailable("stubs")),
    writeDocs: () => Promise.reject(notAvailable("docs")),
    checkGame: () => Promise.reject(notAvailable("check")),
  };
}
