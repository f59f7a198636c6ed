/**
 * Binary encoding of entity contexts inside a batch request: which fields a
 * context carries (its mask), its signals, and the key set a run of contexts
 * announces once in its header. The Lua half is `batch_decode.lua`; the two
 * must change together.
 *
 * @module
 */
import type { ByteWriter } from "./bytes.ts";
import type { EntityContextData, SignalsData } from "./batch_types.ts";
import { type LiveSignals, shapeOfLive, shapeOfRecords, type SignalShape } from "./signal_shape.ts";

/**
 * Presence bits of an entity context, in encoding order (the runtime gets
 * them at load and decodes the fields in the same order).
 *
 * @example
 * ```ts
 * import { CtxField } from "./batch_context.ts";
 * const mask = CtxField.Pos | CtxField.Vel; // a context with position and velocity
 * ```
 */
export const CtxField = {
  Group: 1,
  Pos: 2,
  ScreenPos: 4,
  Vel: 8,
  Frozen: 16,
  Rotation: 32,
  Scale: 64,
  Rect: 128,
  Phase: 256,
  PreviousPhase: 512,
  Timer: 1024,
  Signals: 2048,
  Sprite: 4096,
  Animation: 8192,
} as const;

/**
 * Append entity signals in the fixed layout the runtime reads into pooled
 * tables: four counts (`<I4` scalars, integers, strings, flags), then the
 * entries of each in key order (`<s4 d>`, `<s4 d>`, `<s4 s4>`, `<s4>`).
 * Inside an entity context the counts sit at the signals' place among the
 * fixed fields and the entries come after all of them.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeSignals } from "./batch_context.ts";
 * writeSignals(new ByteWriter(), { scalars: {}, integers: { hp: 3 }, strings: {}, flags: ["hit"] });
 * ```
 */
export function writeSignals(w: ByteWriter, s: SignalsData): void {
  const shape = shapeOfRecords(s);
  writeKeyCounts(w, shape);
  writeSignalEntries(w, recordValues(s), shape);
}

/**
 * The four key counts of `shape` (`<I4>` each): where a context whose signals carry their own
 * keys has them, after its timer (see {@linkcode writeEntity}).
 *
 * @example
 * ```ts
 * import { writeKeyCounts } from "./batch_context.ts";
 * import { ByteWriter } from "./bytes.ts";
 * import { shapeOfRecords } from "./signal_shape.ts";
 * const keys = shapeOfRecords({ scalars: {}, integers: { hp: 3 }, strings: {}, flags: [] });
 * writeKeyCounts(new ByteWriter(), keys); // 0, 1, 0, 0
 * ```
 */
export function writeKeyCounts(w: ByteWriter, shape: SignalShape): void {
  w.u32(shape.sk.length);
  w.u32(shape.ik.length);
  w.u32(shape.tk.length);
  w.u32(shape.flags.length);
}

/**
 * The signals at the end of a context (see {@linkcode writeEntity}): their values in the order of
 * the run's key set `shape`, or, when the context carries its keys, each of `keys` with its value.
 *
 * @example
 * ```ts
 * import { writeSignalsTail } from "./batch_context.ts";
 * import { ByteWriter } from "./bytes.ts";
 * import { shapeOfRecords } from "./signal_shape.ts";
 * const keys = shapeOfRecords({ scalars: {}, integers: { hp: 3 }, strings: {}, flags: [] });
 * const values = { getScalar: () => undefined, getInteger: () => 3, getString: () => undefined };
 * writeSignalsTail(new ByteWriter(), values, keys, undefined); // the value 3
 * ```
 */
export function writeSignalsTail(
  w: ByteWriter,
  v: SignalValues,
  shape: SignalShape | undefined,
  keys: SignalShape | undefined,
): void {
  if (shape !== undefined) writeSignalValues(w, v, shape);
  else if (keys !== undefined) writeSignalEntries(w, v, keys);
}

