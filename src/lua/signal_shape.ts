/**
 * Signal shapes: the sorted key lists of an entity's signals, interned so
 * that entities with the same keys share one object (a `KeySet` of the
 * signals layer). The batch encoder sends a context's keys only when its
 * shape is not the previous context's (the runtime then reads values only).
 * Entity signals keep their key set up to date as keys come and go; other
 * signals have theirs worked out once per key change.
 *
 * @module
 */
import type { SignalsData } from "./batch_types.ts";
import { KeySet } from "../signals/key_set.ts";

/**
 * Interned sorted key lists of one entity's signals (a `KeySet` of the signals
 * layer); equal key sets are the same object while the intern table holds them.
 *
 * @example
 * ```ts
 * import { shapeOfRecords } from "./signal_shape.ts";
 * const a = shapeOfRecords({ scalars: {}, integers: { hp: 1 }, strings: {}, flags: [] });
 * const b = shapeOfRecords({ scalars: {}, integers: { hp: 2 }, strings: {}, flags: [] });
 * console.assert(a === b && a.ik[0] === "hp");
 * ```
 */
export type SignalShape = KeySet;

/**
 * Live signals as the encoder reads them (the engine's `Signals` class fits):
 * keys by category, values by key, and a counter that moves when a key set does.
 *
 * @example
 * ```ts
 * import type { LiveSignals } from "./signal_shape.ts";
 * const none: LiveSignals = {
 *   keysVersion: 0,
 *   keys: () => [],
 *   getScalar: () => undefined,
 *   getInteger: () => undefined,
 *   getString: () => undefined,
 * };
 * ```
 */
export interface LiveSignals {
  /** Changes whenever a key is added or removed. */
  readonly keysVersion: number;
  /** Keys of one category, any order. */
  keys(category: "scalars" | "integers" | "strings" | "flags"): Iterable<string>;
  /** A scalar's value. */
  getScalar(key: string): number | undefined;
  /** An integer's value. */
  getInteger(key: string): number | undefined;
  /** A string's value. */
  getString(key: string): string | undefined;
  /** Where {@linkcode shapeOfLive} keeps the shape it worked out (its owner never reads it). */
  keysCache?: unknown;
  /** The key set, when the owner keeps it up to date itself (entity signals do). */
  readonly keySet?: SignalShape;
}

// Whether `t`'s keys, in enumeration order, are exactly `keys` (sorted).
function keysAre(t: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in t) if (keys[i++] !== k) return false;
  return i === keys.length;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The shape of signals given as records. With `hint` (usually the previous
 * context's shape) a table whose keys already enumerate as the hint's is
 * judged without sorting.
 *
 * @example
 * ```ts
 * import { shapeOfRecords } from "./signal_shape.ts";
 * shapeOfRecords({ scalars: { b: 1, a: 2 }, integers: {}, strings: {}, flags: ["x"] }).sk; // ["a", "b"]
 * ```
 */
export function shapeOfRecords(s: SignalsData, hint?: SignalShape): SignalShape {
  if (
    hint !== undefined && keysAre(s.scalars, hint.sk) && keysAre(s.integers, hint.ik) &&
    keysAre(s.strings, hint.tk) && sameList(s.flags, hint.flags)
  ) return hint;
  return KeySet.sorting([
    Object.keys(s.scalars),
    Object.keys(s.integers),
    Object.keys(s.strings),
    s.flags,
  ]);
}

/** What {@linkcode shapeOfLive} keeps in a live signals' `keysCache`. */
class LiveShape {
  constructor(public version: number, public shape: SignalShape) {}
}

/**
 * The shape of live signals, worked out again only after a key was added or
 * removed.
 *
 * @example
 * ```ts
 * import { shapeOfLive } from "./signal_shape.ts";
 * const hp = {
 *   keysVersion: 1,
 *   keys: (c: string) => (c === "integers" ? ["hp"] : []),
 *   getScalar: () => undefined,
 *   getInteger: () => 3,
 *   getString: () => undefined,
 * };
 * console.assert(shapeOfLive(hp).ik[0] === "hp");
 * ```
 */
export function shapeOfLive(s: LiveSignals): SignalShape {
  // A slot on the object, not a WeakMap: this runs for every entity callback of a frame.
  if (s.keySet !== undefined) return s.keySet;
  const slot = s.keysCache;
  const cached = slot instanceof LiveShape ? slot : undefined;
  const version = s.keysVersion;
  if (cached !== undefined && cached.version === version) return cached.shape;
  const shape = KeySet.sorting([
    s.keys("scalars"),
    s.keys("integers"),
    s.keys("strings"),
    s.keys("flags"),
  ]);
  if (cached === undefined) s.keysCache = new LiveShape(version, shape);
  else (cached.version = version, cached.shape = shape);
  return shape;
}
