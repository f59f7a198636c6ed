/**
 * Canonical JSON: object keys sorted by code unit at every depth, arrays kept
 * in order, numbers as `JSON.stringify` writes them (`-0` becomes `0`,
 * non-finite numbers `null`). Two equal values always give the same text,
 * which is what `--dump-state` comparison and hashing need.
 *
 * @example
 * ```ts
 * import { canonicalJson } from "./canonical_json.ts";
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 * ```
 *
 * @module
 */

/** A JSON value as the dump uses it (`undefined` properties are left out). */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

function sortKeys(value: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v) ?? null);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, JsonValue> = {};
  // Default sort compares UTF-16 code units: locale independent.
  for (const key of Object.keys(value).sort()) {
    const v = sortKeys((value as Record<string, JsonValue | undefined>)[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * The canonical text of `value`; `indent` spaces pretty-print it (the key
 * order is the same either way).
 *
 * @example
 * ```ts
 * import { canonicalJson } from "./canonical_json.ts";
 * canonicalJson({ z: 1, a: 2 }, 2); // '{\n  "a": 2,\n  "z": 1\n}'
 * ```
 */
export function canonicalJson(value: JsonValue, indent = 0): string {
  return JSON.stringify(sortKeys(value), null, indent || undefined);
}
