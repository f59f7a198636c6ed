/**
 * Binary encoding of batch requests (engine -> Lua) and decoding of callback
 * results (Lua -> engine). The Lua half lives in `batch_runtime.lua` (loaded
 * by `runtime_lua.ts`, which hands it the numbers declared here); the two
 * must change together.
 *
 * @module
 */
import { KEEP_COSTS_FLAG, PROFILE_FLAG } from "./batch_profile.ts";
import { ByteReader, ByteWriter, DecodeError, decodeUtf8 } from "./bytes.ts";
import {
  type BatchRequest,
  CallbackKind,
  type CallbackRequest,
  type CallbackResult,
  type EntityContextData,
  type EntityRef,
  HINT_LEVEL,
  type LoggedLine,
  type SignalsData,
  type SnapshotData,
} from "./batch_types.ts";
import { type LiveSignals, shapeOfLive, shapeOfRecords, type SignalShape } from "./signal_shape.ts";
import { writeFloatTable, writeValue } from "./tagged_value.ts";
import { MoonglowError } from "../core/errors.ts";

/**
 * Presence bits of an entity context, in encoding order (the runtime gets
 * them at load and decodes the fields in the same order).
 *
 * @example
 * ```ts
 * import { CtxField } from "./batch_codec.ts";
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

function writeTrueSet(w: ByteWriter, names: readonly string[]): void {
  const set: Record<string, true> = {};
  for (const n of names) set[n] = true;
  writeValue(w, set);
}

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
 * import { writeSignals } from "./batch_codec.ts";
 * writeSignals(new ByteWriter(), { scalars: {}, integers: { hp: 3 }, strings: {}, flags: ["hit"] });
 * ```
 */
export function writeSignals(w: ByteWriter, s: SignalsData): void {
  const shape = shapeOfRecords(s);
  writeCounts(w, shape);
  writeSignalEntries(w, recordValues(s), shape);
}

function writeCounts(w: ByteWriter, shape: SignalShape): void {
  w.u32(shape.sk.length);
  w.u32(shape.ik.length);
  w.u32(shape.tk.length);
  w.u32(shape.flags.length);
}

/** Signal values by key, from records or from live signals. */
type SignalValues = Pick<LiveSignals, "getScalar" | "getInteger" | "getString">;

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
 * import { contextMask, CtxField } from "./batch_codec.ts";
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
 * import { FULL_KEYS } from "./batch_codec.ts";
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
 * import { MAX_RUN_KEYS } from "./batch_codec.ts";
 * MAX_RUN_KEYS; // 64
 * ```
 */
export const MAX_RUN_KEYS = 64;

/**
 * The signal shape a run header announces for `ctx`, or undefined (no
 * signals, or too many keys); `hint` is the open run's (records whose keys
 * enumerate as it does are not sorted again).
 */
function runShape(c: EntityContextData, hint: SignalShape | undefined): SignalShape | undefined {
  const shape = c.liveSignals
    ? shapeOfLive(c.liveSignals)
    : c.signals
    ? shapeOfRecords(c.signals, hint)
    : undefined;
  return shape && shape.total <= MAX_RUN_KEYS ? shape : undefined;
}

function writeShape(w: ByteWriter, shape: SignalShape | undefined): void {
  if (shape === undefined) {
    (w.u32(FULL_KEYS), w.u32(0), w.u32(0), w.u32(0));
    return;
  }
  writeCounts(w, shape);
  for (const k of shape.sk) w.str(k);
  for (const k of shape.ik) w.str(k);
  for (const k of shape.tk) w.str(k);
  for (const k of shape.flags) w.str(k);
}

// Field order is the runtime's decoder contract (batch_decode.lua FIELDS); ids
// travel as `<i8` so Lua sees integers without a conversion. With `shape`,
// the key set of the run the context belongs to (sent in its header): the
// signal counts are left out and only the values follow the fixed fields.
// Without, the counts sit at the signals' place and the keys and values
// follow the fixed fields.
function writeEntity(w: ByteWriter, c: EntityContextData, shape?: SignalShape): void {
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
    writeCounts(w, keys);
  }
  if (c.sprite) {
    (w.str(c.sprite.texture), w.u8(c.sprite.flipH ? 1 : 0), w.u8(c.sprite.flipV ? 1 : 0));
  }
  if (c.animation) (w.str(c.animation.key), w.f64(c.animation.frame), w.f64(c.animation.elapsed));
  if (values === undefined) return;
  if (shape !== undefined) writeSignalValues(w, values, shape);
  else if (keys !== undefined) writeSignalEntries(w, values, keys);
}

/**
 * Append the world snapshot as the Lua table `rt.snap`.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeSnapshot } from "./batch_codec.ts";
 * writeSnapshot(new ByteWriter(), {
 *   scalars: {}, integers: { score: 1 }, strings: {}, flags: [], entities: {},
 *   groups: {}, assets: {}, cvars: {}, input: {},
 * });
 * ```
 */
