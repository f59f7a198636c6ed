/**
 * Command-line CVar settings: `+set NAME VALUE` pairs among the other
 * arguments (`deno task run examples/breakout +set r_show_fps 1`).
 *
 * @module
 */
import { applySet } from "./apply_set.ts";
import type { ConsoleLine } from "./output.ts";
import type { CVarRegistry } from "./registry.ts";
import { MoonglowError } from "../core/errors.ts";

/**
 * One `+set NAME VALUE` from the command line.
 *
 * @example
 * ```ts
 * import type { PlusSet } from "./plus_sets.ts";
 * const s: PlusSet = { name: "r_show_fps", value: "1" };
 * ```
 */
export interface PlusSet {
  /** CVar name as given (checked when applied). */
  readonly name: string;
  /** Value text as given (one shell argument, spaces included). */
  readonly value: string;
}

/**
 * A `+set` on the command line lacks its name or value.
 *
 * @example
 * ```ts
 * import { parsePlusSets, PlusSetError } from "./plus_sets.ts";
 * try {
 *   parsePlusSets(["+set", "r_fov"]);
 * } catch (e) {
 *   e instanceof PlusSetError; // true
 * }
 * ```
 */
export class PlusSetError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "PLUS_SET";
}

const PLUS_SET = "+set";

/**
 * Take every `+set NAME VALUE` triple out of `args`, in order, and return
 * them with the other arguments in their original order. Arguments after
 * `--` are left alone. Throws {@linkcode PlusSetError} when a `+set` has no
 * name (end of arguments, or the next one is empty or starts with `+` or `-`)
 * or no value (end of arguments, or the next one starts with `+` or `--`;
 * `-5` is a value).
 *
 * @example
 * ```ts
 * import { parsePlusSets } from "./plus_sets.ts";
 * parsePlusSets(["run", "game", "+set", "r_fov", "90", "--frames", "10"]);
 * // { sets: [{ name: "r_fov", value: "90" }], rest: ["run", "game", "--frames", "10"] }
 * ```
 */
export function parsePlusSets(args: readonly string[]): { sets: PlusSet[]; rest: string[] } {
  const sets: PlusSet[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") {
      rest.push(...args.slice(i));
      break;
    }
    if (arg !== PLUS_SET) {
      rest.push(arg);
      continue;
    }
    const name = args[i + 1];
    if (name === undefined || name === "" || /^[-+]/.test(name)) {
      throw new PlusSetError("+set is missing a name: use +set NAME VALUE");
    }
    const value = args[i + 2];
    if (value === undefined || /^(?:--|\+)/.test(value)) {
      throw new PlusSetError(`+set ${name} is missing a value: use +set NAME VALUE`);
    }
    sets.push({ name, value });
    i += 2;
  }
  return { sets, rest };
}

/**
 * Apply parsed `+set`s in order, through the same path as the console's
 * `set`, and return the console lines (rejections are `error` lines; the
 * other settings are still applied).
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * import { applyPlusSets } from "./plus_sets.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "r_show_fps", type: "bool", default: false });
 * applyPlusSets(reg, [{ name: "r_show_fps", value: "1" }]);
 * reg.get("r_show_fps"); // true
 * ```
 */
export function applyPlusSets(registry: CVarRegistry, sets: readonly PlusSet[]): ConsoleLine[] {
  return sets.flatMap(({ name, value }) => applySet(registry, name, value));
}
