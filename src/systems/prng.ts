/**
 * A small deterministic random generator for systems. Systems never use
 * `Math.random`: each derives a generator from (run seed, frame, stream,
 * entity id), so results are the same on every run and worker count.
 *
 * @module
 */

/**
 * murmur3's 32-bit finalizer: spreads nearby inputs (frame n, n+1) over all bits.
 *
 * @example
 * ```ts
 * import { mix32 } from "./prng.ts";
 * console.assert(mix32(1) !== mix32(2));
 * ```
 */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * FNV-1a of a string, 32 bits.
 *
 * @example
 * ```ts
 * import { hashString } from "./prng.ts";
 * console.assert(hashString("a") !== hashString("b"));
 * ```
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Mulberry32: 32 bits of state, fast, good enough for gameplay variety.
 *
 * @example
 * ```ts
 * import { Prng } from "./prng.ts";
 * const a = Prng.derive(7, 10, "particles", 3);
 * const b = Prng.derive(7, 10, "particles", 3);
 * console.assert(a.next() === b.next());
 * ```
 */
export class Prng {
  #state: number;

  /**
   * A generator from a 32-bit seed.
   *
   * @example
   * ```ts
   * import { Prng } from "./prng.ts";
   * console.assert(new Prng(1).next() < 1);
   * ```
   */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /**
   * The generator for one system stream of one entity on one frame.
   *
   * @example
   * ```ts
   * import { Prng } from "./prng.ts";
   * const rng = Prng.derive(42, 0, "particles", 1);
   * ```
   */
  static derive(runSeed: number, frame: number, stream: string, id: number): Prng {
    let h = mix32(hashString(stream) ^ mix32(runSeed >>> 0));
    h = mix32(h ^ Math.imul(frame >>> 0, 0x9e3779b1));
    h = mix32(h ^ mix32(id >>> 0) ^ mix32((id / 0x100000000) >>> 0));
    return new Prng(h);
  }

  /**
   * A number in [0, 1).
   *
   * @example
   * ```ts
   * import { Prng } from "./prng.ts";
   * const x = new Prng(3).next();
   * console.assert(x >= 0 && x < 1);
   * ```
   */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * A number in [min, max] (exactly `min` when the range is empty).
   *
   * @example
   * ```ts
   * import { Prng } from "./prng.ts";
   * console.assert(new Prng(3).range(5, 5) === 5);
   * ```
   */
  range(min: number, max: number): number {
    return max > min ? min + this.next() * (max - min) : min;
  }

  /**
   * An integer in [0, n).
   *
   * @example
   * ```ts
   * import { Prng } from "./prng.ts";
   * console.assert(new Prng(3).index(1) === 0);
   * ```
   */
  index(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }
}
