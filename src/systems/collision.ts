/**
 * Collision detection for Lua collision rules: axis-aligned boxes, a grid
 * broad phase (not all pairs; see overlaps.ts), and a deterministic pair
 * order (rule order, then the first entity's id, then the second's).
 *
 * A rule belongs to the entities that carry it (`with_lua_collision_rule`):
 * it is in force while one of them lives, in the order its first carrier
 * was given it; the same rule carried twice runs once.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import {
  Collider,
  colliderRect,
  colliderRectAt,
  componentTest,
  eidOf,
  hasComponent,
  Position,
  type Rect,
} from "../ecs/mod.ts";
import { type CollisionRule, sameRule } from "../gameplay/mod.ts";
import { Side } from "../lua/batch_types.ts";
import { type Box, BoxList, forEachOverlapIn } from "./overlaps.ts";

/**
 * A rule in force and the eids of the entities that carry it.
 *
 * @example
 * ```ts
 * import type { HeldRule } from "./collision.ts";
 * const held: HeldRule = { rule: { groupA: "ball", groupB: "brick", callback: "hit" }, holders: [4] };
 * ```
 */
export interface HeldRule {
  /** The rule. */
  rule: CollisionRule;
  /** Eids of its carriers, in the order they were given it. */
  holders: number[];
}

/** One overlapping pair that matches a rule. */
export interface CollisionPair {
  /** The rule and its carriers when the pair was found. */
  held: HeldRule;
  /** Lua callback of the rule. */
  callback: string;
  /** Entity in the rule's first group (`ctx.a`). */
  a: number;
  /** Entity in the rule's second group (`ctx.b`). */
  b: number;
  /** Sides of `a` that touched (bitmask of {@linkcode Side}). */
  sidesA: number;
  /** Sides of `b` that touched. */
  sidesB: number;
}

/**
 * The world-space box of entity `id`, or undefined without position and collider.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { eidOf, spawnEntity } from "../ecs/mod.ts";
 * import { colliderBox } from "./collision.ts";
 * const state = createGameState();
 * const eid = eidOf(state.world, spawnEntity(state.world))!;
 * colliderBox(state, eid); // undefined: no position or collider yet
 * ```
 */
export function colliderBox(state: GameState, id: number): Box | undefined {
  // Collisions need a real position; colliderRect alone would place the box at 0, 0.
  if (!hasComponent(state.world, id, Position)) return undefined;
  const r = colliderRect(state.world, id);
  return r && boxOf(id, r);
}

function boxOf(id: number, r: Rect): Box {
  return { id, x0: r.x, y0: r.y, x1: r.x + r.w, y1: r.y + r.h };
}

/**
 * Which sides of `a` and `b` touched, from the axis of least penetration
 * (y grows downwards, so `a` above `b` means a's bottom and b's top).
 *
 * @example
 * ```ts
 * import { touchingSides } from "./collision.ts";
 * const [a, b] = touchingSides({ id: 1, x0: 0, y0: 0, x1: 10, y1: 10 }, { id: 2, x0: 0, y0: 8, x1: 10, y1: 20 });
 * // a === Side.Bottom, b === Side.Top
 * ```
 */
export function touchingSides(a: Box, b: Box): [number, number] {
  return sidesOf(a.x0, a.y0, a.x1, a.y1, b.x0, b.y0, b.x1, b.y1);
}

// touchingSides of the boxes (ax0, ay0)-(ax1, ay1) and (bx0, by0)-(bx1, by1).
function sidesOf(
  ax0: number,
  ay0: number,
  ax1: number,
  ay1: number,
  bx0: number,
  by0: number,
  bx1: number,
  by1: number,
): [number, number] {
  const overlapX = Math.min(ax1, bx1) - Math.max(ax0, bx0);
  const overlapY = Math.min(ay1, by1) - Math.max(ay0, by0);
  if (overlapX < overlapY) {
    return ax0 + ax1 < bx0 + bx1 ? [Side.Right, Side.Left] : [Side.Left, Side.Right];
  }
  return ay0 + ay1 < by0 + by1 ? [Side.Bottom, Side.Top] : [Side.Top, Side.Bottom];
}

