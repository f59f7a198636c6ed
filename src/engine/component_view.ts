/**
 * What `ecs.getComponent(id, name)` reads: each entity's components under
 * the names `ecs.addComponent` accepts, written from the world's stores into
 * the snapshot's components part.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import {
  aliveEntities,
  type ComponentDef,
  componentSetTest,
  eidOf,
  Friction,
  Frozen,
  Position,
  Rotation,
  Scale,
  Velocity,
} from "../ecs/mod.ts";
import { componentBit, type ComponentsPart, ComponentsWriter } from "../lua/components_part.ts";

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
/** The part's bits of each set of `TESTED` components (bit k: the k-th), by that set. */
const TESTED_BITS: readonly number[] = Array.from(
  { length: 1 << TESTED.length },
  (_, has) => TESTED.reduce((mask, [, bit], k) => (has & (1 << k) ? mask | bit : mask), 0),
);

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
  const w = new ComponentsWriter();
  // Stores resolved once: this runs for every entity of every snapshot sent.
  const tests = componentTests(state);
  const { ids, eids } = aliveEntities(state.world);
  for (let i = 0; i < ids.length; i++) writeEntity(w, state, tests, ids[i]!, eids[i]!);
  return w.finish();
}

/**
 * The record entity `id` has in a part written now (see
 * {@linkcode ComponentsPart.record}), or undefined when it has none; a view
 * valid until the next call.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { componentRecord } from "./component_view.ts";
 * componentRecord(createGameState(), 1); // undefined: no such entity
 * ```
 */
export function componentRecord(state: GameState, id: number): Uint8Array | undefined {
  // A collision stage asks once per entity a callback read: no allocation per call.
  const w = SCRATCH;
  w.reset();
  const eid = eidOf(state.world, id);
  if (eid !== undefined) writeEntity(w, state, componentTests(state), id, eid);
  const record = w.records();
  return record.length > 0 ? record : undefined;
}

const SCRATCH = new ComponentsWriter();

/** Which of the `TESTED` components an entity has (bit k: the k-th). */
type Tests = (eid: number) => number;

// Per world: its stores are resolved once and stay.
const TESTS = new WeakMap<GameState["world"], Tests>();

function componentTests(state: GameState): Tests {
  let tests = TESTS.get(state.world);
  if (tests === undefined) {
    tests = componentSetTest(state.world, TESTED.map(([def]) => def));
    TESTS.set(state.world, tests);
  }
  return tests;
}

// The record of live entity `id` (at `eid`), fields in layout order (COMPONENT_LAYOUT); none for
// an entity that has no component the part carries.
function writeEntity(
  w: ComponentsWriter,
  state: GameState,
  tests: Tests,
  id: number,
  eid: number,
): void {
  const { world, gameplay } = state;
  const s = world.components;
  const tint = gameplay.tint.get(eid), ttl = gameplay.ttl.get(eid);
  const anim = gameplay.animation.get(eid), shader = gameplay.shader.get(eid);
  const mask = (tint ? TINT : 0) | (ttl ? TTL : 0) | (anim ? ANIMATION : 0) |
    (shader ? SHADER : 0) | TESTED_BITS[tests(eid)]!;
  if (mask === 0) return;
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

function pair(w: ComponentsWriter, x: number, y: number): void {
  w.number(x);
  w.number(y);
}