/**
 * Signal values by key, from records or from live signals.
 *
 * @example
 * ```ts
 * import type { SignalValues } from "./batch_context.ts";
 * const none: SignalValues = {
 *   getScalar: () => undefined,
 *   getInteger: () => undefined,
 *   getString: () => undefined,
 * };
 * ```
 */
export type SignalValues = Pick<LiveSignals, "getScalar" | "getInteger" | "getString">;

function recordValues(s: SignalsData): SignalValues {
  return {
    getScalar: (k) => s.scalars[k],
    getInteger: (k) => s.integers[k],
    getString: (k) => s.strings[k],
  };
}

// Values only, in key order; flags have none (a listed flag is true).
// Indexed loops: this runs for every entity callback of a frame.
function writeSignalValues(w: ByteWriter, v: SignalValues, shape: SignalShape): void {
  const { sk, ik, tk } = shape;
  for (let i = 0; i < sk.length; i++) w.f64(v.getScalar(sk[i]!) as number);
  for (let i = 0; i < ik.length; i++) w.f64(v.getInteger(ik[i]!) as number);
  for (let i = 0; i < tk.length; i++) w.str(v.getString(tk[i]!) as string);
}

function writeSignalEntries(w: ByteWriter, v: SignalValues, shape: SignalShape): void {
  for (const k of shape.sk) (w.str(k), w.f64(v.getScalar(k) as number));
  for (const k of shape.ik) (w.str(k), w.f64(v.getInteger(k) as number));
  for (const k of shape.tk) (w.str(k), w.str(v.getString(k) as string));
  for (const k of shape.flags) w.str(k);
}

/**
 * The presence mask of an entity context ({@linkcode CtxField} bits).
 *
 * @example
 * ```ts
 * import { contextMask, CtxField } from "./batch_context.ts";
 * contextMask({ id: 1, pos: [0, 0] }) === CtxField.Pos; // true
 * ```
 */
export function contextMask(c: EntityContextData): number {
  let mask = 0;
  if (c.group !== undefined) mask |= CtxField.Group;
  if (c.pos) mask |= CtxField.Pos;
  if (c.screenPos) mask |= CtxField.ScreenPos;
  if (c.vel) mask |= CtxField.Vel;
  if (c.frozen !== undefined) mask |= CtxField.Frozen;
  if (c.rotation !== undefined) mask |= CtxField.Rotation;
  if (c.scale) mask |= CtxField.Scale;
  if (c.rect) mask |= CtxField.Rect;
  if (c.phase) {
    mask |= CtxField.Phase;
    if (c.phase.previous !== undefined) mask |= CtxField.PreviousPhase;
  }
  if (c.timer) mask |= CtxField.Timer;
  if (c.signals || c.liveSignals) mask |= CtxField.Signals;
  if (c.sprite) mask |= CtxField.Sprite;
  if (c.animation) mask |= CtxField.Animation;
  return mask;
}

/**
 * First signal count of a run header meaning "each context carries its own keys".
 *
 * @example
 * ```ts
 * import { FULL_KEYS } from "./batch_context.ts";
 * FULL_KEYS === 0xffffffff; // true
 * ```
 */
export const FULL_KEYS = 0xffffffff;

/**
 * Most signal keys a run header carries: the runtime reads every value of a
 * context with one unpack into the locals of a generated decoder, and Lua
 * bounds a function's locals. Runs with more keys send them with each context.
 *
 * @example
 * ```ts
 * import { MAX_RUN_KEYS } from "./batch_context.ts";
 * MAX_RUN_KEYS; // 64
 * ```
 */
export const MAX_RUN_KEYS = 64;

/**
 * The signal shape a run header announces for `ctx`, or undefined (no
 * signals, or too many keys); `hint` is the open run's (records whose keys
 * enumerate as it does are not sorted again).
 *
 * @example
 * ```ts
 * import { runShape } from "./batch_context.ts";
 * const ctx = { id: 1, signals: { scalars: {}, integers: { hp: 3 }, strings: {}, flags: [] } };
 * runShape(ctx, undefined)?.total; // 1
 * ```
 */
