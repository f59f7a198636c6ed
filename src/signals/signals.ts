/**
 * Signals: named scalars, integers, strings and flags, with cheap immutable
 * snapshots. The base of {@linkcode WorldSignals}; an entity's signals are a
 * row of the world's `EntitySignals` with the same methods ({@linkcode SignalsApi}).
 *
 * @module
 */
import { Bucket, type SignalRecord } from "./bucket.ts";
import { checkKey, checkValue, INTEGER, SCALAR, STRING } from "./validate.ts";

export type { SignalRecord } from "./bucket.ts";

const CATEGORIES = ["scalars", "integers", "strings", "flags"] as const;

/**
 * A frozen copy of a {@linkcode Signals}, shaped like the Lua `signals` table.
 *
 * @example
 * ```ts
 * import { Signals, type SignalsSnapshot } from "./signals.ts";
 * const s = new Signals();
 * s.setFlag("hit");
 * const snap: SignalsSnapshot = s.snapshot();
 * console.assert(snap.flags.hit === true);
 * ```
 */
export interface SignalsSnapshot {
  /** Number signals. */
  readonly scalars: SignalRecord<number>;
  /** Integer signals. */
  readonly integers: SignalRecord<number>;
  /** String signals. */
  readonly strings: SignalRecord<string>;
  /** Flags that are set, each `true`. */
  readonly flags: SignalRecord<true>;
}

/**
 * What a set of signals offers, whether a {@linkcode Signals} of its own or an entity's row of the
 * world's `EntitySignals`.
 *
 * @example
 * ```ts
 * import { Signals, type SignalsApi } from "./signals.ts";
 * const s: SignalsApi = new Signals();
 * s.setFlag("hit");
 * ```
 */
export type SignalsApi = Pick<
  Signals,
  | "version"
  | "keysVersion"
  | "keysCache"
  | "keys"
  | "getScalar"
  | "setScalar"
  | "clearScalar"
  | "getInteger"
  | "setInteger"
  | "clearInteger"
  | "getString"
  | "setString"
  | "clearString"
  | "hasFlag"
  | "setFlag"
  | "clearFlag"
  | "clear"
  | "clone"
  | "snapshot"
>;

/**
 * Scalars, integers, strings and flags. Every change bumps {@linkcode version};
 * {@linkcode snapshot} returns the same frozen object until the next change.
 *
 * @example
 * ```ts
 * import { Signals } from "./signals.ts";
 * const s = new Signals();
 * s.setInteger("lives", 3);
 * const a = s.snapshot();
 * console.assert(a === s.snapshot() && a.integers.lives === 3);
 * ```
 */