export function writeSnapshot(w: ByteWriter, s: SnapshotData): void {
  const assets: Record<string, Record<string, true>> = {};
  for (const [kind, keys] of Object.entries(s.assets)) {
    const set: Record<string, true> = {};
    for (const k of keys) set[k] = true;
    assets[kind] = set;
  }
  // Written as one Lua table; keys must go out sorted for deterministic bytes.
  const fields: [string, () => void][] = [
    ["assets", () => writeValue(w, assets)],
    ["cvars", () => writeValue(w, s.cvars)],
    ["entities", () => writeValue(w, s.entities)],
    ["flags", () => writeTrueSet(w, s.flags)],
    ["groups", () => writeValue(w, s.groups)],
    ["input", () => writeValue(w, s.input)],
    ["integers", () => writeValue(w, s.integers)],
    ["scalars", () => writeFloatTable(w, s.scalars)],
    ["strings", () => writeValue(w, s.strings)],
  ];
  const components = s.components;
  if (components) fields.push(["components", () => writeValue(w, components)]);
  fields.sort(([a], [b]) => (a < b ? -1 : 1));
  w.u8(5);
  w.u32(fields.length);
  for (const [key, write] of fields) {
    writeValue(w, key);
    write();
  }
}

/**
 * A request without the index and seed a batch assigns (distributive, so each
 * variant of a union keeps its own fields).
 *
 * @example
 * ```ts
 * import type { OmitIndexSeed } from "./batch_codec.ts";
 * type Timed = OmitIndexSeed<{ index: number; seed: [number, number]; fn: string }>; // { fn: string }
 * ```
 */
export type OmitIndexSeed<T> = T extends unknown ? Omit<T, "index" | "seed"> : never;

/** A callback request before its index and seed are known. */
export type CallbackBody = OmitIndexSeed<CallbackRequest>;

/**
 * A callback the engine wants run; the script stage assigns its index and seed.
 *
 * @example
 * ```ts
 * import type { PlannedCallback } from "./batch_codec.ts";
 * import { CallbackKind } from "./batch_types.ts";
 * const setup: PlannedCallback = { kind: CallbackKind.Call, fn: "on_setup", args: [], entity: 0 };
 * ```
 */
export type PlannedCallback = CallbackBody & {
  /** Entity the callback belongs to, 0 when none (orders commands, seeds random). */
  entity: number;
};

function isEntityKind(kind: CallbackKind): boolean {
  return kind >= CallbackKind.PhaseEnter && kind <= CallbackKind.Timer;
}

/**
 * Where the encoder reads the context of an entity that a request names by
 * id (the engine's world); see {@linkcode EntityRef}.
 *
 * @example
 * ```ts
 * import type { EntityContextSource } from "./batch_codec.ts";
 * const source: EntityContextSource = { context: (id) => ({ id, pos: [0, 0] }) };
 * ```
 */
export interface EntityContextSource {
  /**
   * The context of live entity `id`, or undefined when it is not alive. The
   * object may be reused by the next call: the encoder writes it at once.
   */
  context(id: number): EntityContextData | undefined;
}

