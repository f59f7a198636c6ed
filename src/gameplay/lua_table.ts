/**
 * Reading decoded Lua tables (`LuaTable` maps) into typed gameplay data.
 * Every reader returns `undefined` for a missing or mistyped field so parsers
 * can report one clear problem instead of throwing deep inside.
 *
 * @module
 */
import type { LuaTable, LuaValue } from "../api/mod.ts";

/**
 * Whether `value` is a Lua table.
 *
 * @example
 * ```ts
 * import { isTable } from "./lua_table.ts";
 * console.assert(isTable(new Map()) && !isTable(3));
 * ```
 */
export function isTable(value: LuaValue | undefined): value is LuaTable {
  return value instanceof Map;
}

/**
 * Number field `key` of `t`, or `undefined`.
 *
 * @example
 * ```ts
 * import { numberField } from "./lua_table.ts";
 * console.assert(numberField(new Map([["rate", 4]]), "rate") === 4);
 * ```
 */
export function numberField(t: LuaTable, key: string | number): number | undefined {
  const v = t.get(key);
  return typeof v === "number" ? v : undefined;
}

/**
 * String field `key` of `t`, or `undefined`.
 *
 * @example
 * ```ts
 * import { stringField } from "./lua_table.ts";
 * console.assert(stringField(new Map([["id", "play"]]), "id") === "play");
 * ```
 */
export function stringField(t: LuaTable, key: string | number): string | undefined {
  const v = t.get(key);
  return typeof v === "string" ? v : undefined;
}

/**
 * Table field `key` of `t`, or `undefined`.
 *
 * @example
 * ```ts
 * import { tableField } from "./lua_table.ts";
 * console.assert(tableField(new Map([["a", new Map()]]), "a")?.size === 0);
 * ```
 */
export function tableField(t: LuaTable, key: string | number): LuaTable | undefined {
  const v = t.get(key);
  return isTable(v) ? v : undefined;
}

/**
 * The array part of `t` (`t[1]`, `t[2]`, ... up to the first gap).
 *
 * @example
 * ```ts
 * import { arrayPart } from "./lua_table.ts";
 * console.assert(arrayPart(new Map([[1, "a"], [2, "b"]])).join() === "a,b");
 * ```
 */
export function arrayPart(t: LuaTable): LuaValue[] {
  const out: LuaValue[] = [];
  for (let i = 1; t.has(i); i++) out.push(t.get(i)!);
  return out;
}

/**
 * A pair of numbers from `{a, b}` or `{x=, y=}` (or `{min=, max=}`), or `undefined`.
 *
 * @example
 * ```ts
 * import { numberPair } from "./lua_table.ts";
 * console.assert(numberPair(new Map([[1, 2], [2, 5]]))?.[1] === 5);
 * ```
 */
export function numberPair(value: LuaValue | undefined): [number, number] | undefined {
  if (typeof value === "number") return [value, value];
  if (!isTable(value)) return undefined;
  for (const [a, b] of [[1, 2], ["x", "y"], ["min", "max"]] as const) {
    const first = numberField(value, a);
    const second = numberField(value, b);
    if (first !== undefined && second !== undefined) return [first, second];
  }
  return undefined;
}

/**
 * An RGBA colour from `{r, g, b, a?}` or `{r=, g=, b=, a=}` (0..255, alpha
 * defaults to 255), or `undefined`.
 *
 * @example
 * ```ts
 * import { colorOf } from "./lua_table.ts";
 * console.assert(colorOf(new Map([[1, 255], [2, 0], [3, 0]]))?.[3] === 255);
 * ```
 */
export function colorOf(value: LuaValue | undefined): Rgba | undefined {
  if (!isTable(value)) return undefined;
  const keys = value.has(1) ? [1, 2, 3, 4] : ["r", "g", "b", "a"];
  const channels = keys.map((k) => numberField(value, k));
  const [r, g, b, a] = channels;
  if (r === undefined || g === undefined || b === undefined) return undefined;
  return [r, g, b, a ?? 255];
}

export type { Rgba } from "../core/render_types.ts";
import type { Rgba } from "../core/render_types.ts";
