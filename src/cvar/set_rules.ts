/**
 * The rules a CVar change must pass before the registry applies it: who may
 * change the CVar (read-only, protected, cheat) and whether the new value
 * fits its constraints. A refusal is a one-line message, not an exception.
 *
 * @module
 */
import { checkConstraints } from "./constraints.ts";
import type { CVarSetter, CVarSnapshotEntry, CVarSpec, CVarValue } from "./types.ts";
import type { ValueOutcome } from "./value_types.ts";

/**
 * Name of the bool CVar that unlocks CVars flagged `cheat`. While it is not
 * defined, or false, cheat CVars cannot be set.
 *
 * @example
 * ```ts
 * import { CHEATS_CVAR } from "./set_rules.ts";
 * CHEATS_CVAR; // "sys_cheats"
 * ```
 */
export const CHEATS_CVAR = "sys_cheats";

/**
 * Why `by` may not change the CVar of `spec` now, or `undefined` when it may.
 * `cheats` is the value of {@linkcode CHEATS_CVAR} (`undefined` when it is not
 * defined).
 *
 * @example
 * ```ts
 * import { lockReason } from "./set_rules.ts";
 * const spec = { name: "r_x", flags: ["read_only"] } as const;
 * lockReason(spec, "user", undefined); // "r_x is read-only"
 * ```
 */
export function lockReason(
  spec: Pick<CVarSpec, "name" | "flags">,
  by: CVarSetter,
  cheats: CVarValue | undefined,
): string | undefined {
  if (spec.flags.includes("read_only")) return `${spec.name} is read-only`;
  if (by === "game" && spec.flags.includes("protected")) {
    return `${spec.name} cannot be changed by the game (an engine safety limit: ` +
      `set it from the console or with +set)`;
  }
  if (spec.flags.includes("cheat") && cheats !== true) {
    return `${spec.name} is a cheat (set ${CHEATS_CVAR} 1 first)`;
  }
  return undefined;
}

/**
 * The value `read` gives for `spec` once it passed the CVar's range and
 * choices, or the one-line refusal naming the CVar.
 *
 * @example
 * ```ts
 * import { constrainedValue } from "./set_rules.ts";
 * const spec = { name: "r_fov", type: "int", default: 75, min: 45, description: "", flags: [] } as const;
 * constrainedValue(spec, { ok: true, value: 10 });
 * // { ok: false, error: "r_fov: 10 is below the minimum 45" }
 * ```
 */
export function constrainedValue(spec: CVarSpec, read: ValueOutcome): ValueOutcome {
  if (!read.ok) return { ok: false, error: `${spec.name}: ${read.error}` };
  const broken = checkConstraints(spec, read.value);
  if (broken === undefined) return read;
  // A safety limit's maximum is a ceiling nobody lifts at run time: say so.
  const ceiling = spec.flags.includes("protected") && spec.max !== undefined &&
    (read.value as number) > spec.max;
  return {
    ok: false,
    error: `${spec.name}: ${broken}${ceiling ? " (the hard ceiling of this safety limit)" : ""}`,
  };
}

/**
 * The plain-data view of one CVar that the Lua snapshot carries; a
 * `protected` CVar says so, so `cvar.set` refuses it where the game calls it.
 *
 * @example
 * ```ts
 * import { snapshotEntry } from "./set_rules.ts";
 * const spec = { name: "sys_tick_hz", type: "int", default: 60, min: 1, description: "", flags: [] } as const;
 * snapshotEntry(spec, 30);
 * // { type: "int", value: 30, min: 1 }
 * ```
 */
export function snapshotEntry(spec: CVarSpec, value: CVarValue): CVarSnapshotEntry {
  return {
    type: spec.type,
    value,
    ...(spec.min !== undefined ? { min: spec.min } : {}),
    ...(spec.max !== undefined ? { max: spec.max } : {}),
    ...(spec.choices !== undefined ? { choices: spec.choices } : {}),
    ...(spec.flags.includes("protected") ? { protected: true as const } : {}),
  };
}
