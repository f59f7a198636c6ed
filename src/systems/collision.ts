/**
 * Collision detection for Lua collision rules: axis-aligned boxes, a
 * sort-and-sweep broad phase (not all pairs), and a deterministic pair
 * order (rule order, then the first entity's id, then the second's).
 *
 * @module
 */
import type { GameState } from "../commands/game_state.ts";
import { colliderRect, hasComponent, Position } from "../ecs/mod.ts";
import { Side } from "../lua/batch_types.ts";

/** One overlapping pair that matches a rule. */
export interface CollisionPair {
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

interface Box {
  id: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The world-space box of entity `id`, or undefined without position and collider.
 *
 * @example
 * ```ts ignore
 * const box = colliderBox(state, 3);
 * ```
 */
export function colliderBox(state: GameState, id: number): Box | undefined {
  // Collisions need a real position; colliderRect alone would place the box at 0, 0.
  if (!hasComponent(state.world, id, Position)) return undefined;
  const r = colliderRect(state.world, id);
  return r && { id, x0: r.x, y0: r.y, x1: r.x + r.w, y1: r.y + r.h };
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
  const overlapX = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const overlapY = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  if (overlapX < overlapY) {
    return a.x0 + a.x1 < b.x0 + b.x1 ? [Side.Right, Side.Left] : [Side.Left, Side.Right];
  }
  return a.y0 + a.y1 < b.y0 + b.y1 ? [Side.Bottom, Side.Top] : [Side.Top, Side.Bottom];
}

function boxesOf(state: GameState, group: string): Box[] {
  const out: Box[] = [];
  for (const id of state.world.groups.members(group)) {
    const box = colliderBox(state, id);
    if (box) out.push(box);
  }
  return out;
}

/**
 * All overlapping pairs for the state's collision rules, in deterministic order.
 * Touching edges do not overlap.
 *
 * @example
 * ```ts ignore
 * for (const pair of findCollisions(state)) console.log(pair.callback, pair.a, pair.b);
 * ```
 */
export function findCollisions(state: GameState): CollisionPair[] {
  const out: CollisionPair[] = [];
  const cache = new Map<string, Box[]>();
  const boxes = (g: string) => {
    let list = cache.get(g);
    if (!list) cache.set(g, list = boxesOf(state, g).sort((p, q) => p.x0 - q.x0 || p.id - q.id));
    return list;
  };
  for (const rule of state.collisionRules) {
    const as = boxes(rule.groupA);
    const bs = boxes(rule.groupB);
    const found: CollisionPair[] = [];
    // Sweep along x: both lists are sorted by left edge.
    let start = 0;
    for (const a of as) {
      while (start < bs.length && (bs[start] as Box).x1 <= a.x0) start++;
      for (let j = start; j < bs.length; j++) {
        const b = bs[j] as Box;
        if (b.x0 >= a.x1) break;
        if (b.x1 <= a.x0 || b.id === a.id) continue;
        if (b.y0 >= a.y1 || b.y1 <= a.y0) continue;
        // One pair per two entities when both groups are the same.
        if (rule.groupA === rule.groupB && b.id < a.id) continue;
        const [sidesA, sidesB] = touchingSides(a, b);
        found.push({ callback: rule.callback, a: a.id, b: b.id, sidesA, sidesB });
      }
    }
    found.sort((p, q) => p.a - q.a || p.b - q.b);
    // One by one: spreading many pairs as arguments overflows the stack.
    for (const pair of found) out.push(pair);
  }
  return out;
}
