/**
 * CVars and the console: a typed registry with validation and
 * Lua change handlers, the engine's own CVars, a console with
 * `set`/`get`/`list`/`exec`/`help`, command-line `+set NAME VALUE`, and
 * persistence of saved CVars in the user's settings file.
 *
 * In the frame pipeline, console lines due this frame run and
 * `takePendingChanges()` is called in pre_update; each change with handlers
 * becomes `CVarLua` actions run in post_update.
 *
 * @example
 * ```ts
 * import { Console, CVarRegistry, defineEngineCVars } from "./mod.ts";
 * const reg = new CVarRegistry();
 * defineEngineCVars(reg);
 * reg.define({ name: "r_fov", type: "float", default: 75, min: 45, max: 120, flags: ["saved"] });
 * reg.onChange("r_fov", "OnFovChanged");
 * const con = new Console(reg, { historySize: reg.getNumber("con_history_size") });
 * await con.submit("set r_fov 90");
 * reg.takePendingChanges();
 * // [{ name: "r_fov", oldValue: "75.0", newValue: "90.0", handlers: ["OnFovChanged"] }]
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./errors.ts";
export * from "./registry.ts";
export { CHEATS_CVAR } from "./set_rules.ts";
export { CVAR_NAME_PATTERN } from "./definition.ts";
export {
  checkCVarValue,
  formatCVarValue,
  parseCVarText,
  type ValueOutcome,
} from "./value_types.ts";
export * from "./engine_cvars.ts";
export * from "./console.ts";
export type { ConsoleLevel, ConsoleLine } from "./output.ts";
export * from "./history.ts";
export { ConsoleSyntaxError } from "./command_line.ts";
export * from "./apply_set.ts";
export * from "./plus_sets.ts";
export {
  defaultSettingsPath,
  loadSettings,
  saveSettings,
  type SettingsEnv,
  type SettingsLoadReport,
  type SettingsSaveReport,
  SettingsWriteError,
} from "./settings.ts";
