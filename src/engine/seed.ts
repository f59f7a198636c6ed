/**
 * Per-callback random seeds: `math.random` is reseeded before every callback
 * from (run seed, frame, callback name, entity id), so results never depend
 * on which worker or state ran the callback.
 *
 * @module
 */
import { hashString, mix32 } from "../systems/prng.ts";

/**
 * The part of a callback's seed shared by every entity of one callback name in
 * one frame; {@linkcode entitySeed} finishes it. A frame's encoder computes it
 * once per run of callbacks instead of hashing the name per callback.
 *
 * @example
 * ```ts
 * import { entitySeed, seedBase } from "./seed.ts";
 * const [a, b] = entitySeed(seedBase(42, 10, "on_hit"), 7);
 * ```
 */
export function seedBase(runSeed: number, frame: number, callback: string): number {
  const h = hashString(callback);
  // Seeds beyond 32 bits (or negative) mix in their high word; 0..2^32-1 keep their values.
  const high = Math.floor(runSeed / 0x100000000);
  const hi = high === 0 ? 0 : mix32((high >>> 0) ^ 0x85ebca6b);
  return mix32(h ^ mix32(runSeed >>> 0) ^ hi ^ Math.imul(frame >>> 0, 0x9e3779b1));
}

/**
 * The two 32-bit words given to `math.randomseed` for `entity`'s callback,
 * from its {@linkcode seedBase}.
 *
 * @example
 * ```ts
 * import { entitySeed, seedBase } from "./seed.ts";
 * const base = seedBase(42, 10, "tick");
 * console.log(entitySeed(base, 1), entitySeed(base, 2));
 * ```
 */
export function entitySeed(base: number, entity: number): readonly [number, number] {
  return [entitySeedHigh(base, entity), entitySeedLow(base, entity)];
}

/**
 * The first word of {@linkcode entitySeed}, without making a pair (a frame's
 * encoder asks for thousands).
 *
 * @example
 * ```ts
 * import { entitySeed, entitySeedHigh, seedBase } from "./seed.ts";
 * const base = seedBase(42, 10, "tick");
 * console.assert(entitySeedHigh(base, 3) === entitySeed(base, 3)[0]);
 * ```
 */
export function entitySeedHigh(base: number, entity: number): number {
  return mix32(base ^ mix32((entity / 0x100000000) >>> 0));
}

/**
 * The second word of {@linkcode entitySeed}.
 *
 * @example
 * ```ts
 * import { entitySeed, entitySeedLow, seedBase } from "./seed.ts";
 * const base = seedBase(42, 10, "tick");
 * console.assert(entitySeedLow(base, 3) === entitySeed(base, 3)[1]);
 * ```
 */
export function entitySeedLow(base: number, entity: number): number {
  return mix32(base + mix32(entity >>> 0) + 0x6d2b79f5);
}

/**
 * The two 32-bit words given to `math.randomseed` for one callback.
 *
 * @example
 * ```ts
 * import { callbackSeed } from "./seed.ts";
 * const [a, b] = callbackSeed(42, 10, "on_hit", 7);
 * ```
 */
export function callbackSeed(
  runSeed: number,
  frame: number,
  callback: string,
  entity: number,
): readonly [number, number] {
  return entitySeed(seedBase(runSeed, frame, callback), entity);
}
