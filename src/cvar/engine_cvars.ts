/**
 * The CVars the engine itself reads, declared once. Games define their own
 * through `cvar.define` in `on_setup`.
 *
 * @module
 */
import type { CVarRegistry } from "./registry.ts";
import { CHEATS_CVAR } from "./set_rules.ts";
import type { CVarDefinition, CVarSpec } from "./types.ts";

/**
 * Hard ceiling of `lua_max_instructions`. At the slowest rate measured
 * (about 24 M instructions a second when building strings under the count
 * hook) a callback at this budget stops within about 8 s, well before a
 * worker is given up as unresponsive (30 s).
 *
 * @example
 * ```ts
 * import { MAX_INSTRUCTIONS_CEILING } from "./engine_cvars.ts";
 * MAX_INSTRUCTIONS_CEILING; // 200000000
 * ```
 */
export const MAX_INSTRUCTIONS_CEILING = 200_000_000;

/**
 * Hard ceiling of `lua_max_memory_mb`. The Lua states of one worker share
 * one wasm heap of at most 2 GiB, so one state at this cap still leaves
 * room for the others in its worker.
 *
 * @example
 * ```ts
 * import { MAX_MEMORY_MB_CEILING } from "./engine_cvars.ts";
 * MAX_MEMORY_MB_CEILING; // 512
 * ```
 */
export const MAX_MEMORY_MB_CEILING = 512;

/**
 * Every engine CVar. {@linkcode defineEngineCVars} adds the `engine` flag.
 *
 * The safety limits are flagged `protected`, so game code cannot change
 * them: the instruction budget and the memory cap (what stops a runaway or
 * memory-hungry callback) and the worker and state counts (threads and
 * wasm heaps the game would make the machine spend; read at start-up, so a
 * change by the game would also only show in `cvar.get`, never take
 * effect). The tick rate, steps per frame and time scale are the game's
 * to choose: each step's callbacks stay bounded by the budget.
 *
 * @example
 * ```ts
 * import { ENGINE_CVARS } from "./engine_cvars.ts";
 * ENGINE_CVARS.find((d) => d.name === "sys_tick_hz")?.default; // 60
 * ```
 */
export const ENGINE_CVARS: readonly CVarDefinition[] = Object.freeze([
  {
    name: CHEATS_CVAR,
    type: "bool",
    default: false,
    description: "Allow changing CVars flagged cheat",
  },
  {
    name: "sys_tick_hz",
    type: "int",
    default: 60,
    min: 1,
    max: 1000,
    description: "Fixed simulation steps per second",
  },
  {
    name: "sys_max_steps_per_frame",
    type: "int",
    default: 5,
    min: 1,
    max: 100,
    description: "Most simulation steps run for one rendered frame before the clock is let slip",
  },
  {
    name: "sys_time_scale",
    type: "float",
    default: 1,
    min: 0,
    max: 16,
    description: "Speed of simulated time relative to real time",
    flags: ["cheat"],
  },
  {
    name: "lua_max_instructions",
    type: "int",
    default: 10_000_000,
    min: 1000,
    max: MAX_INSTRUCTIONS_CEILING,
    description: "Lua instructions one callback may run before it is stopped",
    flags: ["protected"],
  },
  {
    name: "lua_max_memory_mb",
    type: "int",
    default: 64,
    min: 1,
    max: MAX_MEMORY_MB_CEILING,
    description: "Memory limit of each Lua state, in MiB",
    flags: ["protected"],
  },
  {
    name: "lua_workers",
    type: "int",
    default: 2,
    min: 1,
    max: 16,
    description: "Worker threads running Lua callbacks",
    flags: ["restart", "protected"],
  },
  {
    name: "lua_states_per_worker",
    type: "int",
    default: 2,
    min: 1,
    max: 64,
    description: "Pooled Lua states in each worker",
    flags: ["restart", "protected"],
  },
  {
    name: "con_history_size",
    type: "int",
    default: 100,
    min: 0,
    max: 10_000,
    description: "Console lines remembered for up/down recall",
    flags: ["saved"],
  },
  {
    name: "con_scrollback",
    type: "int",
    default: 500,
    min: 10,
    max: 100_000,
    description: "Console output lines kept for display",
    flags: ["saved"],
  },
  {
    name: "r_show_fps",
    type: "bool",
    default: false,
    description: "Show frames per second in the status line",
    flags: ["saved"],
  },
]);

/**
 * Names of the engine CVars game code may not change (flagged `protected`).
 *
 * @example
 * ```ts
 * import { PROTECTED_CVARS } from "./engine_cvars.ts";
 * PROTECTED_CVARS.has("lua_max_instructions"); // true
 * PROTECTED_CVARS.has("sys_tick_hz"); // false
 * ```
 */
export const PROTECTED_CVARS: ReadonlySet<string> = new Set(
  ENGINE_CVARS.filter((d) => d.flags?.includes("protected")).map((d) => d.name),
);

/**
 * Define every engine CVar in `registry` (with the `engine` flag) and
 * return their specs. Throws `CVarDefinitionError` if one is already
 * defined.
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * import { defineEngineCVars } from "./engine_cvars.ts";
 * const reg = new CVarRegistry();
 * defineEngineCVars(reg);
 * reg.get("lua_max_memory_mb"); // 64
 * ```
 */
export function defineEngineCVars(registry: CVarRegistry): CVarSpec[] {
  return ENGINE_CVARS.map((def) =>
    registry.define({ ...def, flags: [...(def.flags ?? []), "engine"] })
  );
}
