/**
 * Signal shapes: the sorted key lists of an entity's signals, interned so
 * that entities with the same keys share one object. The batch encoder sends
 * a context's keys only when its shape is not the previous context's (the
 * runtime then reads values only), and a shape is worked out once per key
 * change of an entity, not once per frame.
 *
 * @module
 */
import type { SignalsData } from "./batch_types.ts";

/**
 * Interned sorted key lists of one entity's signals; equal key sets are the
 * same object while the intern table holds them.
 *
 * @example
 * ```ts
 * import { shapeOfRecords } from "./signal_shape.ts";
 * const a = shapeOfRecords({ scalars: {}, integers: { hp: 1 }, strings: {}, flags: [] });
 * const b = shapeOfRecords({ scalars: {}, integers: { hp: 2 }, strings: {}, flags: [] });
 * console.assert(a === b && a.ik[0] === "hp");
 * ```
 */
export interface SignalShape {
  /** Scalar keys, sorted. */
  readonly sk: readonly string[];
  /** Integer keys, sorted. */
  readonly ik: readonly string[];
  /** String keys, sorted. */
  readonly tk: readonly string[];
  /** Set flags, sorted. */
  readonly flags: readonly string[];
  /** All keys together. */
  readonly total: number;
}

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
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const NO_KEYS: readonly string[] = Object.freeze([]);
/** Distinct key sets kept; past this the table starts over (equal sets then only cost their keys once more). */
const MAX_SHAPES = 4096;

let interned = new Map<string, SignalShape>();

function sorted(keys: Iterable<string>): readonly string[] {
  const out = [...keys];
  return out.length === 0 ? NO_KEYS : out.length > 1 ? out.sort(byKey) : out;
}

function intern(
  sk: readonly string[],
  ik: readonly string[],
  tk: readonly string[],
  flags: readonly string[],
): SignalShape {
  const key = JSON.stringify([sk, ik, tk, flags]);
  let shape = interned.get(key);
  if (shape === undefined) {
    if (interned.size >= MAX_SHAPES) interned = new Map();
    shape = { sk, ik, tk, flags, total: sk.length + ik.length + tk.length + flags.length };
    interned.set(key, shape);
  }
  return shape;
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
  return intern(
    sorted(Object.keys(s.scalars)),
    sorted(Object.keys(s.integers)),
    sorted(Object.keys(s.strings)),
    sorted(s.flags),
  );
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
  const slot = s.keysCache;
  const cached = slot instanceof LiveShape ? slot : undefined;
  const version = s.keysVersion;
  if (cached !== undefined && cached.version === version) return cached.shape;
  const shape = intern(
    sorted(s.keys("scalars")),
    sorted(s.keys("integers")),
    sorted(s.keys("strings")),
    sorted(s.keys("flags")),
  );
  if (cached === undefined) s.keysCache = new LiveShape(version, shape);
  else (cached.version = version, cached.shape = shape);
  return shape;
}