/**
 * Thrown when a request names an entity by id and the encoder has no
 * {@linkcode EntityContextSource}, or the source does not know the entity.
 *
 * @example
 * ```ts
 * import { MissingContextError } from "./batch_codec.ts";
 * new MissingContextError(7).message; // "Entity 7 has no context to send"
 * ```
 */
export class MissingContextError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "BATCH_MISSING_CONTEXT";
  /** Create the error for entity `id`. */
  constructor(id: number) {
    super(`Entity ${id} has no context to send`);
  }
}

function resolve(ref: EntityRef, source: EntityContextSource | undefined): EntityContextData {
  if (typeof ref !== "number") return ref;
  const ctx = source?.context(ref);
  if (ctx === undefined) throw new MissingContextError(ref);
  return ctx;
}

/**
 * Appends callback requests grouped in runs: consecutive callbacks of one
 * kind and function name (and, for entity callbacks, one context field mask
 * and one signal key set) share a header `<B kind> <s4 name> <I4 mask> <I4
 * count>`, so the runtime looks the function up and picks the context decoder
 * once per run. An entity run whose contexts have signals follows its header
 * with their keys (four `<I4>` counts, then every key `<s4>`; a first count of
 * `0xFFFFFFFF` means each context carries its own). Each callback then writes
 * `<I4 index> <I4 seed> <I4 seed>` and its arguments (an entity context's
 * signal values after its fixed fields).
 * Contexts given as entity ids are read from `source` as they are written.
 * Call {@linkcode CallbackRunWriter.finish} after the last one.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { CallbackRunWriter } from "./batch_codec.ts";
 * import { CallbackKind } from "./batch_types.ts";
 * const w = new ByteWriter();
 * const runs = new CallbackRunWriter(w);
 * runs.add({ kind: CallbackKind.SceneUpdate, fn: "on_update_menu" }, 0, 1, 2);
 * runs.finish();
 * ```
 */
export class CallbackRunWriter {
  #w: ByteWriter;
  #source: EntityContextSource | undefined;
  #countAt = -1;
  #count = 0;
  #kind = 0;
  #name = "";
  #mask = 0;
  /** The open run's key set (undefined: none, or each context carries its own). */
  #shape: SignalShape | undefined;

  /** Write runs into `w`, reading contexts given by id from `source`. */
  constructor(w: ByteWriter, source?: EntityContextSource) {
    this.#w = w;
    this.#source = source;
  }

