/**
 * Animation state and the animation controller (a fallback animation plus
 * rules choosing another one from entity signals), kept as plain data.
 *
 * @module
 */
import type { LuaTable } from "../api/mod.ts";
import { arrayPart, isTable, numberField, stringField } from "./lua_table.ts";

/**
 * The animation an entity plays and where it is in it.
 *
 * @example
 * ```ts
 * import type { AnimationState } from "./animation_data.ts";
 * const a: AnimationState = { key: "walk", frame: 0, elapsed: 0 };
 * ```
 */
export interface AnimationState {
  /** Registered animation key. */
  key: string;
  /** Current frame index. */
  frame: number;
  /** Seconds spent in the current frame. */
  elapsed: number;
}

/**
 * A condition over entity signals, from the Lua condition tables of
 * `with_animation_rule`.
 *
 * @example
 * ```ts
 * import type { AnimationCondition } from "./animation_data.ts";
 * const c: AnimationCondition = { kind: "has_flag", key: "jumping" };
 * ```
 */
export type AnimationCondition =
  | { kind: "has_flag"; key: string }
  | { kind: "scalar" | "integer"; key: string; op: "gt" | "lt" | "eq"; value: number }
  | { kind: "all" | "any"; of: AnimationCondition[] }
  | { kind: "not"; of: AnimationCondition };

/**
 * Fallback animation plus rules; the first rule whose condition holds wins.
 *
 * @example
 * ```ts
 * import type { AnimationController } from "./animation_data.ts";
 * const c: AnimationController = { fallback: "idle", rules: [] };
 * ```
 */
export interface AnimationController {
  /** Played when no rule matches. */
  fallback: string;
  /** Rules in the order they were added. */
  rules: { condition: AnimationCondition; anim: string }[];
}

/**
 * Parse a Lua condition table (`{has_flag=k}`, `{scalar=k, gt|lt|eq=v}`,
 * `{integer=k, ...}`, `{all={..}}`, `{any={..}}`, `{["not"]=c}`); `undefined`
 * when it has none of these shapes.
 *
 * @example
 * ```ts
 * import { parseCondition } from "./animation_data.ts";
 * const c = parseCondition(new Map<string, string | number>([["scalar", "speed"], ["gt", 10]]));
 * console.assert(c?.kind === "scalar");
 * ```
 */
export function parseCondition(t: LuaTable): AnimationCondition | undefined {
  const flag = stringField(t, "has_flag");
  if (flag !== undefined) return { kind: "has_flag", key: flag };
  for (const kind of ["scalar", "integer"] as const) {
    const key = stringField(t, kind);
    if (key === undefined) continue;
    for (const op of ["gt", "lt", "eq"] as const) {
      const value = numberField(t, op);
      if (value !== undefined) return { kind, key, op, value };
    }
    return undefined;
  }
  for (const kind of ["all", "any"] as const) {
    const list = t.get(kind);
    if (!isTable(list)) continue;
    const of: AnimationCondition[] = [];
    for (const item of arrayPart(list)) {
      const c = isTable(item) ? parseCondition(item) : undefined;
      if (c === undefined) return undefined;
      of.push(c);
    }
    return { kind, of };
  }
  const inner = t.get("not");
  if (isTable(inner)) {
    const of = parseCondition(inner);
    return of === undefined ? undefined : { kind: "not", of };
  }
  return undefined;
}
