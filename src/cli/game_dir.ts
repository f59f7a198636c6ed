/**
 * Checks that a game folder exists and has a `main.lua`, so that the CLI can
 * say so clearly before any engine machinery starts.
 *
 * @example
 * ```ts
 * import { checkGameDir } from "./game_dir.ts";
 * await checkGameDir("examples/breakout"); // throws GameLoadError when unusable
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { GameLoadError } from "./errors.ts";

function describe(e: unknown): string {
  if (e instanceof Deno.errors.PermissionDenied) return "permission denied";
  return e instanceof Error ? e.message : String(e);
}

/**
 * Throw {@linkcode GameLoadError} unless `dir` is a folder holding a
 * readable `main.lua` file.
 *
 * @example
 * ```ts
 * import { checkGameDir } from "./game_dir.ts";
 * await checkGameDir("no/such/game");
 * // GameLoadError: game folder not found: no/such/game
 * ```
 */
export async function checkGameDir(dir: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new GameLoadError(`game folder not found: ${dir}`);
    throw new GameLoadError(`cannot read game folder ${dir}: ${describe(e)}`);
  }
  if (!info.isDirectory) throw new GameLoadError(`game path is not a folder: ${dir}`);
  const main = join(dir, "main.lua");
  try {
    const file = await Deno.stat(main);
    if (!file.isFile) throw new GameLoadError(`${main} is not a file`);
    // Opening proves it is readable, not just present.
    (await Deno.open(main, { read: true })).close();
  } catch (e) {
    if (e instanceof GameLoadError) throw e;
    if (e instanceof Deno.errors.NotFound) {
      throw new GameLoadError(`no main.lua in game folder ${dir}`);
    }
    throw new GameLoadError(`cannot read ${main}: ${describe(e)}`);
  }
}
