/**
 * Time- and motion-driven per-entity data: Lua timers, collision rules, TTL,
 * tweens, stuckto and mouse control.
 *
 * @module
 */

import { EASINGS as API_EASINGS } from "../api/decl/common.ts";

/**
 * A repeating Lua timer: `callback` runs every `duration` seconds.
 *
 * @example
 * ```ts
 * import type { LuaTimer } from "./motion_data.ts";
 * const t: LuaTimer = { duration: 1, elapsed: 0, callback: "on_tick" };
 * ```
 */
export interface LuaTimer {
  /** Period in seconds. */
  duration: number;
  /** Seconds since the last firing. */
  elapsed: number;
  /** Global Lua function name. */
  callback: string;
}

/**
 * A Lua collision rule carried by an entity: `callback` runs for each
 * overlapping pair of an entity of `groupA` and one of `groupB`, for as long
 * as some live entity carries the rule.
 *
 * @example
 * ```ts
 * import type { CollisionRule } from "./motion_data.ts";
 * const r: CollisionRule = { groupA: "ball", groupB: "brick", callback: "on_hit" };
 * ```
 */
export interface CollisionRule {
  /** Group of `ctx.a`. */
  groupA: string;
  /** Group of `ctx.b`. */
  groupB: string;
  /** Global Lua function name. */
  callback: string;
}

/**
 * Whether two rules name the same groups and callback.
 *
 * @example
 * ```ts
 * import { sameRule } from "./motion_data.ts";
 * const r = { groupA: "ball", groupB: "brick", callback: "on_hit" };
 * console.assert(sameRule(r, { ...r }) && !sameRule(r, { ...r, callback: "other" }));
 * ```
 */
export function sameRule(a: CollisionRule, b: CollisionRule): boolean {
  return a.groupA === b.groupA && a.groupB === b.groupB && a.callback === b.callback;
}

/**
 * Time to live: the entity is despawned once `elapsed` reaches `duration`.
 *
 * @example
 * ```ts
 * import type { Ttl } from "./motion_data.ts";
 * const t: Ttl = { duration: 2, elapsed: 0 };
 * ```
 */
export interface Ttl {
  /** Lifetime in seconds. */
  duration: number;
  /** Seconds lived so far. */
  elapsed: number;
}

/**
 * Easing names accepted by tweens.
 *
 * @example
 * ```ts
 * import { EASINGS } from "./motion_data.ts";
 * console.assert(EASINGS.includes("bounce_out"));
 * ```
 */
export const EASINGS: readonly Easing[] = API_EASINGS;

// The API declaration is the one list; Easing spells it out so the public
// type names no private symbol (deno doc --lint). These lines fail to
// type-check if the two ever differ.
type Missing =
  | Exclude<typeof API_EASINGS[number], Easing>
  | Exclude<Easing, typeof API_EASINGS[number]>;
const sameNames: [Missing] extends [never] ? true : never = true;
void sameNames;

/**
 * One easing name.
 *
 * @example
 * ```ts
 * import type { Easing } from "./motion_data.ts";
 * const e: Easing = "quad_out";
 * ```
 */
export type Easing =
  | "linear"
  | "quad_in"
  | "quad_out"
  | "quad_in_out"
  | "cubic_in"
  | "cubic_out"
  | "cubic_in_out"
  | "sine_in"
  | "sine_out"
  | "sine_in_out"
  | "expo_in"
  | "expo_out"
  | "expo_in_out"
  | "back_in"
  | "back_out"
  | "back_in_out"
  | "bounce_out";

/**
 * What a tween does at its end.
 *
 * @example
 * ```ts
 * import type { TweenLoop } from "./motion_data.ts";
 * const l: TweenLoop = "ping_pong";
 * ```
 */
export type TweenLoop = "once" | "loop" | "ping_pong";

/**
 * The property a tween drives.
 *
 * @example
 * ```ts
 * import { TWEEN_TARGETS } from "./motion_data.ts";
 * console.assert(TWEEN_TARGETS.length === 3);
 * ```
 */
export const TWEEN_TARGETS = ["position", "rotation", "scale"] as const;

/**
 * One of {@linkcode TWEEN_TARGETS}.
 *
 * @example
 * ```ts
 * import type { TweenTarget } from "./motion_data.ts";
 * const t: TweenTarget = "scale";
 * ```
 */
export type TweenTarget = typeof TWEEN_TARGETS[number];

/**
 * A tween from `from` to `to` (one value for rotation, two otherwise).
 *
 * @example
 * ```ts
 * import { newTween } from "./motion_data.ts";
 * const t = newTween([0, 0], [100, 0], 2);
 * console.assert(t.easing === "linear" && t.loop === "once");
 * ```
 */
export interface Tween {
  /** Start value(s). */
  from: number[];
  /** End value(s). */
  to: number[];
  /** Seconds from `from` to `to`. */
  duration: number;
  /** Seconds elapsed. */
  elapsed: number;
  /** Easing curve. */
  easing: Easing;
  /** End behaviour. */
  loop: TweenLoop;
  /** Run from `to` to `from`. */
  backwards: boolean;
}

/**
 * A linear, play-once, forward tween.
 *
 * @example
 * ```ts
 * import { newTween } from "./motion_data.ts";
 * console.assert(newTween([0], [90], 1).to[0] === 90);
 * ```
 */
export function newTween(from: number[], to: number[], duration: number): Tween {
  return { from, to, duration, elapsed: 0, easing: "linear", loop: "once", backwards: false };
}

/**
 * The tweens of one entity, at most one per target.
 *
 * @example
 * ```ts
 * import type { EntityTweens } from "./motion_data.ts";
 * const t: EntityTweens = {};
 * ```
 */
export type EntityTweens = { [T in TweenTarget]?: Tween };

/**
 * The entity follows `target` (public id) on the chosen axes at `offset`;
 * the stored velocity is restored on release.
 *
 * @example
 * ```ts
 * import type { StuckTo } from "./motion_data.ts";
 * const s: StuckTo = {
 *   target: 1, followX: true, followY: false, offsetX: 0, offsetY: -10,
 *   storedVx: 0, storedVy: 0,
 * };
 * ```
 */
export interface StuckTo {
  /** Public id of the entity followed. */
  target: number;
  /** Follow on x. */
  followX: boolean;
  /** Follow on y. */
  followY: boolean;
  /** Offset from the target on x. */
  offsetX: number;
  /** Offset from the target on y. */
  offsetY: number;
  /** Velocity x restored on release. */
  storedVx: number;
  /** Velocity y restored on release. */
  storedVy: number;
}

/**
 * The entity follows the mouse on the chosen axes.
 *
 * @example
 * ```ts
 * import type { MouseControlled } from "./motion_data.ts";
 * const m: MouseControlled = { followX: true, followY: false };
 * ```
 */
export interface MouseControlled {
  /** Follow on x. */
  followX: boolean;
  /** Follow on y. */
  followY: boolean;
}
