/**
 * Per-callback random seeds: `math.random` is reseeded before every callback
 * from (run seed, frame, callback name, entity id), so results never depend
 * on which worker or state ran the callback.
 *
 * @module
 */

function fnv1a(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// murmur3's finalizer: spreads nearby inputs (frame n, n+1) over all bits.
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
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
  let h = fnv1a(0x811c9dc5, callback);
  h = mix(h ^ mix(runSeed >>> 0) ^ Math.imul(frame >>> 0, 0x9e3779b1));
  const hi = mix(h ^ mix((entity / 0x100000000) >>> 0));
  const lo = mix(h + mix(entity >>> 0) + 0x6d2b79f5);
  return [hi, lo];
}
