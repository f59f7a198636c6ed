/**
 * Physics integration: forces, friction, max speed, then position.
 *
 * @module
 */
import {
  addComponent,
  aliveEntities,
  componentTest,
  Friction,
  Frozen,
  MaxSpeed,
  Position,
  Velocity,
} from "../ecs/mod.ts";
import type { GameState } from "../state/game_state.ts";

/**
 * Advance every non-frozen entity that has a velocity or forces by `dt`
 * seconds, in ascending id order:
 *
 * 1. velocity += (sum of enabled forces) × dt (semi-implicit Euler);
 * 2. friction: velocity ×= max(0, 1 − friction × dt), so friction is the
 *    fraction of speed lost per second, and a large friction stops the
 *    entity instead of reversing it;
 * 3. max speed: a longer velocity is scaled down to the limit, keeping its
 *    direction;
 * 4. position += velocity × dt (entities with a position).
 *
 * Entities stuck to another (stuckto) are left to the stuckto system. An
 * entity with forces but no velocity gets a zero velocity first.
 *
 * @example
 * ```ts
 * import { physicsStep } from "./physics.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { getComponent, Position, setComponent, spawnEntity, Velocity } from "../ecs/mod.ts";
 * const state = createGameState();
 * const id = spawnEntity(state.world);
 * setComponent(state.world, id, Position, { x: 0, y: 0 });
 * setComponent(state.world, id, Velocity, { x: 10, y: 0 });
 * physicsStep(state, 0.5);
 * console.assert(getComponent(state.world, id, Position)?.x === 5);
 * ```
 */
export function physicsStep(state: GameState, dt: number): void {
  const { world, gameplay } = state;
  const hasVelocity = componentTest(world, Velocity), frozen = componentTest(world, Frozen);
  const hasFriction = componentTest(world, Friction), hasMaxSpeed = componentTest(world, MaxSpeed);
  const hasPosition = componentTest(world, Position);
  const { ids, eids } = aliveEntities(world);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!, eid = eids[i]!;
    const forces = world.forces.of(eid);
    if (!hasVelocity(eid)) {
      if (forces === undefined) continue;
      addComponent(world, id, Velocity);
    }
    if (frozen(eid) || gameplay.stuckto.has(eid)) continue;
    // Read the stores after addComponent: a spawn may have grown them.
    const { velocity, position, friction, maxSpeed } = world.components;
    let vx = velocity.x[eid]!;
    let vy = velocity.y[eid]!;
    if (forces !== undefined) {
      for (const force of forces.values()) {
        if (!force.enabled) continue;
        vx += force.x * dt;
        vy += force.y * dt;
      }
    }
    if (hasFriction(eid)) {
      const keep = Math.max(0, 1 - friction.value[eid]! * dt);
      vx *= keep;
      vy *= keep;
    }
    // Math.hypot is slow for what it does: only an entity with a limit needs its speed.
    if (hasMaxSpeed(eid)) {
      const limit = maxSpeed.value[eid]!;
      const speed = Math.hypot(vx, vy);
      if (speed > limit) {
        vx *= limit / speed;
        vy *= limit / speed;
      }
    }
    let px = 0, py = 0;
    const positioned = hasPosition(eid);
    if (positioned) {
      px = position.x[eid]! + vx * dt;
      py = position.y[eid]! + vy * dt;
    }
    if (!Number.isFinite(vx + vy + px + py)) {
      // Huge forces or speeds overflowed: keep every value a number (the dump
      // and the renderers need one) and say so once per entity.
      [vx, vy, px, py] = [vx, vy, px, py].map(saturate) as [number, number, number, number];
      warnOverflow(state, id);
    }
    velocity.x[eid] = vx;
    velocity.y[eid] = vy;
    if (positioned) {
      position.x[eid] = px;
      position.y[eid] = py;
    }
  }
}

/** `v` as the nearest finite number (NaN, from infinity minus infinity, as 0). */
function saturate(v: number): number {
  if (Number.isNaN(v)) return 0;
  return Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, v));
}

const overflowed = new WeakMap<GameState, Set<number>>();

function warnOverflow(state: GameState, id: number): void {
  let ids = overflowed.get(state);
  if (ids === undefined) overflowed.set(state, ids = new Set());
  if (ids.has(id)) return;
  ids.add(id);
  state.log.warn(
    `physics: entity ${id} overflowed (position or velocity beyond any number); clamped`,
  );
}
