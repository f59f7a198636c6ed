/**
 * One category of signals (scalars, strings, ...) with a cached frozen view.
 *
 * @module
 */

/**
 * A frozen `{key: value}` view of one signal category.
 *
 * @example
 * ```ts
 * import type { SignalRecord } from "./bucket.ts";
 * const scalars: SignalRecord<number> = Object.freeze({ speed: 2 });
 * ```
 */
export type SignalRecord<V> = { readonly [key: string]: V };

/**
 * A string-keyed map that hands out one frozen record per change: reading the
 * view twice without a change in between returns the same object.
 *
 * @example
 * ```ts
 * import { Bucket } from "./bucket.ts";
 * const b = new Bucket<number>();
 * b.set("hp", 3);
 * console.assert(b.view() === b.view() && b.view().hp === 3);
 * ```
 */
export class Bucket<V> {
  #map = new Map<string, V>();
  #view: SignalRecord<V> | undefined;
  #keysVersion = 0;

  /**
   * Bumped when a key is added or removed (not when a value changes), so a
   * reader can cache what depends on the key set only.
   *
   * @example
   * ```ts
   * import { Bucket } from "./bucket.ts";
   * const b = new Bucket<number>();
   * b.set("x", 1);
   * const v = b.keysVersion;
   * b.set("x", 2);
   * console.assert(b.keysVersion === v);
   * ```
   */
  get keysVersion(): number {
    return this.#keysVersion;
  }

  /**
   * The keys in insertion order.
   *
   * @example
   * ```ts
   * import { Bucket } from "./bucket.ts";
   * const b = new Bucket<number>();
   * b.set("x", 1);
   * console.assert([...b.keys()][0] === "x");
   * ```
   */
  keys(): IterableIterator<string> {
    return this.#map.keys();
  }

  /**
   * The value of `key`, or `undefined`.
   *
   * @example
   * ```ts
   * import { Bucket } from "./bucket.ts";
   * console.assert(new Bucket<number>().get("x") === undefined);
   * ```
   */
  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  /**
   * Set `key`; returns whether anything changed.
   *
   * @example
   * ```ts
   * import { Bucket } from "./bucket.ts";
   * const b = new Bucket<number>();
   * console.assert(b.set("x", 1) && !b.set("x", 1));
   * ```
   */
  set(key: string, value: V): boolean {
    // Object.is so that setting NaN over NaN or 0 over -0 is judged exactly. One lookup when the
    // key holds a value (signals are written every frame); `has` only tells an undefined value.
    const old = this.#map.get(key);
    if (old !== undefined || this.#map.has(key)) {
      if (Object.is(old, value)) return false;
    } else this.#keysVersion++;
    this.#map.set(key, value);
    this.#view = undefined;
    return true;
  }

  /**
   * Remove `key`; returns whether it was there.
   *
   * @example
   * ```ts
   * import { Bucket } from "./bucket.ts";
   * console.assert(!new Bucket<number>().delete("x"));
   * ```
   */
  delete(key: string): boolean {
    if (!this.#map.delete(key)) return false;
    this.#keysVersion++;
    this.#view = undefined;
    return true;
  }

  /**
   * Remove every key; returns whether there were any.
   *
   * @example
   * ```ts
   * import { Bucket } from "./bucket.ts";
   * console.assert(!new Bucket<number>().clear());
   * ```
   */
  clear(): boolean {
    if (this.#map.size === 0) return false;
    this.#keysVersion++;
    this.#map.clear();
    this.#view = undefined;
    return true;
  }

  /**
   * `[key, value]` pairs in insertion order.
   *
   * @example
   * ```ts
   * import { Bucket } from "./bucket.ts";
   * const b = new Bucket<number>();
   * b.set("x", 1);
   * console.assert([...b.entries()].length === 1);
   * ```
   */
  entries(): IterableIterator<[string, V]> {
    return this.#map.entries();
  }

  /**
   * The frozen record of every key, rebuilt only after a change.
   *
   * @example
   * ```ts
   * import { Bucket } from "./bucket.ts";
   * console.assert(Object.isFrozen(new Bucket<number>().view()));
   * ```
   */
  view(): SignalRecord<V> {
    // fromEntries defines own properties, so a key like "__proto__" stays data.
    this.#view ??= Object.freeze(Object.fromEntries(this.#map));
    return this.#view;
  }
}
