/**
 * The CVars the engine itself reads, declared once. Games define their own
 * through `cvar.define` in `on_setup`.
 *
 * @module
 */
import { CHEATS_CVAR, type CVarRegistry } from "./registry.ts";
import type { CVarDefinition, CVarSpec } from "./types.ts";

/**
 * Every engine CVar. {@linkcode defineEngineCVars} adds the `engine` flag.
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
    description: "Lua instructions one callback may run before it is stopped",
  },
  {
    name: "lua_max_memory_mb",
    type: "int",
    default: 64,
    min: 1,
    max: 2048,
    description: "Memory limit of each Lua state, in MiB",
  },
  {
    name: "lua_workers",
    type: "int",
    default: 2,
    min: 1,
    max: 16,
    description: "Worker threads running Lua callbacks",
    flags: ["restart"],
  },
  {
    name: "lua_states_per_worker",
    type: "int",
    default: 2,
    min: 1,
    max: 64,
    description: "Pooled Lua states in each worker",
    flags: ["restart"],
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
