/**
 * Reading a game folder: every `.lua` file becomes an entry of the map that
 * `require` resolves against (paths relative to the folder, `/`-separated).
 *
 * @module
 */
import { join, relative, sep as SEPARATOR } from "node:path";

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
export class GameFilesError extends Error {
  /** Create the error. */
  constructor(message: string) {
    super(message);
    this.name = "GameFilesError";
  }
}

/** Largest Lua file accepted, in bytes; a game's scripts are small. */
export const MAX_LUA_FILE_BYTES = 4 * 1024 * 1024;
/** Most Lua files read from one game folder. */
export const MAX_LUA_FILES = 2000;

/**
 * Read all `.lua` files below `dir` (skipping hidden folders and
 * `node_modules`). Throws {@linkcode GameFilesError} when there is no
 * `main.lua`.
 *
 * @example
 * ```ts ignore
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
  const walk = async (folder: string): Promise<void> => {
    const entries: Deno.DirEntry[] = [];
    for await (const e of Deno.readDir(folder)) entries.push(e);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(folder, e.name);
      if (e.isDirectory) {
        if (!e.name.startsWith(".") && e.name !== "node_modules") await walk(path);
      } else if (e.isFile && e.name.endsWith(".lua")) {
        if (files.size >= MAX_LUA_FILES) {
          throw new GameFilesError(`Game folder has more than ${MAX_LUA_FILES} Lua files: ${dir}`);
        }
        const size = (await Deno.stat(path)).size;
        if (size > MAX_LUA_FILE_BYTES) {
          throw new GameFilesError(`Lua file is larger than ${MAX_LUA_FILE_BYTES} bytes: ${path}`);
        }
        const rel = relative(dir, path).split(SEPARATOR).join("/");
        files.set(rel, await Deno.readTextFile(path));
      }
    }
  };
  await walk(dir);
  if (!files.has("main.lua")) throw new GameFilesError(`No main.lua in game folder: ${dir}`);
  return files;
}
