/**
 * The privileged Lua prelude that turns a fresh state into the game sandbox and builds the `priv`
 * table handed to engine-owned chunks. It runs once per state, before any other code, with the
 * natives table that {@link LuaVm} implements in JS as its only vararg. Its source is
 * `sandbox.lua`, embedded by `deno task embed-lua`.
 *
 * What it does:
 * - removes `io`, `package`, `dofile`, `loadfile`, `string.dump`; keeps `os.clock/time/date/
 *   difftime` and `debug.traceback` only;
 * - forces `load` to text mode; `require` reads only the game's file map;
 * - routes `print`/`warn` to the engine log;
 * - refuses `__gc` (finalizers run at GC-dependent times, breaking determinism, and could poison
 *   later calls), limits `collectgarbage` to count/collect/step;
 * - installs the pattern functions (`string.find`, `match`, `gmatch`, `gsub`) that charge every
 *   step of their matcher (`string_natives.ts`);
 * - `freeze()` moves every field of `_G` and of every table reachable from it into hidden storage
 *   (metamethod fields, `__index` and the like, stay in place too: Lua reads them raw)
 *   and leaves the table empty behind a protected metatable, so both new and existing keys are
 *   refused while identity (`engine == engine`) is kept;
 * - reloads the game's scripts in place: the game's top level runs again into a fresh set of
 *   globals (those engine code left, `priv.mark_baseline`) and module cache, kept pending while the
 *   running ones stay, then swapped in or dropped (`LuaVm.prepareReload` / `finishReload`).
 *
 * @example
 * ```ts
 * import { SANDBOX_PRELUDE } from "./sandbox.ts";
 * console.log(SANDBOX_PRELUDE.includes("freeze"));
 * ```
 *
 * @module
 */
import { LIBRARY_COSTS_LUA } from "./library_costs_lua.ts";
import { SANDBOX_LUA } from "./sandbox_lua.ts";

/**
 * Chunk name of the prelude in tracebacks.
 *
 * @example
 * ```ts
 * import { SANDBOX_CHUNK_NAME } from "./sandbox.ts";
 * SANDBOX_CHUNK_NAME.slice(1); // "[moonglow sandbox]"
 * ```
 */
export const SANDBOX_CHUNK_NAME: string = "=[moonglow sandbox]";

/**
 * Chunk name of the code the engine's runtime generates while it runs (the
 * loops of its callback runs): engine code, which game error texts and
 * positions leave out, as they do the prelude's.
 *
 * @example
 * ```ts
 * import { GENERATED_CHUNK_NAME } from "./sandbox.ts";
 * GENERATED_CHUNK_NAME.slice(1); // "[moonglow generated]"
 * ```
 */
export const GENERATED_CHUNK_NAME: string = "=[moonglow generated]";

/**
 * Registry keys shared between the prelude and `vm.ts`. `sandbox.lua` spells them as its `KEY_*`
 * constants; a test keeps the two equal.
 *
 * @example
 * ```ts
 * import { REGISTRY_KEYS } from "./sandbox.ts";
 * REGISTRY_KEYS.fnPrefix + "on_hit"; // "moonglow.fn:on_hit"
 * ```
 */
export const REGISTRY_KEYS = {
  priv: "moonglow.priv",
  tostringAll: "moonglow.tostring_all",
  freeze: "moonglow.freeze",
  fnPrefix: "moonglow.fn:",
  reloadOpen: "moonglow.reload_open",
  reloadClose: "moonglow.reload_close",
  reloadFinish: "moonglow.reload_finish",
} as const;

/**
 * Lua source of the prelude (`sandbox.lua`); see the module doc.
 *
 * @example
 * ```ts
 * import { SANDBOX_PRELUDE } from "./sandbox.ts";
 * SANDBOX_PRELUDE.startsWith("--"); // true
 * ```
 */
export const SANDBOX_PRELUDE: string = SANDBOX_LUA;

/**
 * Lua source of the library charges (`library_costs.lua`), run just before the prelude with the
 * same natives: the C library functions whose work grows with their input (`string.rep`,
 * `table.concat`, `table.sort`, `string.format`, `utf8.len`, `load` ...) are charged to the
 * instruction budget before they run, and the table functions run as Lua for a table whose
 * metatable has `__index`, `__newindex` or `__len`.
 *
 * @example
 * ```ts
 * import { LIBRARY_COSTS } from "./sandbox.ts";
 * LIBRARY_COSTS.includes("table.sort"); // true
 * ```
 */
export const LIBRARY_COSTS: string = LIBRARY_COSTS_LUA;