export class Signals {
  // One bucket per category. The typed accessors below are per category on purpose: each
  // checks its own value type and gives its own return type.
  #buckets = {
    scalars: new Bucket<number>(),
    integers: new Bucket<number>(),
    strings: new Bucket<string>(),
    flags: new Bucket<true>(),
  };
  #version = 0;
  #snapshot: SignalsSnapshot | undefined;
  /**
   * A slot where a reader keeps what it derives from the key sets, checked
   * against {@linkcode Signals.keysVersion} (the batch encoder keeps its key
   * set there). Signals never reads it; a copy starts without.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * console.assert(new Signals().keysCache === undefined);
   * ```
   */
  keysCache: unknown = undefined;

  /**
   * Bumped on every change (a set to the same value is not a change).
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * const s = new Signals();
   * s.setScalar("x", 1);
   * const v = s.version;
   * s.setScalar("x", 1);
   * console.assert(s.version === v);
   * ```
   */
  get version(): number {
    return this.#version;
  }

  /**
   * Bumped when a key is added to or removed from any category (not when a
   * value changes): what depends on the key sets only is cached against it.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * const s = new Signals();
   * s.setInteger("hp", 3);
   * const v = s.keysVersion;
   * s.setInteger("hp", 2);
   * console.assert(s.keysVersion === v);
   * ```
   */
  get keysVersion(): number {
    // Each bucket's counter only grows, so the sum changes whenever one does. Unrolled: the
    // batch encoder reads this for every entity callback of a frame.
    const b = this.#buckets;
    return b.scalars.keysVersion + b.integers.keysVersion + b.strings.keysVersion +
      b.flags.keysVersion;
  }

  /**
   * The keys of one category in insertion order.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * const s = new Signals();
   * s.setFlag("hit");
   * console.assert([...s.keys("flags")][0] === "hit");
   * ```
   */
  keys(category: keyof SignalsSnapshot): IterableIterator<string> {
    return this.#buckets[category].keys();
  }

  /**
   * The number signal `key`, or `undefined`.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * console.assert(new Signals().getScalar("speed") === undefined);
   * ```
   */
  getScalar(key: string): number | undefined {
    return this.#buckets.scalars.get(key);
  }

  /**
   * Set the number signal `key` (any number but NaN).
   *
   * @throws {InvalidSignalValueError} when `value` is not a number or is NaN.
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * new Signals().setScalar("speed", 2.5);
   * ```
   */
  setScalar(key: string, value: number): void {
    checkValue(SCALAR, key, value);
    this.#bump(this.#buckets.scalars.set(key, value));
  }

  /**
   * Remove the number signal `key`.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * new Signals().clearScalar("speed");
   * ```
   */
  clearScalar(key: string): void {
    this.#bump(this.#buckets.scalars.delete(key));
  }

  /**
   * The integer signal `key`, or `undefined`.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * console.assert(new Signals().getInteger("score") === undefined);
   * ```
   */
  getInteger(key: string): number | undefined {
    return this.#buckets.integers.get(key);
  }

  /**
   * Set the integer signal `key`.
   *
   * @throws {InvalidSignalValueError} when `value` is not a safe integer.
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * new Signals().setInteger("score", 100);
   * ```
   */
  setInteger(key: string, value: number): void {
    checkValue(INTEGER, key, value);
    // -0 is stored as 0 so Lua sees the integer it expects.
    this.#bump(this.#buckets.integers.set(key, value + 0));
  }

  /**
   * Remove the integer signal `key`.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * new Signals().clearInteger("score");
   * ```
   */
  clearInteger(key: string): void {
    this.#bump(this.#buckets.integers.delete(key));
  }

  /**
   * The string signal `key`, or `undefined`.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * console.assert(new Signals().getString("scene") === undefined);
   * ```
   */
  getString(key: string): string | undefined {
    return this.#buckets.strings.get(key);
  }

  /**
   * Set the string signal `key`.
   *
   * @throws {InvalidSignalValueError} when `value` is not a string.
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * new Signals().setString("scene", "level1");
   * ```
   */
  setString(key: string, value: string): void {
    checkValue(STRING, key, value);
    this.#bump(this.#buckets.strings.set(key, value));
  }

  /**
   * Remove the string signal `key`.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * new Signals().clearString("scene");
   * ```
   */
  clearString(key: string): void {
    this.#bump(this.#buckets.strings.delete(key));
  }

  /**
   * Whether flag `key` is set.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * console.assert(!new Signals().hasFlag("paused"));
   * ```
   */
  hasFlag(key: string): boolean {
    return this.#buckets.flags.get(key) === true;
  }

  /**
   * Set flag `key`.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * const s = new Signals();
   * s.setFlag("paused");
   * console.assert(s.hasFlag("paused"));
   * ```
   */
  setFlag(key: string): void {
    checkKey(key);
    this.#bump(this.#buckets.flags.set(key, true));
  }

  /**
   * Clear flag `key`.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * new Signals().clearFlag("paused");
   * ```
   */
  clearFlag(key: string): void {
    this.#bump(this.#buckets.flags.delete(key));
  }

  /**
   * Remove every signal.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * const s = new Signals();
   * s.setFlag("a");
   * s.clear();
   * console.assert(!s.hasFlag("a"));
   * ```
   */
  clear(): void {
    let changed = false;
    for (const c of CATEGORIES) changed = this.#buckets[c].clear() || changed;
    this.#bump(changed);
  }

  /**
   * An independent copy (used when an entity is cloned).
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * const a = new Signals();
   * a.setScalar("x", 1);
   * const b = a.clone();
   * b.setScalar("x", 2);
   * console.assert(a.getScalar("x") === 1);
   * ```
   */
  clone(): Signals {
    const copy = new Signals();
    for (const c of CATEGORIES) {
      const to = copy.#buckets[c] as Bucket<unknown>;
      for (const [k, v] of this.#buckets[c].entries()) to.set(k, v);
    }
    return copy;
  }

  /**
   * A frozen snapshot, the same object until the next change. Categories that
   * did not change are shared with the previous snapshot.
   *
   * @example
   * ```ts
   * import { Signals } from "./signals.ts";
   * const s = new Signals();
   * const before = s.snapshot();
   * s.setString("name", "bob");
   * console.assert(before.strings.name === undefined);
   * console.assert(s.snapshot().strings.name === "bob");
   * ```
   */
  snapshot(): SignalsSnapshot {
    const b = this.#buckets;
    this.#snapshot ??= Object.freeze({
      scalars: b.scalars.view(),
      integers: b.integers.view(),
      strings: b.strings.view(),
      flags: b.flags.view(),
    });
    return this.#snapshot;
  }

  #bump(changed: boolean): void {
    if (!changed) return;
    this.#version++;
    this.#snapshot = undefined;
  }
}
