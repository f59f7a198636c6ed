/**
 * Range and choices checks shared by definitions and `set`.
 *
 * @module
 */
import type { CVarSpec, CVarValue } from "./types.ts";
import { formatCVarValue, showValue } from "./value_types.ts";

/**
 * Why `value` (already of the right type) breaks the range or choices of
 * `spec`, as a fragment without the CVar name; `undefined` when it fits.
 * Numbers are shown in the CVar's canonical form.
 *
 * @example
 * ```ts
 * import { checkConstraints } from "./constraints.ts";
 * const spec = { name: "r_fov", type: "int", default: 75, min: 45, max: 120, description: "", flags: [] } as const;
 * checkConstraints(spec, 200); // "200 is above the maximum 120"
 * checkConstraints(spec, 90); // undefined
 * ```
 */
export function checkConstraints(
  spec: Pick<CVarSpec, "type" | "min" | "max" | "choices">,
  value: CVarValue,
): string | undefined {
  const show = (v: CVarValue) =>
    typeof v === "string" ? showValue(v) : formatCVarValue(spec.type, v);
  if (typeof value === "number") {
    if (spec.min !== undefined && value < spec.min) {
      return `${show(value)} is below the minimum ${show(spec.min)}`;
    }
    if (spec.max !== undefined && value > spec.max) {
      return `${show(value)} is above the maximum ${show(spec.max)}`;
    }
  }
  if (spec.choices !== undefined && !spec.choices.includes(value as string | number)) {
    return `${show(value)} is not one of ${spec.choices.map(show).join(", ")}`;
  }
  return undefined;
}
