/**
 * Editor support in a game folder: the LuaLS stubs of the engine API, a
 * `.luarc.json` that points LuaLS at them, and a `.luacheckrc` with the
 * engine's globals. `moonglow new` writes them with the starter game;
 * `moonglow stubs <game_dir>` refreshes them after an engine update.
 *
 * The stubs live in the hidden `.moonglow/` folder, which the engine never
 * loads and `check` never lints.
 *
 * @example
 * ```ts ignore
 * import { writeEditorFiles } from "./editor_files.ts";
 * await writeEditorFiles("mygame"); // [".moonglow/engine.lua", ".luarc.json", ".luacheckrc"]
 * ```
 *
 * @module
 */
import { dirname, join } from "node:path";
import { luacheckConfig, luaStubs } from "../api/mod.ts";

/** Where the stubs go, relative to the game folder. */
export const STUBS_PATH = ".moonglow/engine.lua";

/**
 * The `.luarc.json` of a game: Lua 5.4, the stubs as a library, and no
 * warning for the global callbacks every game defines.
 *
 * @example
 * ```ts
 * import { luarcJson } from "./editor_files.ts";
 * JSON.parse(luarcJson()).workspace.library; // [".moonglow"]
 * ```
 */
export function luarcJson(): string {
  const config = {
    $schema: "https://raw.githubusercontent.com/LuaLS/vscode-lua/master/setting/schema.json",
    runtime: { version: "Lua 5.4" },
    workspace: { library: [dirname(STUBS_PATH)], checkThirdParty: false },
    // Callbacks (on_setup, on_switch_scene, ...) are lowercase globals by design.
    diagnostics: { disable: ["lowercase-global"] },
  };
  return JSON.stringify(config, null, 2) + "\n";
}

/** The first line of every `.luacheckrc` Moonglow writes: such a file may be replaced. */
const GENERATED = luacheckConfig().split("\n", 1)[0] as string;

/**
 * Whether a `.luacheckrc` is one Moonglow wrote (not the game author's own).
 *
 * @example
 * ```ts
 * import { gameLuacheckrc, isGeneratedLuacheckrc } from "./editor_files.ts";
 * isGeneratedLuacheckrc(gameLuacheckrc()); // true
 * isGeneratedLuacheckrc("ignore = { '211' }\n"); // false
 * ```
 */
export function isGeneratedLuacheckrc(text: string): boolean {
  return text.startsWith(GENERATED);
}

/**
 * The `.luacheckrc` of a game: the engine's globals, generated from the API
 * declarations, and the stubs folder left out.
 *
 * @example
 * ```ts
 * import { gameLuacheckrc } from "./editor_files.ts";
 * gameLuacheckrc().includes("exclude_files"); // true
 * ```
 */
export function gameLuacheckrc(): string {
  return `${luacheckConfig()}-- The API stubs are definitions, not game code.\n` +
    `exclude_files = { "${dirname(STUBS_PATH)}/**" }\n`;
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/**
 * Write the editor files into the game folder `dir`: the stubs always, the
 * `.luacheckrc` unless one written by hand is there, and the `.luarc.json`
 * only when there is none (it may hold the user's own settings). Resolves
 * to the paths written, relative to `dir`.
 *
 * @example
 * ```ts ignore
 * import { writeEditorFiles } from "./editor_files.ts";
 * const written = await writeEditorFiles("examples/breakout");
 * ```
 */
export async function writeEditorFiles(dir: string): Promise<string[]> {
  const written: string[] = [];
  await Deno.mkdir(join(dir, dirname(STUBS_PATH)), { recursive: true });
  await Deno.writeTextFile(join(dir, STUBS_PATH), luaStubs());
  written.push(STUBS_PATH);
  const luacheckrc = await readOrUndefined(join(dir, ".luacheckrc"));
  if (luacheckrc === undefined || isGeneratedLuacheckrc(luacheckrc)) {
    await Deno.writeTextFile(join(dir, ".luacheckrc"), gameLuacheckrc());
    written.push(".luacheckrc");
  }
  if (await readOrUndefined(join(dir, ".luarc.json")) === undefined) {
    await Deno.writeTextFile(join(dir, ".luarc.json"), luarcJson());
    written.push(".luarc.json");
  }
  return written;
}
