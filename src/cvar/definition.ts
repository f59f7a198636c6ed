/**
 * Checking of CVar definitions, which may come from Lua and so are checked
 * field by field with messages that name the field.
 *
 * @module
 */
import { checkConstraints } from "./constraints.ts";
import { CVarDefinitionError } from "./errors.ts";
import {
  CVAR_FLAGS,
  type CVarDefinition,
  type CVarFlag,
  type CVarSpec,
  type CVarType,
} from "./types.ts";
import { checkCVarValue, formatCVarValue, showValue } from "./value_types.ts";

/**
 * Pattern every CVar name must match.
 *
 * @example
 * ```ts
 * import { CVAR_NAME_PATTERN } from "./definition.ts";
 * CVAR_NAME_PATTERN.test("r_fov"); // true
 * ```
 */
export const CVAR_NAME_PATTERN: RegExp = /^[a-z][a-z0-9_]*$/;

/** Longest accepted name; names are typed at a console. */
export const MAX_CVAR_NAME_LENGTH = 64;

const TYPES: readonly CVarType[] = ["bool", "int", "float", "string"];
const NUMERIC: ReadonlySet<CVarType> = new Set(["int", "float"]);

/**
 * Check `def` and return the frozen spec the registry keeps. Throws
 * {@linkcode CVarDefinitionError} naming the CVar and the faulty field.
 *
 * @example
 * ```ts
 * import { checkDefinition } from "./definition.ts";
 * const spec = checkDefinition({ name: "sys_tick_hz", type: "int", default: 60, min: 1, max: 1000 });
 * spec.flags; // []
 * ```
 */
export function checkDefinition(def: CVarDefinition): CVarSpec {
  if (typeof def !== "object" || def === null) {
    throw new CVarDefinitionError("A cvar definition must be an object");
  }
  const name = checkName(def.name);
  const fail = (what: string): never => {
    throw new CVarDefinitionError(`CVar "${name}": ${what}`);
  };
  const type = def.type;
  if (!TYPES.includes(type)) {
    fail(`unknown type ${showValue(type)} (use bool, int, float or string)`);
  }
  const description = def.description ?? "";
  if (typeof description !== "string") fail("description must be a string");
  const flags = checkFlags(def.flags, fail);

  const bound = (label: "min" | "max"): number | undefined => {
    const v = def[label];
    if (v === undefined) return undefined;
    if (!NUMERIC.has(type)) fail("min and max apply only to int and float cvars");
    const r = checkCVarValue(type, v);
    return r.ok ? (r.value as number) : fail(`${label} ${r.error}`);
  };
  const min = bound("min");
  const max = bound("max");
  if (min !== undefined && max !== undefined && min > max) {
    fail(`min ${formatCVarValue(type, min)} is greater than max ${formatCVarValue(type, max)}`);
  }
  const choices = checkChoices(def.choices, type, min !== undefined || max !== undefined, fail);

  const checked = checkCVarValue(type, def.default);
  if (!checked.ok) fail(`default ${checked.error}`);
  const value = (checked as { value: CVarSpec["default"] }).value;
  const spec: CVarSpec = {
    name,
    type,
    default: value,
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(choices !== undefined ? { choices } : {}),
    description,
    flags,
  };
  const broken = checkConstraints(spec, value);
  if (broken !== undefined) fail(`default ${broken}`);
  return Object.freeze(spec);
}

function checkName(name: unknown): string {
  if (typeof name !== "string") {
    throw new CVarDefinitionError(`A cvar name must be a string, got ${showValue(name)}`);
  }
  if (!CVAR_NAME_PATTERN.test(name) || name.length > MAX_CVAR_NAME_LENGTH) {
    throw new CVarDefinitionError(
      `Invalid cvar name ${showValue(name)}: use lower-case letters, digits and underscores, ` +
        `starting with a letter, at most ${MAX_CVAR_NAME_LENGTH} characters`,
    );
  }
  return name;
}

function checkFlags(flags: unknown, fail: (what: string) => never): readonly CVarFlag[] {
  if (flags === undefined) return Object.freeze([]);
  if (!Array.isArray(flags)) fail("flags must be a list");
  for (const f of flags as unknown[]) {
    if (!CVAR_FLAGS.includes(f as CVarFlag)) {
      fail(`unknown flag ${showValue(f)} (use ${CVAR_FLAGS.join(", ")})`);
    }
  }
  const set = new Set(flags as CVarFlag[]);
  if (set.has("read_only") && set.has("saved")) fail("a read_only cvar cannot be saved");
  // The settings file is shared by every game: a safety limit raised for one
  // would be raised for all.
  if (set.has("protected") && set.has("saved")) fail("a protected cvar cannot be saved");
  // Canonical order so specs compare and print the same way however flags were listed.
  return Object.freeze(CVAR_FLAGS.filter((f) => set.has(f)));
}

function checkChoices(
  choices: unknown,
  type: CVarType,
  hasRange: boolean,
  fail: (what: string) => never,
): readonly (string | number)[] | undefined {
  if (choices === undefined) return undefined;
  if (type === "bool") fail("choices apply only to int, float and string cvars");
  if (hasRange) fail("use either choices or min/max, not both");
  if (!Array.isArray(choices) || choices.length === 0) fail("choices must be a non-empty list");
  const seen: (string | number)[] = [];
  for (const c of choices as unknown[]) {
    const r = checkCVarValue(type, c);
    if (!r.ok) fail(`choice ${r.error}`);
    const v = (r as { value: string | number }).value;
    if (seen.includes(v)) fail(`choice ${showValue(v)} is listed twice`);
    seen.push(v);
  }
  return Object.freeze(seen);
}
