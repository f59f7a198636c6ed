/**
 * Checks, before a game starts, that an output file (`--record`,
 * `--dump-state`) can be created, so a long run does not end in a failed
 * write.
 *
 * @example
 * ```ts
 * import { checkOutputPath } from "./output_path.ts";
 * await checkOutputPath("--dump-state", "out/state.json");
 * // CliUsageError: cannot write --dump-state file out/state.json: folder out does not exist
 * ```
 *
 * @module
 */

import { dirname } from "node:path";
import { CliUsageError } from "./errors.ts";

/**
 * Throw {@linkcode CliUsageError} unless `path`'s folder exists and `path`
 * is not itself a folder. `flag` names the option in the message.
 *
 * @example
 * ```ts
 * import { checkOutputPath } from "./output_path.ts";
 * await checkOutputPath("--record", "input.json"); // ok in any existing folder
 * ```
 */
export async function checkOutputPath(flag: string, path: string): Promise<void> {
  const cannot = `cannot write ${flag} file ${path}`;
  const folder = dirname(path);
  try {
    if (!(await Deno.stat(folder)).isDirectory) {
      throw new CliUsageError(`${cannot}: ${folder} is not a folder`);
    }
  } catch (e) {
    if (e instanceof CliUsageError) throw e;
    if (e instanceof Deno.errors.NotFound) {
      throw new CliUsageError(`${cannot}: folder ${folder} does not exist`);
    }
    throw new CliUsageError(`${cannot}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    if ((await Deno.stat(path)).isDirectory) throw new CliUsageError(`${cannot}: it is a folder`);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}
