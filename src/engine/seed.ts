/**
 * Per-callback random seeds: `math.random` is reseeded before every callback
 * from (run seed, frame, callback name, entity id), so results never depend
 * on which worker or state ran the callback.
 *
 * @module
 */
import { hashString, mix32 } from "../systems/prng.ts";

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
  let h = hashString(callback);
  h = mix32(h ^ mix32(runSeed >>> 0) ^ Math.imul(frame >>> 0, 0x9e3779b1));
  const hi = mix32(h ^ mix32((entity / 0x100000000) >>> 0));
  const lo = mix32(h + mix32(entity >>> 0) + 0x6d2b79f5);
  return [hi, lo];
}
