/**
 * A minimal stand-in for `jsr:@std/assert` with the same names and signatures
 * for the functions Moonglow uses. JSR cannot be reached from the machines this
 * project is built on; switching to the real package is a one-line change in
 * `deno.json`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals({ a: 1 }, { a: 1 });
 * ```
 *
 * @module
 */
import { inspect, isDeepStrictEqual } from "node:util";

/**
 * Error thrown when an assertion fails.
 *
 * @example
 * ```ts
 * import { AssertionError } from "@std/assert";
 * const e = new AssertionError("boom");
 * ```
 */
export class AssertionError extends Error {
  /** Create an assertion error with a message. */
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

function show(v: unknown): string {
  return inspect(v, { depth: 6, breakLength: 100, sorted: true });
}

function suffix(msg?: string): string {
  return msg ? `: ${msg}` : "";
}

/**
 * Assert that `expr` is truthy.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * assert(1 + 1 === 2);
 * ```
 */
export function assert(expr: unknown, msg = ""): asserts expr {
  if (!expr) throw new AssertionError(msg || "Expected expression to be truthy");
}

/**
 * Assert that two values are deeply equal.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals([1, 2], [1, 2]);
 * ```
 */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  if (isDeepStrictEqual(actual, expected)) return;
  if (Object.is(actual, expected)) return;
  throw new AssertionError(
    `Values are not equal${suffix(msg)}\n  actual:   ${show(actual)}\n  expected: ${
      show(expected)
    }`,
  );
}

/**
 * Assert that two values are not deeply equal.
 *
 * @example
 * ```ts
 * import { assertNotEquals } from "@std/assert";
 * assertNotEquals(1, 2);
 * ```
 */
export function assertNotEquals<T>(actual: T, expected: T, msg?: string): void {
  if (!isDeepStrictEqual(actual, expected)) return;
  throw new AssertionError(`Expected actual to differ from ${show(expected)}${suffix(msg)}`);
}

/**
 * Assert that two values are strictly equal (`Object.is`).
 *
 * @example
 * ```ts
 * import { assertStrictEquals } from "@std/assert";
 * assertStrictEquals("a", "a");
 * ```
 */
export function assertStrictEquals<T>(
  actual: unknown,
  expected: T,
  msg?: string,
): asserts actual is T {
  if (Object.is(actual, expected)) return;
  throw new AssertionError(
    `Values are not strictly equal${suffix(msg)}\n  actual:   ${show(actual)}\n  expected: ${
      show(expected)
    }`,
  );
}

/**
 * Assert that `actual` is neither `null` nor `undefined`.
 *
 * @example
 * ```ts
 * import { assertExists } from "@std/assert";
 * assertExists(0);
 * ```
 */
export function assertExists<T>(actual: T, msg?: string): asserts actual is NonNullable<T> {
  if (actual === null || actual === undefined) {
    throw new AssertionError(`Expected a value, got ${actual}${suffix(msg)}`);
  }
}

/**
 * Assert that two numbers are within `tolerance` of each other.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(0.1 + 0.2, 0.3);
 * ```
 */
export function assertAlmostEquals(
  actual: number,
  expected: number,
  tolerance = 1e-7,
  msg?: string,
): void {
  if (Object.is(actual, expected)) return;
  if (Math.abs(actual - expected) <= tolerance) return;
  throw new AssertionError(
    `Expected ${actual} to be within ${tolerance} of ${expected}${suffix(msg)}`,
  );
}

/**
 * Assert that `actual` is greater than `expected`.
 *
 * @example
 * ```ts
 * import { assertGreater } from "@std/assert";
 * assertGreater(2, 1);
 * ```
 */
export function assertGreater<T>(actual: T, expected: T, msg?: string): void {
  if (actual > expected) return;
  throw new AssertionError(`Expected ${show(actual)} > ${show(expected)}${suffix(msg)}`);
}

/**
 * Assert that `actual` is greater than or equal to `expected`.
 *
 * @example
 * ```ts
 * import { assertGreaterOrEqual } from "@std/assert";
 * assertGreaterOrEqual(2, 2);
 * ```
 */
export function assertGreaterOrEqual<T>(actual: T, expected: T, msg?: string): void {
  if (actual >= expected) return;
  throw new AssertionError(`Expected ${show(actual)} >= ${show(expected)}${suffix(msg)}`);
}

/**
 * Assert that `actual` is less than `expected`.
 *
 * @example
 * ```ts
 * import { assertLess } from "@std/assert";
 * assertLess(1, 2);
 * ```
 */
export function assertLess<T>(actual: T, expected: T, msg?: string): void {
  if (actual < expected) return;
  throw new AssertionError(`Expected ${show(actual)} < ${show(expected)}${suffix(msg)}`);
}

/**
 * Assert that `actual` is less than or equal to `expected`.
 *
 * @example
 * ```ts
 * import { assertLessOrEqual } from "@std/assert";
 * assertLessOrEqual(2, 2);
 * ```
 */
