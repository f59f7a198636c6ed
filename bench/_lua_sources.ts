/**
 * The bench's Lua sources (`bench/lua/`): the game callbacks, the world
 * layout, the engine games' `main.lua` files and the native reference. The
 * engine games, the native reference and the wasm floor read the same files,
 * so every side runs the same callback text.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/**
 * Absolute path of `bench/lua/`, with a trailing slash.
 *
 * @example
 * ```ts
 * import { LUA_DIR } from "./_lua_sources.ts";
 * console.log(`${LUA_DIR}reference.lua`);
 * ```
 */
export const LUA_DIR: string = fileURLToPath(new URL("./lua/", import.meta.url));

/**
 * Files of `bench/lua/` the benches load.
 *
 * @example
 * ```ts
 * import type { LuaFile } from "./_lua_sources.ts";
 * const file: LuaFile = "layout.lua";
 * ```
 */
export type LuaFile =
  | "layout.lua"
  | "swarm_callbacks.lua"
  | "storm_callbacks.lua"
  | "storm_components.lua"
  | "swarm_main.lua"
  | "storm_main.lua"
  | "reference.lua"
  | "reference_driver.lua";

/**
 * Read one file of `bench/lua/`.
 *
 * @example
 * ```ts
 * import { luaSource } from "./_lua_sources.ts";
 * const text = await luaSource("swarm_callbacks.lua");
 * console.log(text.includes("function go_update"));
 * ```
 */
export function luaSource(file: LuaFile): Promise<string> {
  return Deno.readTextFile(`${LUA_DIR}${file}`);
}
