/**
 * Validation of signal keys and values, shared by entity and world signals.
 *
 * Values come from Lua through decoded commands, so the checks are at run
 * time even though the types already say the same.
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * Thrown when a signal key or value has the wrong kind.
 *
 * @example
 * ```ts
 * import { InvalidSignalValueError, Signals } from "./mod.ts";
 * try {
 *   new Signals().setInteger("lives", 1.5);
 * } catch (e) {
 *   console.assert(e instanceof InvalidSignalValueError);
 * }
 * ```
 */
export class InvalidSignalValueError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "INVALID_SIGNAL_VALUE";
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * A check for one kind of signal value: the message says what was expected.
 *
 * @example
 * ```ts
 * import { checkValue, INTEGER } from "./validate.ts";
 * checkValue(INTEGER, "score", 10);
 * ```
 */
export interface ValueKind {
  /** Category named in messages, e.g. "Integer". */
  readonly label: string;
  /** What a valid value is, e.g. "a safe integer". */
  readonly expected: string;
  /** Whether `value` is valid. */
  readonly test: (value: unknown) => boolean;
}

/**
 * Any number except NaN.
 *
 * @example
 * ```ts
 * import { SCALAR } from "./validate.ts";
 * console.assert(SCALAR.test(Infinity) && !SCALAR.test(NaN));
 * ```
 */
export const SCALAR: ValueKind = {
  label: "Scalar",
  expected: "a number",
  test: (v) => typeof v === "number" && !Number.isNaN(v),
};

/**
 * An integer exactly representable as a double.
 *
 * @example
 * ```ts
 * import { INTEGER } from "./validate.ts";
 * console.assert(INTEGER.test(3) && !INTEGER.test(3.5));
 * ```
 */
export const INTEGER: ValueKind = {
  label: "Integer",
  expected: "a safe integer",
  test: Number.isSafeInteger,
};

/**
 * Any string.
 *
 * @example
 * ```ts
 * import { STRING } from "./validate.ts";
 * console.assert(STRING.test("") && !STRING.test(1));
 * ```
 */
export const STRING: ValueKind = {
  label: "String",
  expected: "a string",
  test: (v) => typeof v === "string",
};

/**
 * A public entity id: a positive safe integer.
 *
 * @example
 * ```ts
 * import { ENTITY_ID } from "./validate.ts";
 * console.assert(ENTITY_ID.test(1) && !ENTITY_ID.test(0));
 * ```
 */
export const ENTITY_ID: ValueKind = {
  label: "Entity",
  expected: "a positive integer id",
  test: (v) => Number.isSafeInteger(v) && (v as number) > 0,
};

/**
 * Throw {@linkcode InvalidSignalValueError} unless `key` is a string and
 * `value` is of `kind`.
 *
 * @example
 * ```ts
 * import { checkValue, STRING } from "./validate.ts";
 * checkValue(STRING, "scene", "menu");
 * ```
 */
export function checkValue(kind: ValueKind, key: string, value: unknown): void {
  checkKey(key);
  if (!kind.test(value)) {
    throw new InvalidSignalValueError(
      `${kind.label} signal "${key}" must be ${kind.expected}, got ${describe(value)}`,
    );
  }
}

/**
 * Throw {@linkcode InvalidSignalValueError} unless `key` is a string.
 *
 * @example
 * ```ts
 * import { checkKey } from "./validate.ts";
 * checkKey("paused");
 * ```
 */
export function checkKey(key: string): void {
  if (typeof key !== "string") {
    throw new InvalidSignalValueError(`Signal key must be a string, got ${describe(key)}`);
  }
}
