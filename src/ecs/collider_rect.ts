/**
 * The world-space box of an entity's collider: the collider's origin is the
 * point of the box at the entity's position, then the offset moves the box.
 *
 * @module
 */
import { Collider } from "./components.ts";
import { hasComponent } from "./entity_components.ts";
import { eidOf } from "./entity_lookup.ts";
import type { World } from "./world.ts";

/**
 * An axis-aligned box: top-left corner and size.
 *
 * @example
 * ```ts
 * import type { Rect } from "./collider_rect.ts";
 * const overlap = (a: Rect, b: Rect) =>
 *   a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
 * ```
 */
export interface Rect {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width. */
  w: number;
  /** Height. */
  h: number;
}

/**
 * The collider box of entity `id` in world space, or undefined when it is
 * dead or has no collider (a missing position counts as 0, 0).
 *
 * @example
 * ```ts
 * import { Collider, colliderRect, createWorld, Position, setComponent, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * setComponent(world, id, Position, { x: 100, y: 50 });
 * setComponent(world, id, Collider, { w: 10, h: 4, originX: 5, originY: 2 });
 * colliderRect(world, id); // { x: 95, y: 48, w: 10, h: 4 }
 * ```
 */
export function colliderRect(world: World, id: number): Rect | undefined {
  const eid = eidOf(world, id);
  if (eid === undefined || !hasComponent(world, id, Collider)) return undefined;
  return colliderRectAt(world, eid, { x: 0, y: 0, w: 0, h: 0 });
}

/**
 * {@linkcode colliderRect} of the entity at internal `eid`, which has a collider, written into
 * `out`: for loops over many entities, which look their ids up once and reuse one rect.
 *
 * @example
 * ```ts
 * import { Collider, colliderRectAt, createWorld, eidOf, setComponent, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * setComponent(world, id, Collider, { w: 10, h: 4 });
 * colliderRectAt(world, eidOf(world, id)!, { x: 0, y: 0, w: 0, h: 0 }); // { x: 0, y: 0, w: 10, h: 4 }
 * ```
 */
export function colliderRectAt(world: World, eid: number, out: Rect): Rect {
  const c = world.components.collider;
  const p = world.components.position;
  out.x = (p.x[eid] ?? 0) - (c.originX[eid] ?? 0) + (c.offsetX[eid] ?? 0);
  out.y = (p.y[eid] ?? 0) - (c.originY[eid] ?? 0) + (c.offsetY[eid] ?? 0);
  out.w = c.w[eid] ?? 0;
  out.h = c.h[eid] ?? 0;
  return out;
}
