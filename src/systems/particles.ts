/**
 * Particle emitters: clone template entities around the emitter with a
 * random direction, speed and lifetime, deterministically.
 *
 * @module
 */
import { copyEntity } from "../commands/clone.ts";
import type { GameState } from "../state/game_state.ts";
import type { ParticleEmitter } from "../gameplay/mod.ts";
import {
  eidOf,
  getComponent,
  isAlive,
  Position,
  Rotation,
  setComponent,
  spawnEntity,
  Velocity,
} from "../ecs/mod.ts";
import { byId } from "./entity_order.ts";
import { Prng } from "./prng.ts";

// Summing dt = 1/60 drifts by ulps; an emission due on a frame must not slip.
const EPSILON = 1e-9;

/**
 * Velocity for a direction in degrees (0 = up, clockwise; y grows down).
 *
 * @example
 * ```ts
 * import { directionVelocity } from "./particles.ts";
 * const [vx, vy] = directionVelocity(90, 10);
 * console.assert(Math.round(vx) === 10 && Math.round(vy) === 0);
 * ```
 */
export function directionVelocity(degrees: number, speed: number): [number, number] {
  const r = (degrees * Math.PI) / 180;
  return [Math.sin(r) * speed, -Math.cos(r) * speed];
}

function emit(
  state: GameState,
  emitterId: number,
  emitter: ParticleEmitter,
  rng: Prng,
  out: number[],
): void {
  const base = getComponent(state.world, emitterId, Position) ?? { x: 0, y: 0 };
  const bx = base.x + emitter.offset[0];
  const by = base.y + emitter.offset[1];
  for (let i = 0; i < emitter.count; i++) {
    const key = emitter.templates[rng.index(emitter.templates.length)]!;
    const source = state.signals.getEntity(key);
    if (source === undefined || !isAlive(state.world, source)) {
      if (!emitter.warned) {
        state.log.warn(`particles: emitter ${emitterId}: no live entity is registered as "${key}"`);
        emitter.warned = true;
      }
      continue;
    }
    let x = bx;
    let y = by;
    if (emitter.shape.kind === "rect") {
      x += rng.range(-emitter.shape.width / 2, emitter.shape.width / 2);
      y += rng.range(-emitter.shape.height / 2, emitter.shape.height / 2);
    }
    const angle = rng.range(emitter.arc[0], emitter.arc[1]);
    const [vx, vy] = directionVelocity(angle, rng.range(emitter.speed[0], emitter.speed[1]));
    const ttl = emitter.ttl === null ? undefined : rng.range(emitter.ttl[0], emitter.ttl[1]);
    const id = spawnEntity(state.world);
    copyEntity(state, source, id);
    setComponent(state.world, id, Position, { x, y });
    setComponent(state.world, id, Velocity, { x: vx, y: vy });
    setComponent(state.world, id, Rotation, { degrees: angle });
    if (ttl !== undefined) {
      state.gameplay.ttl.set(eidOf(state.world, id)!, { duration: ttl, elapsed: 0 });
    }
    out.push(id);
  }
}

/**
 * Run every particle emitter for `dt` seconds, emitters in ascending id
 * order. An emitter with templates, a positive rate and emissions left
 * emits once each `1 / rate` seconds (several times in one step when `dt`
 * is long); each emission clones `count` particles. A particle is a clone of
 * a template picked at random (everything the template has, emitter
 * included), placed at the emitter (plus offset, anywhere in the rect
 * shape), moving at a random speed in a random direction of the arc,
 * rotated to that direction, with a random TTL when the emitter sets one.
 * Randomness comes from (run seed, frame, emitter id) only, so a run
 * replays exactly. A template key with no live entity is skipped, reported
 * once per emitter. Returns the ids of the new particles.
 *
 * @example
 * ```ts
 * import { particleStep } from "./particles.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { parseParticleEmitter } from "../gameplay/mod.ts";
 * import { eidOf, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * state.signals.setEntity("spark", spawnEntity(state.world));
 * const emitter = parseParticleEmitter(new Map<string, string | number>([
 *   ["template", "spark"], ["rate", 10], ["count", 3],
 * ]));
 * if (!emitter.ok) throw new Error(emitter.error);
 * state.gameplay.particleEmitter.set(eidOf(state.world, spawnEntity(state.world))!, emitter.value);
 * const ids = particleStep(state, { dt: 0.1, frame: 0, seed: 1 });
 * console.assert(ids.length === 3);
 * ```
 */
export function particleStep(
  state: GameState,
  info: { dt: number; frame: number; seed: number },
): number[] {
  const out: number[] = [];
  for (const [id, , emitter] of byId(state.world, state.gameplay.particleEmitter)) {
    if (emitter.templates.length === 0 || emitter.remaining <= 0 || !(emitter.rate > 0)) continue;
    const period = 1 / emitter.rate;
    emitter.elapsed += info.dt;
    let rng: Prng | undefined;
    while (emitter.elapsed >= period - EPSILON && emitter.remaining > 0) {
      rng ??= Prng.derive(info.seed, info.frame, "particles", id);
      emit(state, id, emitter, rng, out);
      emitter.elapsed = Math.max(0, emitter.elapsed - period);
      emitter.remaining--;
    }
  }
  return out;
}
