/**
 * The one path by which text sets a CVar from outside a script: the console
 * `set` command and the command line's `+set NAME VALUE`.
 *
 * @module
 */
import { type ConsoleLine, lines } from "./output.ts";
import type { CVarRegistry } from "./registry.ts";

/**
 * Set `name` from `text` and describe the outcome as console lines: the new
 * value, a note when the CVar only takes effect after a restart, or the
 * rejection message as an error (the old value is kept).
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * import { applySet } from "./apply_set.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "r_fov", type: "int", default: 75, min: 45, max: 120 });
 * applySet(reg, "r_fov", "90"); // [{ level: "info", text: "r_fov = 90" }]
 * applySet(reg, "r_fov", "200"); // [{ level: "error", text: "r_fov: 200 is above the maximum 120" }]
 * ```
 */
export function applySet(registry: CVarRegistry, name: string, text: string): ConsoleLine[] {
  const result = registry.setFromString(name, text);
  if (!result.ok) return lines("error", result.error);
  const info = registry.describe(name);
  const shown = info.type === "string" ? JSON.stringify(result.text) : result.text;
  const out = lines("info", `${name} = ${shown}${result.changed ? "" : " (unchanged)"}`);
  if (result.changed && info.flags.includes("restart")) {
    out.push(...lines("warn", `${name} takes effect after a restart`));
  }
  return out;
}
