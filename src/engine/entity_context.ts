/**
 * Building the entity part of a Lua callback context from the world: only
 * the components an entity has appear; the rest are nil in Lua.
 *
 * @module
 */
import type { GameplayTables } from "../ecs/gameplay/mod.ts";
import {
  colliderRect,
  eidOf,
  Frozen,
  hasComponent,
  Position,
  Rotation,
  Scale,
  ScreenSpace,
  Velocity,
  type World,
} from "../ecs/mod.ts";
import type { EntityContextData, SignalsData } from "../lua/batch_types.ts";

const NO_SIGNALS: SignalsData = Object.freeze({
  scalars: {},
  integers: {},
  strings: {},
  flags: [],
});

/**
 * The context Lua sees for entity `id` (SPEC 3.4), or undefined when it is
 * not alive.
 *
 * @example
 * ```ts ignore
 * const ctx = entityContext(world, tables, id);
 * ```
 */
export function entityContext(
  world: World,
  tables: GameplayTables,
  id: number,
): EntityContextData | undefined {
  const eid = eidOf(world, id);
  if (eid === undefined) return undefined;
  const s = world.components;
  const ctx: EntityContextData = { id };
  const groups = world.groups.of(eid);
  if (groups.length > 0) ctx.group = groups[0];
  if (hasComponent(world, id, Position)) {
    const pos = [s.position.x[eid] ?? 0, s.position.y[eid] ?? 0] as const;
    if (hasComponent(world, id, ScreenSpace)) ctx.screenPos = pos;
    else ctx.pos = pos;
  }
  if (hasComponent(world, id, Velocity)) {
    ctx.vel = [s.velocity.x[eid] ?? 0, s.velocity.y[eid] ?? 0];
    ctx.frozen = hasComponent(world, id, Frozen);
  }
  if (hasComponent(world, id, Rotation)) ctx.rotation = s.rotation.degrees[eid] ?? 0;
  if (hasComponent(world, id, Scale)) ctx.scale = [s.scale.x[eid] ?? 1, s.scale.y[eid] ?? 1];
  const rect = colliderRect(world, id);
  if (rect) ctx.rect = rect;
  const phase = tables.phase.get(eid);
  if (phase) {
    ctx.phase = { name: phase.current, time: phase.timeInPhase };
    if (phase.previous !== null) ctx.phase.previous = phase.previous;
  }
  const timer = tables.luaTimer.get(eid);
  if (timer) {
    ctx.timer = { duration: timer.duration, elapsed: timer.elapsed, callback: timer.callback };
  }
  const signals = world.entitySignals.get(eid);
  if (signals) {
    const snap = signals.snapshot();
    ctx.signals = {
      scalars: snap.scalars,
      integers: snap.integers,
      strings: snap.strings,
      flags: Object.keys(snap.flags),
    };
  } else {
    ctx.signals = NO_SIGNALS;
  }
  const sprite = tables.sprite.get(eid);
  if (sprite) ctx.sprite = { texture: sprite.texture, flipH: sprite.flipX, flipV: sprite.flipY };
  const anim = tables.animation.get(eid);
  if (anim) ctx.animation = { key: anim.key, frame: anim.frame, elapsed: anim.elapsed };
  return ctx;
}