// The colliders of a group's members into `out`, their tests and lookups made once per group
// instead of per entity (about half of finding a storm's pairs).
function boxesOf(state: GameState, group: string, out: BoxList): BoxList {
  const world = state.world;
  const hasPosition = componentTest(world, Position), hasCollider = componentTest(world, Collider);
  const r: Rect = { x: 0, y: 0, w: 0, h: 0 };
  out.clear();
  for (const id of world.groups.members(group)) {
    const eid = eidOf(world, id);
    if (eid === undefined || !hasPosition(eid) || !hasCollider(eid)) continue;
    colliderRectAt(world, eid, r);
    out.push(id, r.x, r.y, r.x + r.w, r.y + r.h);
  }
  return out;
}

// Each game's box lists, kept from frame to frame (refilled, not made again).
const boxLists = new WeakMap<GameState, Map<string, BoxList>>();

/**
 * The collision rules of the live entities, each once, in the order their
 * first carrier was given them (ids grow with spawn order, so this is the
 * order the rules were applied in).
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { eidOf, spawnEntity } from "../ecs/mod.ts";
 * import { rulesInForce } from "./collision.ts";
 * const state = createGameState();
 * const eid = eidOf(state.world, spawnEntity(state.world))!;
 * state.gameplay.collisionRules.set(eid, [{ groupA: "ball", groupB: "brick", callback: "hit" }]);
 * console.assert(rulesInForce(state)[0]?.rule.callback === "hit");
 * ```
 */
export function rulesInForce(state: GameState): HeldRule[] {
  const out: HeldRule[] = [];
  const byKey = new Map<string, HeldRule>();
  for (const [eid, rules] of state.gameplay.collisionRules.entries()) {
    for (const rule of rules) {
      const key = `${rule.groupA}\0${rule.groupB}\0${rule.callback}`;
      let held = byKey.get(key);
      if (!held) {
        held = { rule, holders: [] };
        byKey.set(key, held);
        out.push(held);
      }
      held.holders.push(eid);
    }
  }
  return out;
}

/**
 * Whether some entity still carries the rule of `held` (an earlier collision
 * callback of the frame may have despawned its carriers).
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { findCollisions, stillHeld } from "./collision.ts";
 * const state = createGameState();
 * for (const pair of findCollisions(state)) {
 *   if (!stillHeld(state, pair.held)) continue; // an earlier callback removed its carriers
 *   console.log(pair.callback);
 * }
 * ```
 */
export function stillHeld(state: GameState, held: HeldRule): boolean {
  const table = state.gameplay.collisionRules;
  return held.holders.some((eid) => table.get(eid)?.some((r) => sameRule(r, held.rule)) === true);
}

/**
 * All overlapping pairs for the collision rules in force, in deterministic order.
 * Touching edges do not overlap.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { findCollisions } from "./collision.ts";
 * const state = createGameState();
 * for (const pair of findCollisions(state)) console.log(pair.callback, pair.a, pair.b);
 * ```
 */
export function findCollisions(state: GameState): CollisionPair[] {
  const out: CollisionPair[] = [];
  let lists = boxLists.get(state);
  if (lists === undefined) boxLists.set(state, lists = new Map());
  const filled = new Set<string>();
  const boxes = (g: string) => {
    let list = lists.get(g);
    if (list === undefined) lists.set(g, list = new BoxList());
    if (!filled.has(g)) (boxesOf(state, g, list), filled.add(g));
    return list;
  };
  for (const held of rulesInForce(state)) {
    const { rule } = held;
    const found: CollisionPair[] = [];
    const same = rule.groupA === rule.groupB;
    const as = boxes(rule.groupA), bs = boxes(rule.groupB);
    forEachOverlapIn(as, bs, (i, j) => {
      const a = as.ids[i]!, b = bs.ids[j]!;
      // One pair per two entities when both groups are the same.
      if (same && b < a) return;
      const [sidesA, sidesB] = sidesOf(
        as.x0[i]!,
        as.y0[i]!,
        as.x1[i]!,
        as.y1[i]!,
        bs.x0[j]!,
        bs.y0[j]!,
        bs.x1[j]!,
        bs.y1[j]!,
      );
      found.push({ held, callback: rule.callback, a, b, sidesA, sidesB });
    });
    found.sort((p, q) => p.a - q.a || p.b - q.b);
    // One by one: spreading many pairs as arguments overflows the stack.
    for (const pair of found) out.push(pair);
  }
  // Groups no rule names now need no lists.
  for (const g of lists.keys()) if (!filled.has(g)) lists.delete(g);
  return out;
}