  /**
   * Append one callback; `index` and the seed words are passed apart from the request.
   *
   * @throws {MissingContextError} when a context given by id cannot be read.
   */
  add(c: CallbackBody, index: number, seedA: number, seedB: number): void {
    const w = this.#w;
    const name = c.kind === CallbackKind.Chunk ? c.chunkName : c.fn;
    const ctx = isEntityKind(c.kind)
      ? resolve((c as { ctx: EntityRef }).ctx, this.#source)
      : undefined;
    const mask = ctx ? contextMask(ctx) : 0;
    const shape = ctx && mask & CtxField.Signals ? runShape(ctx, this.#shape) : undefined;
    if (
      this.#count === 0 || c.kind !== this.#kind || name !== this.#name || mask !== this.#mask ||
      shape !== this.#shape
    ) {
      this.finish();
      this.#kind = c.kind;
      this.#name = name;
      this.#mask = mask;
      this.#shape = shape;
      w.u8(c.kind);
      w.str(name);
      w.u32(mask);
      this.#countAt = w.length;
      w.u32(0);
      if (ctx && mask & CtxField.Signals) writeShape(w, shape);
    }
    this.#count++;
    w.u32(index);
    w.u32(seedA >>> 0);
    w.u32(seedB >>> 0);
    if (ctx) writeEntity(w, ctx, shape);
    else writeArguments(w, c, this.#source);
  }

  /** Close the open run (write its count); adding afterwards starts a new run. */
  finish(): void {
    if (this.#count > 0) this.#w.patchU32(this.#countAt, this.#count);
    this.#count = 0;
  }
}

function writeArguments(w: ByteWriter, c: CallbackBody, source?: EntityContextSource): void {
  switch (c.kind) {
    case CallbackKind.PhaseEnter:
    case CallbackKind.PhaseUpdate:
    case CallbackKind.PhaseExit:
    case CallbackKind.Timer:
      writeEntity(w, resolve(c.ctx, source));
      return;
    case CallbackKind.Collision: {
      // Each side is written before the other is read: a source may reuse one object.
      const a = resolve(c.a, source);
      w.u32(contextMask(a));
      writeEntity(w, a);
      const b = resolve(c.b, source);
      w.u32(contextMask(b));
      writeEntity(w, b);
      w.u8(c.sides.a);
      w.u8(c.sides.b);
      return;
    }
    case CallbackKind.SceneUpdate:
      return;
    case CallbackKind.Menu:
      w.f64(c.menu.menuId);
      w.str(c.menu.itemId);
      w.f64(c.menu.itemIndex);
      return;
    case CallbackKind.CVar:
      for (const a of c.args) w.str(a);
      return;
    case CallbackKind.Call:
      w.u32(c.args.length);
      for (const a of c.args) writeValue(w, a);
      return;
    case CallbackKind.Chunk:
      w.str(c.source);
      return;
  }
}

/**
 * Encode a batch request into one binary message: `<I4 frame> <d dt>
 * <B flags> <I4 snapshot id> <I4 input id>`, the snapshot and input when
 * present (flags 1 and 2; flag 4 asks for the costs, see batch_profile.ts), `<I4 n>`, then the
 * callbacks in runs (see
 * {@linkcode CallbackRunWriter}).
 * A request without a snapshot (or input) keeps the state's current one; with
 * a non-zero id the runtime refuses the batch when it holds another id.
 *
 * @example
 * ```ts
 * import { encodeBatch } from "./batch_codec.ts";
 * import { CallbackKind } from "./batch_types.ts";
 * const bytes = encodeBatch({
 *   frame: 1, dt: 1 / 60,
 *   callbacks: [{ index: 0, seed: [1, 2], kind: CallbackKind.SceneUpdate, fn: "on_update_menu" }],
 * });
 * ```
 */
export function encodeBatch(req: BatchRequest, w: ByteWriter = new ByteWriter(1024)): Uint8Array {
  w.reset();
  writeBatchHead(w, req);
  w.u32(req.callbacks.length);
  const runs = new CallbackRunWriter(w);
  for (const c of req.callbacks) runs.add(c, c.index, c.seed[0], c.seed[1]);
  runs.finish();
  return w.finish();
}

/** The header flags of a request's `profile` field. */
function profileFlags(profile: boolean | "keep" | undefined): number {
  return profile ? PROFILE_FLAG | (profile === "keep" ? KEEP_COSTS_FLAG : 0) : 0;
}

/**
 * Append the head of a batch (frame facts, snapshot, input), everything
 * before the callback count; {@linkcode encodeBatch} is this plus the callbacks.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeBatchHead } from "./batch_codec.ts";
 * writeBatchHead(new ByteWriter(), { frame: 1, dt: 1 / 60 });
 * ```
 */
export function writeBatchHead(w: ByteWriter, req: Omit<BatchRequest, "callbacks">): void {
  const hasInput = req.input !== undefined;
  const flags = profileFlags(req.profile);
  writeHeadFacts(
    w,
    req.frame,
    req.dt,
    !!req.snapshot,
    hasInput,
    flags,
    req.snapshotId,
    req.inputId,
  );
  if (req.snapshot) writeSnapshot(w, req.snapshot);
  if (req.input !== undefined) writeValue(w, req.input);
}

// Both heads: frame, dt, which tables follow, and the ids the runtime checks.
function writeHeadFacts(
  w: ByteWriter,
  frame: number,
  dt: number,
  hasSnapshot: boolean,
  hasInput: boolean,
  profileBits: number,
  snapshotId = 0,
  inputId = 0,
): void {
  w.u32(frame >>> 0);
  w.f64(dt);
  w.u8((hasSnapshot ? 1 : 0) | (hasInput ? 2 : 0) | profileBits);
  w.u32(snapshotId >>> 0);
  w.u32(inputId >>> 0);
}

/**
 * Like {@linkcode writeBatchHead}, with the snapshot and input given as their
 * already encoded bytes (`writeSnapshot` / `writeValue` output), so a caller
 * that sends the same snapshot to several states encodes it once.
 *
 * @example
 * ```ts
 * import { ByteWriter } from "./bytes.ts";
 * import { writeEncodedBatchHead } from "./batch_codec.ts";
 * writeEncodedBatchHead(new ByteWriter(), { frame: 1, dt: 1 / 60, snapshotId: 0, inputId: 0 });
 * ```
 */
export function writeEncodedBatchHead(w: ByteWriter, head: EncodedBatchHead): void {
  const { snapshot, input } = head;
  const flags = profileFlags(head.profile);
  writeHeadFacts(w, head.frame, head.dt, !!snapshot, !!input, flags, head.snapshotId, head.inputId);
  if (head.snapshot) w.bytes(head.snapshot);
  if (head.input) w.bytes(head.input);
}

/** The head of a batch with pre-encoded snapshot and input; see {@linkcode writeEncodedBatchHead}. */
export interface EncodedBatchHead {
  /** Simulation frame. */
  frame: number;
  /** Fixed timestep in seconds. */
  dt: number;
  /** Id of the snapshot the callbacks must see (0: no check). */
  snapshotId: number;
  /** Id of the input table (0: no check). */
  inputId: number;
  /** Encoded snapshot, when the state does not hold `snapshotId` yet. */
  snapshot?: Uint8Array;
  /** Encoded input, when the state does not hold `inputId` yet. */
  input?: Uint8Array;
  /**
   * Ask for what the callbacks cost (see batch_profile.ts); `"keep"`: count
   * them but keep them in the state for a later profiled batch.
   */
  profile?: boolean | "keep";
}

const LEVELS = ["debug", "info", "warn", "error"] as const;

/** The logs of the many callbacks that logged nothing: one shared, frozen list. */
const NO_LOGS: LoggedLine[] = Object.freeze([]) as unknown as LoggedLine[];
const NO_BYTES = new Uint8Array(0);

function readLogs(bytes: Uint8Array): LoggedLine[] {
  const r = new ByteReader(bytes);
  const out: LoggedLine[] = [];
  while (r.remaining > 0) {
    const at = r.offset;
    const byte = r.u8("log level");
    if (byte === HINT_LEVEL) {
      out.push({ level: "warn", message: r.str("hint code"), hint: true });
      continue;
    }
    const level = LEVELS[byte];
    if (level === undefined) throw new DecodeError("Unknown log level", at);
    out.push({ level, message: r.str("log message") });
  }
  return out;
}

/**
 * The callback count of a reply that refused its batch (the state holds other
 * tables than the batch expects); see {@linkcode refusalOf}.
 *
 * @example
 * ```ts
 * import { REFUSED_COUNT } from "./batch_codec.ts";
 * REFUSED_COUNT === 0xffffffff; // true
 * ```
 */
export const REFUSED_COUNT = 0xffffffff;

/**
 * Thrown when results are read from a reply that refused its batch (see
 * {@linkcode refusalOf}).
 *
 * @example
 * ```ts
 * import { BatchRefusedError } from "./batch_codec.ts";
 * new BatchRefusedError("stale input").message; // "Batch refused: stale input"
 * ```
 */
export class BatchRefusedError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "BATCH_REFUSED";
  /** Why the state refused the batch. */
  readonly reason: string;
  /** Create the error. */
  constructor(reason: string) {
    super(`Batch refused: ${reason}`);
    this.reason = reason;
  }
}

/**
 * Why the state refused the batch this reply answers, or undefined when it
 * ran it. A state refuses a batch that expects a snapshot or input table it
 * does not hold (`<s4 reason> <I4 0xFFFFFFFF>` in place of results); the
 * engine then sends the batch again with the tables.
 *
 * @example
 * ```ts
 * import { refusalOf } from "./batch_codec.ts";
 * refusalOf(new Uint8Array(4)); // undefined: no callbacks, not refused
 * ```
 */
export function refusalOf(output: Uint8Array): string | undefined {
  if (output.length < 8) return undefined;
  const view = new DataView(output.buffer, output.byteOffset, output.byteLength);
  if (view.getUint32(output.length - 4, true) !== REFUSED_COUNT) return undefined;
  const length = view.getUint32(0, true);
  if (length !== output.length - 8) return undefined;
  return decodeUtf8(output.subarray(4, 4 + length));
}

/** Bytes of one table-of-contents entry: `<i8 index << 34 | command bytes << 2 | status>`. */
const TOC_ENTRY = 8;
/**
 * Status of a callback in the table of contents of batch results (the low two
 * bits of its entry; see {@linkcode BatchResults}).
 *
 * @example
 * ```ts
 * import { ResultStatus } from "./batch_codec.ts";
 * ResultStatus.Failed; // 1
 * ```
 */
export const ResultStatus = {
  /** Succeeded with nothing but commands. */
  Ok: 0,
  /** Failed: an error text and logs follow, no commands. */
  Failed: 1,
  /** Succeeded with a returned text or logs. */
  OkWithExtras: 2,
} as const;

const OK = ResultStatus.Ok,
  FAILED = ResultStatus.Failed,
  OK_WITH_EXTRAS = ResultStatus.OkWithExtras;

/**
 * A cursor over the results of a batch, one callback per
 * {@linkcode BatchResults.next} in request order, without an object per
 * callback: a frame of thousands of callbacks reads their fields in place and
 * decodes each one's commands straight from the buffer. Layout: the commands
 * of every callback that succeeded, back to back; then the extras of each
 * callback that has any, `<s4 return> <s4 logs>` (status 2) or `<s4 error>
 * <s4 logs>` (status 1); then the table of contents, one `<i8 index << 34 |
 * command bytes << 2 | status>` per callback (status 0: commands only); then
 * `<I4 callback count>`. A malformed buffer throws {@linkcode DecodeError}
 * (the table of contents is checked whole before the first callback), a
 * refused batch {@linkcode BatchRefusedError}.
 *
 * @example
 * ```ts
 * import { BatchResults } from "./batch_codec.ts";
 * const results = new BatchResults(new Uint8Array(4));
 * while (results.next()) console.log(results.index, results.ok);
 * ```
 */
export class BatchResults {
  /** Callbacks in the batch. */
  readonly count: number;
  /** The current callback's request index. */
  index = 0;
  /** Whether it ran to the end (else {@linkcode BatchResults.error} says why). */
  ok = true;
  /** Where its encoded commands start in {@linkcode BatchResults.bytes}. */
  commandsStart = 0;
  /** Where they end (equal to the start: none). */
  commandsEnd = 0;
  /** A string it returned, else undefined. */
  returned: string | undefined;
  /** Its error text with `file:line` and traceback, when it failed. */
  error: string | undefined;
  /** Lines it logged (a shared empty list when none). */
  logs: LoggedLine[] = NO_LOGS;
  /** The whole results buffer. */
  readonly bytes: Uint8Array;
  #view: DataView;
  #tocAt: number;
  #i = 0;
  #entryAt = 0;
  #pos: number;

  /**
   * Check the table of contents of `bytes` and stand before the first callback.
   *
   * @throws {DecodeError} when the buffer is truncated or a status is unknown.
   */
  constructor(bytes: Uint8Array) {
    if (bytes.length < 4) throw new DecodeError("Truncated batch results (no callback count)", 0);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = view.getUint32(bytes.length - 4, true);
    const refusal = n === REFUSED_COUNT ? refusalOf(bytes) : undefined;
    if (refusal !== undefined) throw new BatchRefusedError(refusal);
    const tocAt = bytes.length - 4 - n * TOC_ENTRY;
    if (tocAt < 0) throw new DecodeError(`Truncated batch results (${n} callbacks)`, 0);
    this.bytes = bytes;
    this.count = n;
    this.#view = view;
    this.#tocAt = tocAt;
    let commandBytes = 0;
    for (let i = 0; i < n; i++) {
      const at = tocAt + i * TOC_ENTRY;
      const status = view.getUint32(at, true) & 3;
      if (status > OK_WITH_EXTRAS) throw new DecodeError(`Unknown callback status ${status}`, at);
      commandBytes += this.#length(at);
    }
    if (commandBytes > tocAt) {
      throw new DecodeError(`Truncated callback commands (need ${commandBytes} bytes)`, tocAt);
    }
    this.#pos = commandBytes;
  }

  // An entry's low word holds the status and the low 30 bits of the command
  // bytes, its high word the index and their top 2 bits.
  #length(at: number): number {
    const lo = this.#view.getUint32(at, true), hi = this.#view.getUint32(at + 4, true);
    return (lo >>> 2) + (hi & 3) * 2 ** 30;
  }

  #lstr(what: string): Uint8Array {
    const view = this.#view, tocAt = this.#tocAt, pos = this.#pos;
    if (tocAt - pos < 4) throw new DecodeError(`Truncated ${what} length`, pos);
    const length = view.getUint32(pos, true);
    if (length > tocAt - pos - 4) {
      throw new DecodeError(
        `Truncated ${what} (need ${length} bytes, have ${tocAt - pos - 4})`,
        pos,
      );
    }
    this.#pos = pos + 4 + length;
    return this.bytes.subarray(pos + 4, this.#pos);
  }

  /**
   * Move to the next callback; false after the last one.
   *
   * @throws {DecodeError} when its extras are malformed, or after the last
   * callback when bytes are left over.
   */
  next(): boolean {
    if (this.#i >= this.count) {
      const pos = this.#pos, tocAt = this.#tocAt;
      if (pos !== tocAt) {
        throw new DecodeError(`${tocAt - pos} unexpected bytes in batch results`, pos);
      }
      return false;
    }
    const at = this.#tocAt + this.#i++ * TOC_ENTRY;
    const view = this.#view;
    const status = view.getUint32(at, true) & 3, length = this.#length(at);
    this.index = view.getUint32(at + 4, true) >>> 2;
    this.commandsStart = this.#entryAt;
    this.commandsEnd = this.#entryAt += length;
    this.ok = status !== FAILED;
    this.returned = this.error = undefined;
    this.logs = NO_LOGS;
    if (status === OK) return true;
    const text = this.#lstr(status === FAILED ? "callback error" : "callback return");
    const logBytes = this.#lstr("callback logs");
    if (logBytes.length > 0) this.logs = readLogs(logBytes);
    if (status === FAILED) {
      if (length !== 0) throw new DecodeError("Failed callback with commands", at);
      this.error = decodeUtf8(text);
    } else if (text.length > 0) this.returned = decodeUtf8(text);
    return true;
  }
}

/**
 * Decode the results of a batch into one object per callback, in request
 * order (see {@linkcode BatchResults} for the layout; the engine reads them
 * with that cursor instead).
 *
 * @throws {DecodeError} when the buffer is malformed.
 * @example
 * ```ts
 * import { decodeResults } from "./batch_codec.ts";
 * const results = decodeResults(new Uint8Array(4)); // []
 * ```
 */
export function decodeResults(bytes: Uint8Array): CallbackResult[] {
  const r = new BatchResults(bytes);
  const out: CallbackResult[] = [];
  while (r.next()) {
    const { index, logs } = r;
    if (!r.ok) out.push({ index, ok: false, error: r.error!, logs });
    else {
      const commands = r.commandsEnd === r.commandsStart
        ? NO_BYTES
        : bytes.subarray(r.commandsStart, r.commandsEnd);
      out.push({ index, ok: true, commands, returned: r.returned, logs });
    }
  }
  return out;
}
