/**
 * Checked reads of the fields of a Tiled JSON file: a field that is missing,
 * of the wrong type or out of its range throws a {@linkcode TiledMapError}
 * naming the field and where it is.
 *
 * @module
 */
import { TiledMapError } from "./errors.ts";

/**
 * A value parsed from a Tiled JSON file, not yet checked.
 *
 * @example
 * ```ts
 * import type { Json } from "./tiled_json.ts";
 * const v: Json = JSON.parse("{}");
 * ```
 */
export type Json = unknown;

/**
 * A JSON object's fields.
 *
 * @example
 * ```ts
 * import type { Fields } from "./tiled_json.ts";
 * const f: Fields = { width: 2 };
 * ```
 */
export type Fields = Record<string, Json>;

/**
 * Inclusive bounds of an integer field.
 *
 * @example
 * ```ts
 * import type { IntRange } from "./tiled_json.ts";
 * const sides: IntRange = [1, 4096];
 * ```
 */
export type IntRange = readonly [min: number, max: number];

/**
 * `v` as an object; `what` names it in the error.
 *
 * @example
 * ```ts
 * import { obj } from "./tiled_json.ts";
 * obj({ width: 2 }, "the map").width; // 2
 * ```
 */
export function obj(v: Json, what: string): Fields {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new TiledMapError(`${what} must be an object`);
  }
  return v as Fields;
}

/**
 * The finite number at `o[key]` (or `fallback` when absent).
 *
 * @example
 * ```ts
 * import { num } from "./tiled_json.ts";
 * num({ offsetx: 4.5 }, "offsetx", "layer 'ground'"); // 4.5
 * ```
 */
export function num(o: Fields, key: string, what: string, fallback?: number): number {
  const v = o[key] ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new TiledMapError(`${what} needs a number '${key}'`);
  }
  return v;
}

/**
 * The integer at `o[key]` (or `fallback` when absent) within `range`. Tiled
 * writes only such values for a size, count or id; anything else is a broken
 * or hostile file, named by its field.
 *
 * @example
 * ```ts
 * import { int } from "./tiled_json.ts";
 * int({ width: 2 }, "width", "the map", [1, 100]); // 2
 * int({}, "margin", "tileset 0", [0, 100], 0); // 0
 * ```
 */
export function int(
  o: Fields,
  key: string,
  what: string,
  range: IntRange,
  fallback?: number,
): number {
  const v = num(o, key, what, fallback);
  const [min, max] = range;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new TiledMapError(
      `'${key}' of ${what} must be an integer from ${min} to ${max}, got ${v}`,
    );
  }
  return v;
}

/**
 * Like {@linkcode int}, but `undefined` when the field is absent.
 *
 * @example
 * ```ts
 * import { optionalInt } from "./tiled_json.ts";
 * optionalInt({}, "columns", "tileset 0", [0, 100]); // undefined
 * ```
 */
export function optionalInt(
  o: Fields,
  key: string,
  what: string,
  range: IntRange,
): number | undefined {
  return o[key] === undefined ? undefined : int(o, key, what, range);
}