export function assertLessOrEqual<T>(actual: T, expected: T, msg?: string): void {
  if (actual <= expected) return;
  throw new AssertionError(`Expected ${show(actual)} <= ${show(expected)}${suffix(msg)}`);
}

/**
 * Assert that a string matches a regular expression.
 *
 * @example
 * ```ts
 * import { assertMatch } from "@std/assert";
 * assertMatch("moonglow", /glow/);
 * ```
 */
export function assertMatch(actual: string, expected: RegExp, msg?: string): void {
  if (expected.test(actual)) return;
  throw new AssertionError(`Expected ${show(actual)} to match ${expected}${suffix(msg)}`);
}

/**
 * Assert that a string contains a substring.
 *
 * @example
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 * assertStringIncludes("moonglow", "glow");
 * ```
 */
export function assertStringIncludes(actual: string, expected: string, msg?: string): void {
  if (actual.includes(expected)) return;
  throw new AssertionError(`Expected ${show(actual)} to include ${show(expected)}${suffix(msg)}`);
}

/**
 * Assert that an array contains all the given values.
 *
 * @example
 * ```ts
 * import { assertArrayIncludes } from "@std/assert";
 * assertArrayIncludes([1, 2, 3], [2]);
 * ```
 */
export function assertArrayIncludes<T>(
  actual: ArrayLike<T>,
  expected: ArrayLike<T>,
  msg?: string,
): void {
  const missing: T[] = [];
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i] as T;
    let found = false;
    for (let j = 0; j < actual.length; j++) {
      if (isDeepStrictEqual(actual[j], want)) {
        found = true;
        break;
      }
    }
    if (!found) missing.push(want);
  }
  if (missing.length === 0) return;
  throw new AssertionError(`Expected ${show(actual)} to include ${show(missing)}${suffix(msg)}`);
}

/**
 * Assert that `actual` is an instance of `type`.
 *
 * @example
 * ```ts
 * import { assertInstanceOf } from "@std/assert";
 * assertInstanceOf(new Error("x"), Error);
 * ```
 */
// deno-lint-ignore no-explicit-any
export function assertInstanceOf<T extends abstract new (...args: any[]) => unknown>(
  actual: unknown,
  type: T,
  msg?: string,
): asserts actual is InstanceType<T> {
  if (actual instanceof type) return;
  throw new AssertionError(
    `Expected an instance of ${type.name}, got ${show(actual)}${suffix(msg)}`,
  );
}

/**
 * Throw an assertion error unconditionally.
 *
 * @example
 * ```ts
 * import { fail } from "@std/assert";
 * try { fail("never"); } catch { /* expected *\/ }
 * ```
 */
export function fail(msg?: string): never {
  throw new AssertionError(`Failed assertion${suffix(msg)}`);
}

/**
 * Assert that an expression is never reached.
 *
 * @example
 * ```ts
 * import { unreachable } from "@std/assert";
 * const f = (x: 1) => x === 1 ? x : unreachable();
 * ```
 */
export function unreachable(msg?: string): never {
  throw new AssertionError(msg ?? "Unreachable");
}

// deno-lint-ignore no-explicit-any
type ErrorClass<E extends Error> = new (...args: any[]) => E;

function checkError<E extends Error>(
  err: unknown,
  ErrorClass?: ErrorClass<E>,
  msgIncludes?: string,
  msg?: string,
): E {
  if (ErrorClass && !(err instanceof ErrorClass)) {
    throw new AssertionError(
      `Expected error to be instance of "${ErrorClass.name}", but was "${
        (err as Error)?.constructor?.name
      }"${suffix(msg)}: ${show(err)}`,
    );
  }
  if (msgIncludes !== undefined) {
    const text = err instanceof Error ? err.message : String(err);
    if (!text.includes(msgIncludes)) {
      throw new AssertionError(
        `Expected error message to include ${show(msgIncludes)}, but got ${show(text)}${
          suffix(msg)
        }`,
      );
    }
  }
  return err as E;
}

/**
 * Assert that `fn` throws, optionally of a class and with a message fragment.
 * Returns the thrown error.
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * assertThrows(() => { throw new TypeError("bad"); }, TypeError, "bad");
 * ```
 */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  ErrorClass?: ErrorClass<E>,
  msgIncludes?: string,
  msg?: string,
): E {
  try {
    fn();
  } catch (err) {
    return checkError(err, ErrorClass, msgIncludes, msg);
  }
  throw new AssertionError(`Expected function to throw${suffix(msg)}`);
}

/**
 * Assert that the promise returned by `fn` rejects. Returns the error.
 *
 * @example
 * ```ts
 * import { assertRejects } from "@std/assert";
 * await assertRejects(() => Promise.reject(new Error("no")), Error, "no");
 * ```
 */
export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  ErrorClass?: ErrorClass<E>,
  msgIncludes?: string,
  msg?: string,
): Promise<E> {
  try {
    await fn();
  } catch (err) {
    return checkError(err, ErrorClass, msgIncludes, msg);
  }
  throw new AssertionError(`Expected promise to reject${suffix(msg)}`);
}
