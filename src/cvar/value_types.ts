/**
 * Per-type parsing, checking and formatting of CVar values, as one table of
 * small functions so every type is handled the same way.
 *
 * Canonical text forms (used by `getAsString`, pending changes, `list` and
 * messages): `bool` is `true` / `false`; `int` is plain decimal digits;
 * `float` is the shortest text that reads back to the same number, with
 * `.0` appended when it would otherwise look like an integer (`75.0`, `0.1`,
 * `1e+21`), which is also what Lua 5.4's `tostring` prints for such floats;
 * `string` is the text itself.
 *
 * @module
 */
import type { Result } from "../core/errors.ts";
import type { CVarType, CVarValue } from "./types.ts";

/**
 * Result of reading a value: the typed value, or why it was refused (a
 * fragment such as `"abc" is not a number`, without the CVar name).
 *
 * @example
 * ```ts
 * import { parseCVarText } from "./value_types.ts";
 * const r = parseCVarText("int", "12");
 * if (r.ok) r.value; // 12
 * ```
 */
export type ValueOutcome = Result<CVarValue>;

/** Longest string value accepted, so a pasted blob cannot bloat snapshots. */
export const MAX_STRING_LENGTH = 4096;

interface ValueType {
  /** Read console / command-line / settings text. */
  fromText(text: string): ValueOutcome;
  /** Check a value that arrived already typed (from TypeScript or Lua). */
  fromValue(value: unknown): ValueOutcome;
  /** Canonical text form. */
  format(value: CVarValue): string;
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOL_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  "1": true,
  "0": false,
  on: true,
  off: false,
};

/**
 * Show a value inside a message: strings quoted, everything else as is.
 *
 * @example
 * ```ts
 * import { showValue } from "./value_types.ts";
 * showValue("abc"); // '"abc"'
 * showValue(12); // "12"
 * ```
 */
export function showValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

const ok = (value: CVarValue): ValueOutcome => ({ ok: true, value });
const no = (error: string): ValueOutcome => ({ ok: false, error });

// -0 would print as "0" but compare unequal in Object.is; store plain 0.
const unsignedZero = (n: number): number => (n === 0 ? 0 : n);

function numberFromText(text: string): number | undefined {
  const t = text.trim();
  return NUMBER_TEXT.test(t) ? Number(t) : undefined;
}

function checkInt(n: number, shown: string): ValueOutcome {
  if (!Number.isInteger(n)) return no(`${shown} is not an integer`);
  if (!Number.isSafeInteger(n)) return no(`${shown} is outside the safe integer range`);
  return ok(unsignedZero(n));
}

function checkFloat(n: number, shown: string): ValueOutcome {
  return Number.isFinite(n) ? ok(unsignedZero(n)) : no(`${shown} is not a finite number`);
}

function numericType(
  check: (n: number, shown: string) => ValueOutcome,
  format: (n: number) => string,
): ValueType {
  return {
    fromText(text) {
      const n = numberFromText(text);
      return n === undefined ? no(`${showValue(text)} is not a number`) : check(n, showValue(text));
    },
    fromValue(value) {
      return typeof value === "number"
        ? check(value, showValue(value))
        : no(`${showValue(value)} is not a number`);
    },
    format: (value) => format(value as number),
  };
}

function formatFloat(n: number): string {
  const s = String(unsignedZero(n));
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

function checkString(value: string): ValueOutcome {
  return value.length > MAX_STRING_LENGTH
    ? no(`a ${value.length}-character string is longer than the limit ${MAX_STRING_LENGTH}`)
    : ok(value);
}

/** The table: one entry per CVar type. */
const VALUE_TYPES: Readonly<Record<CVarType, ValueType>> = {
  bool: {
    fromText(text) {
      const word = text.trim().toLowerCase();
      return Object.hasOwn(BOOL_WORDS, word)
        ? ok(BOOL_WORDS[word] === true)
        : no(`${showValue(text)} is not a boolean (use true/false/1/0/on/off)`);
    },
    fromValue(value) {
      return typeof value === "boolean" ? ok(value) : no(`${showValue(value)} is not a boolean`);
    },
    format: (value) => String(value),
  },
  int: numericType(checkInt, (n) => String(n)),
  float: numericType(checkFloat, formatFloat),
  string: {
    fromText: checkString,
    fromValue(value) {
      return typeof value === "string"
        ? checkString(value)
        : no(`${showValue(value)} is not a string`);
    },
    format: (value) => String(value),
  },
};

/**
 * Read `text` as a value of `type` (booleans: true/false/1/0/on/off, any
 * case; numbers: decimal with optional exponent, surrounding blanks ignored;
 * an `int` may be written `60.0` or `1e3`). Range and choices are not checked
 * here.
 *
 * @example
 * ```ts
 * import { parseCVarText } from "./value_types.ts";
 * parseCVarText("bool", "on"); // { ok: true, value: true }
 * parseCVarText("float", "abc"); // { ok: false, error: '"abc" is not a number' }
 * ```
 */
export function parseCVarText(type: CVarType, text: string): ValueOutcome {
  return VALUE_TYPES[type].fromText(text);
}

/**
 * Check that an already typed `value` fits `type` (no conversion between
 * types: `"1"` is not an `int`). Range and choices are not checked here.
 *
 * @example
 * ```ts
 * import { checkCVarValue } from "./value_types.ts";
 * checkCVarValue("int", 1.5); // { ok: false, error: "1.5 is not an integer" }
 * ```
 */
export function checkCVarValue(type: CVarType, value: unknown): ValueOutcome {
  return VALUE_TYPES[type].fromValue(value);
}

/**
 * Canonical text of a value of `type` (see the module notes).
 *
 * @example
 * ```ts
 * import { formatCVarValue } from "./value_types.ts";
 * formatCVarValue("float", 75); // "75.0"
 * formatCVarValue("int", 75); // "75"
 * ```
 */
export function formatCVarValue(type: CVarType, value: CVarValue): string {
  return VALUE_TYPES[type].format(value);
}
