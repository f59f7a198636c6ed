/**
 * What `ecs.getComponent(id, name)` reads: each entity's components under
 * the names `ecs.addComponent` accepts, written from the world's stores into
 * the snapshot's components part.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import {
  aliveIds,
  type ComponentDef,
  componentTest,
  eidOf,
  Friction,
  Frozen,
  Position,
  Rotation,
  Scale,
  Velocity,
} from "../ecs/mod.ts";
import { componentBit, ComponentsPart, ComponentsWriter } from "../lua/components_part.ts";

const POSITION = componentBit("Position"), VELOCITY = componentBit("Velocity");
const ROTATION = componentBit("Rotation"), SCALE = componentBit("Scale");
const FRICTION = componentBit("Friction"), FROZEN = componentBit("Frozen");
const TINT = componentBit("Tint"), TTL = componentBit("TTL");
const ANIMATION = componentBit("Animation"), SHADER = componentBit("Shader");
const TESTED: readonly (readonly [ComponentDef, number])[] = [
  [Position, POSITION],
  [Velocity, VELOCITY],
  [Rotation, ROTATION],
  [Scale, SCALE],
  [Friction, FRICTION],
  [Frozen, FROZEN],
];

/**
 * The components part of every live entity (entities with no component it
 * carries are left out); `Transform` is derived from `Position`, `Rotation`
 * and `Scale` by the runtime.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { componentsPart } from "./component_view.ts";
 * const part = componentsPart(createGameState());
 * part.count; // 0: no entity yet
 * ```
 */
export function componentsPart(state: GameState): ComponentsPart {
  return new ComponentsPart(componentBytes(state));
}

/**
 * The bytes of {@linkcode componentsPart}, for a part written later.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { ComponentsPart } from "../lua/components_part.ts";
 * import { componentBytes } from "./component_view.ts";
 * const state = createGameState();
 * const part = ComponentsPart.later(() => componentBytes(state));
 * ```
 */
export function componentBytes(state: GameState): Uint8Array {
  const { world, gameplay } = state;
  const s = world.components;
  const w = new ComponentsWriter();
  // Stores resolved once: this runs for every entity of every snapshot sent.
  const has = TESTED.map(([def, bit]) => [componentTest(world, def), bit] as const);
  for (const id of aliveIds(world)) {
    const eid = eidOf(world, id);
    if (eid === undefined) continue;
    const tint = gameplay.tint.get(eid), ttl = gameplay.ttl.get(eid);
    const anim = gameplay.animation.get(eid), shader = gameplay.shader.get(eid);
    let mask = (tint ? TINT : 0) | (ttl ? TTL : 0) | (anim ? ANIMATION : 0) |
      (shader ? SHADER : 0);
    for (const [test, bit] of has) if (test(eid)) mask |= bit;
    if (mask === 0) continue;
    // Fields in layout order (COMPONENT_LAYOUT).
    w.entity(id, mask);
    if (mask & POSITION) pair(w, s.position.x[eid] ?? 0, s.position.y[eid] ?? 0);
    if (mask & VELOCITY) pair(w, s.velocity.x[eid] ?? 0, s.velocity.y[eid] ?? 0);
    if (mask & ROTATION) w.number(s.rotation.degrees[eid] ?? 0);
    if (mask & SCALE) pair(w, s.scale.x[eid] ?? 1, s.scale.y[eid] ?? 1);
    if (mask & FRICTION) w.number(s.friction.value[eid] ?? 0);
    if (tint) { for (let i = 3; i >= 0; i--) w.number(tint[i]!); }
    if (ttl) w.number(ttl.duration - ttl.elapsed);
    if (anim) w.text(anim.key);
    if (shader) w.text(shader.key);
  }
  return w.finish().bytes;
}

function pair(w: ComponentsWriter, x: number, y: number): void {
  w.number(x);
  w.number(y);
}
