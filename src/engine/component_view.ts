/**
 * What `ecs.getComponent(id, name)` reads: each entity's components under
 * the names `ecs.addComponent` accepts, built from
 * the world for the snapshot.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import {
  aliveIds,
  eidOf,
  Friction,
  Frozen,
  hasComponent,
  Position,
  Rotation,
  Scale,
  Velocity,
} from "../ecs/mod.ts";
import type { LuaRecord, LuaValue } from "../lua/tagged_value.ts";

/**
 * The component view of every live entity, keyed by id (entities with no
 * viewable component are left out).
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { componentView } from "./component_view.ts";
 * const view = componentView(createGameState());
 * view.get(3); // { Transform: { x, y, rotation, sx, sy }, Position: { x, y }, ... } for entity 3
 * ```
 */
export function componentView(state: GameState): Map<number, LuaValue> {
  const { world, gameplay } = state;
  const s = world.components;
  const out = new Map<number, LuaValue>();
  for (const id of aliveIds(world)) {
    const eid = eidOf(world, id);
    if (eid === undefined) continue;
    const c: LuaRecord = {};
    const rotation = hasComponent(world, id, Rotation) ? s.rotation.degrees[eid] ?? 0 : 0;
    const sx = hasComponent(world, id, Scale) ? s.scale.x[eid] ?? 1 : 1;
    const sy = hasComponent(world, id, Scale) ? s.scale.y[eid] ?? 1 : 1;
    if (hasComponent(world, id, Position)) {
      const x = s.position.x[eid] ?? 0;
      const y = s.position.y[eid] ?? 0;
      c.Position = { x, y };
      c.Transform = { x, y, rotation, sx, sy };
    }
    if (hasComponent(world, id, Velocity)) {
      c.Velocity = { x: s.velocity.x[eid] ?? 0, y: s.velocity.y[eid] ?? 0 };
    }
    if (hasComponent(world, id, Rotation)) c.Rotation = { degrees: rotation };
    if (hasComponent(world, id, Scale)) c.Scale = { x: sx, y: sy };
    if (hasComponent(world, id, Friction)) c.Friction = { value: s.friction.value[eid] ?? 0 };
    if (hasComponent(world, id, Frozen)) c.Frozen = {};
    const tint = gameplay.tint.get(eid);
    if (tint) c.Tint = { r: tint[0], g: tint[1], b: tint[2], a: tint[3] };
    const ttl = gameplay.ttl.get(eid);
    if (ttl) c.TTL = { seconds: ttl.duration - ttl.elapsed };
    const anim = gameplay.animation.get(eid);
    if (anim) c.Animation = { key: anim.key };
    const shader = gameplay.shader.get(eid);
    if (shader) c.Shader = { key: shader.key };
    if (Object.keys(c).length > 0) out.set(id, c);
  }
  return out;
}
