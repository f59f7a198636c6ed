/**
 * The fixed part of the generated bindings chunk: cached globals, error
 * message builders (only called on failure, so the hot path stays a few
 * comparisons), the tagged-value encoder, asset lookup and the CVar checks.
 * Its source is `prelude.lua`, embedded by `deno task embed-lua`.
 *
 * @example
 * ```ts
 * import { LUA_PRELUDE } from "./lua_prelude.ts";
 * LUA_PRELUDE.includes("local rt = ...");
 * ```
 *
 * @module
 */
import { PRELUDE_LUA } from "./prelude_lua.ts";

/**
 * Lua source placed before the generated functions (`prelude.lua`).
 *
 * @example
 * ```ts
 * import { LUA_PRELUDE } from "./lua_prelude.ts";
 * LUA_PRELUDE.length > 0;
 * ```
 */
export const LUA_PRELUDE: string = PRELUDE_LUA;