export function runShape(
  c: EntityContextData,
  hint: SignalShape | undefined,
): SignalShape | undefined {
  const shape = c.liveSignals
    ? shapeOfLive(c.liveSignals)
    : c.signals
    ? shapeOfRecords(c.signals, hint)
    : undefined;
  return shape && shape.total <= MAX_RUN_KEYS ? shape : undefined;
}

/**
 * Append the key set of a run header: its four counts, then every key; for
 * no shape, {@linkcode FULL_KEYS} (each context carries its own keys).
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeShape } from "./batch_context.ts";
 * writeShape(new ByteWriter(), undefined);
 * ```
 */
export function writeShape(w: ByteWriter, shape: SignalShape | undefined): void {
  if (shape === undefined) {
    (w.u32(FULL_KEYS), w.u32(0), w.u32(0), w.u32(0));
    return;
  }
  writeKeyCounts(w, shape);
  for (const k of shape.sk) w.str(k);
  for (const k of shape.ik) w.str(k);
  for (const k of shape.tk) w.str(k);
  for (const k of shape.flags) w.str(k);
}

/**
 * Append one entity context: its id, then its fields in {@linkcode CtxField}
 * order (the runtime's decoder contract, batch_decode.lua FIELDS); ids travel
 * as `<i8` so Lua sees integers without a conversion. With `shape`, the key
 * set of the run the context belongs to (sent in its header): the signal
 * counts are left out and only the values follow the fixed fields. Without,
 * the counts sit at the signals' place and the keys and values follow the
 * fixed fields. The engine writes its world's entities in the same bytes
 * without making this object (`WorldContexts` in engine/entity_context.ts;
 * entity_context_test.ts holds the two equal).
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeEntity } from "./batch_context.ts";
 * writeEntity(new ByteWriter(), { id: 7, pos: [1, 2] });
 * ```
 */
export function writeEntity(w: ByteWriter, c: EntityContextData, shape?: SignalShape): void {
  w.i64(c.id);
  if (c.group !== undefined) w.str(c.group);
  if (c.pos) (w.f64(c.pos[0]), w.f64(c.pos[1]));
  if (c.screenPos) (w.f64(c.screenPos[0]), w.f64(c.screenPos[1]));
  if (c.vel) (w.f64(c.vel[0]), w.f64(c.vel[1]));
  if (c.frozen !== undefined) w.u8(c.frozen ? 1 : 0);
  if (c.rotation !== undefined) w.f64(c.rotation);
  if (c.scale) (w.f64(c.scale[0]), w.f64(c.scale[1]));
  if (c.rect) (w.f64(c.rect.x), w.f64(c.rect.y), w.f64(c.rect.w), w.f64(c.rect.h));
  if (c.phase) {
    w.str(c.phase.name);
    w.f64(c.phase.time);
    if (c.phase.previous !== undefined) w.str(c.phase.previous);
  }
  if (c.timer) (w.f64(c.timer.duration), w.f64(c.timer.elapsed), w.str(c.timer.callback));
  const live = c.liveSignals;
  const values: SignalValues | undefined = live ?? (c.signals && recordValues(c.signals));
  let keys: SignalShape | undefined;
  if (values !== undefined && shape === undefined) {
    keys = live ? shapeOfLive(live) : shapeOfRecords(c.signals!);
    writeKeyCounts(w, keys);
  }
  if (c.sprite) {
    (w.str(c.sprite.texture), w.u8(c.sprite.flipH ? 1 : 0), w.u8(c.sprite.flipV ? 1 : 0));
  }
  if (c.animation) (w.str(c.animation.key), w.f64(c.animation.frame), w.f64(c.animation.elapsed));
  if (values !== undefined) writeSignalsTail(w, values, shape, keys);
}
