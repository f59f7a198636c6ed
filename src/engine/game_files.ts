/**
 * Reading a game folder: every `.lua` file becomes an entry of the map that
 * `require` resolves against (paths relative to the folder, `/`-separated).
 *
 * @module
 */
import { join, relative, sep as SEPARATOR } from "node:path";
import { MAX_LUA_FILE_BYTES, MAX_LUA_FILES } from "../core/ceilings.ts";
import { isInside } from "../core/game_path.ts";
import { MoonglowError } from "../core/errors.ts";

export { MAX_LUA_FILE_BYTES, MAX_LUA_FILES };

/**
 * Error for a game that cannot be loaded (missing folder or `main.lua`,
 * unreadable or oversized files).
 *
 * @example
 * ```ts
 * import { GameFilesError } from "./game_files.ts";
 * const e = new GameFilesError("Game folder not found: ./nope");
 * ```
 */
export class GameFilesError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "GAME_FILES";
}

/**
 * Read all `.lua` files below `dir` (skipping hidden folders and
 * `node_modules`). Symbolic links are followed inside the folder. Throws
 * {@linkcode GameFilesError} when there is no `main.lua`, and naming the
 * file when a Lua file is reached through a link that leads outside the
 * folder.
 *
 * @example
 * ```ts
 * import { readGameFiles } from "./game_files.ts";
 * const files = await readGameFiles("examples/breakout");
 * files.get("main.lua");
 * ```
 */
export async function readGameFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch {
    throw new GameFilesError(`Game folder not found: ${dir}`);
  }
  if (!info.isDirectory) throw new GameFilesError(`Game path is not a folder: ${dir}`);
  // Symbolic links are followed, but a Lua file must really be inside the
  // game folder, as every file a game reads; each real folder is walked
  // once, so a link loop ends.
  const root = await Deno.realPath(dir);
  const walked = new Set<string>();
  const walk = async (folder: string): Promise<void> => {
    const real = await Deno.realPath(folder);
    if (walked.has(real)) return;
    walked.add(real);
    const entries: Deno.DirEntry[] = [];
    for await (const e of Deno.readDir(folder)) entries.push(e);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(folder, e.name);
      let { isDirectory, isFile } = e;
      if (e.isSymlink) {
        try {
          ({ isDirectory, isFile } = await Deno.stat(path));
        } catch {
          continue; // a dangling link is no file of the game
        }
      }
      if (isDirectory) {
        if (!e.name.startsWith(".") && e.name !== "node_modules") await walk(path);
      } else if (isFile && e.name.endsWith(".lua")) {
        if (files.size >= MAX_LUA_FILES) {
          throw new GameFilesError(`Game folder has more than ${MAX_LUA_FILES} Lua files: ${dir}`);
        }
        const rel = relative(dir, path).split(SEPARATOR).join("/");
        if (!isInside(root, await Deno.realPath(path))) {
          throw new GameFilesError(
            `Lua file ${rel} leads outside the game folder through a symbolic link: ${dir}`,
          );
        }
        const size = (await Deno.stat(path)).size;
        if (size > MAX_LUA_FILE_BYTES) {
          throw new GameFilesError(`Lua file is larger than ${MAX_LUA_FILE_BYTES} bytes: ${path}`);
        }
        files.set(rel, asLuaFile(await Deno.readTextFile(path)));
      }
    }
  };
  await walk(dir);
  if (!files.has("main.lua")) throw new GameFilesError(`No main.lua in game folder: ${dir}`);
  return files;
}

/**
 * A file's text as `lua5.4 file.lua` reads it: without a UTF-8 byte order
 * mark, and with a first line starting with `#` (a `#!` line) left empty,
 * so line numbers stay the same.
 *
 * @example
 * ```ts
 * import { asLuaFile } from "./game_files.ts";
 * console.log(JSON.stringify(asLuaFile("\uFEFF#!/usr/bin/lua\nprint(1)"))); // "\nprint(1)"
 * ```
 */
export function asLuaFile(text: string): string {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (!body.startsWith("#")) return body;
  const eol = body.indexOf("\n");
  return eol < 0 ? "" : body.slice(eol);
}
