/**
 * `moonglow new <dir>`: a starter game that runs at once. Its `main.lua`
 * (`starter_game.lua`, commented) has a menu and a play scene, squares
 * that drift and bounce, and a player square moved with the arrow keys; no
 * asset files are needed. With it come a `moonglow.json` and the editor
 * files of `editor_files.ts`.
 *
 * @example
 * ```ts ignore
 * import { createGame } from "./new_game.ts";
 * await createGame("mygame"); // ["main.lua", "moonglow.json", ".moonglow/engine.lua", ...]
 * ```
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { DEFAULT_VIEW, MANIFEST_FILE, MAX_NAME_LENGTH } from "../engine/manifest.ts";
import { writeEditorFiles } from "./editor_files.ts";
import { CliError } from "./errors.ts";
import { STARTER_GAME_LUA } from "./starter_game_lua.ts";

/**
 * The starter game's `moonglow.json`: every field, so the file shows what
 * can be set. The title is the folder's name.
 *
 * @example
 * ```ts
 * import { starterManifest } from "./new_game.ts";
 * JSON.parse(starterManifest("mygame")).title; // "mygame"
 * ```
 */
export function starterManifest(folderName: string): string {
  // deno-lint-ignore no-control-regex -- a title may not hold control characters
  const title = folderName.replace(/[\x00-\x1f\x7f]/g, "").slice(0, MAX_NAME_LENGTH).trim();
  const manifest = { title: title || "My game", view: DEFAULT_VIEW, scene: "menu", bindings: {} };
  return JSON.stringify(manifest, null, 2) + "\n";
}

/** Throw unless `dir` is absent or an empty folder. */
async function checkFree(dir: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw new CliError(`cannot create a game in ${dir}: ${(e as Error).message}`, 1);
  }
  if (!info.isDirectory) {
    throw new CliError(`cannot create a game in ${dir}: it is a file`, 1, NEW_FOLDER_HINT);
  }
  for await (const _ of Deno.readDir(dir)) {
    throw new CliError(
      `cannot create a game in ${dir}: the folder is not empty`,
      1,
      NEW_FOLDER_HINT,
    );
  }
}

const NEW_FOLDER_HINT =
  "Give the name of a new or empty folder; moonglow new never overwrites files.";

/**
 * Write the starter game into `dir`, which must not exist or be empty
 * (else a `CliError`, exit code 1). Resolves to the paths written, relative
 * to `dir`.
 *
 * @example
 * ```ts ignore
 * import { createGame } from "./new_game.ts";
 * const files = await createGame("/tmp/mygame");
 * ```
 */
export async function createGame(dir: string): Promise<string[]> {
  await checkFree(dir);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "main.lua"), STARTER_GAME_LUA);
  await Deno.writeTextFile(join(dir, MANIFEST_FILE), starterManifest(basename(resolve(dir))));
  return ["main.lua", MANIFEST_FILE, ...await writeEditorFiles(dir)];
}
