/**
 * Binary encoding of batch requests (engine -> Lua): callbacks grouped in
 * runs after the batch's head; and decoding of a reply into one result per
 * callback. The parts: entity contexts in `batch_context.ts`, the head in
 * `batch_head.ts`, the reply's layout in `batch_results.ts`. The Lua half is
 * the batch runtime (`runtime_lua.ts` loads it and hands it the numbers
 * declared here); the two must change together.
 *
 * @module
 */
import { contextMask, CtxField, runShape, writeEntity, writeShape } from "./batch_context.ts";
import { writeBatchHead } from "./batch_head.ts";
import { BatchResults } from "./batch_results.ts";
import { ByteWriter } from "./bytes.ts";
import {
  type BatchRequest,
  CallbackKind,
  type CallbackRequest,
  type CallbackResult,
  type EntityContextData,
  type EntityRef,
} from "./batch_types.ts";
import type { SignalShape } from "./signal_shape.ts";
import { writeValue } from "./tagged_value.ts";
import { MoonglowError } from "../core/errors.ts";

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

// A collision callback's body.
type CollisionBody = Extract<CallbackBody, { kind: typeof CallbackKind.Collision }>;

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

// An entity callback (phase enter, update, exit, timer): its context is the whole request.
type EntityBody = Extract<CallbackBody, { ctx: EntityRef }>;

function isEntityBody(c: CallbackBody): c is EntityBody {
  return c.kind >= CallbackKind.PhaseEnter && c.kind <= CallbackKind.Timer;
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
   * object may be reused by the next call with the same `slot` (0 unless
   * given): the encoder writes it before then. A collision's two contexts
   * are read into slots 0 and 1, and both are written afterwards.
   */
  context(id: number, slot?: 0 | 1): EntityContextData | undefined;
  /**
   * Writes the context of an entity named by id straight into a request, in
   * the bytes `writeEntity` gives its {@linkcode EntityContextSource.context},
   * without making that object (the encoder's way when the source has one).
   */
  readonly writer?: EntityContextWriter;
}

/**
 * Writes entity contexts into a request from where they live: a context is
 * read into a slot (0, or 1 for a collision's side b), its field mask and key
 * set decide the run it goes in, then it is written. Its bytes must be the
 * ones `writeEntity` writes for the source's `context` of the same entity.
 *
 * @example
 * ```ts
 * import type { EntityContextWriter } from "./batch_codec.ts";
 * import { ByteWriter } from "./bytes.ts";
 * declare const writer: EntityContextWriter;
 * const w = new ByteWriter();
 * if (writer.prepare(7, 0) >= 0) writer.write(w, 0, writer.shapeOf(0));
 * ```
 */
export interface EntityContextWriter {
  /**
   * Read live entity `id` into `slot`: its context's field mask (`CtxField` bits) within `fields`
   * (all when not given), or -1 when it is not alive.
   */
  prepare(id: number, slot: 0 | 1, fields?: number): number;
  /**
   * The context fields (`CtxField` bits) a callback of function `fn` can read: an entity
   * callback's context is written with no other (the rest are nil, as for an entity without them).
   */
  fieldsRead(fn: string): number;
  /** The key set of the signals of the entity in `slot`, as `runShape` gives it. */
  shapeOf(slot: 0 | 1): SignalShape | undefined;
  /** Write the context of the entity in `slot`, its signals as `shape` says (see `writeEntity`). */
  write(w: ByteWriter, slot: 0 | 1, shape: SignalShape | undefined): void;
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

function resolve(
  ref: EntityRef,
  source: EntityContextSource | undefined,
  slot: 0 | 1 = 0,
): EntityContextData {
  if (typeof ref !== "number") return ref;
  const ctx = source?.context(ref, slot);
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
  /** A collision run's key set of side b. */
  #shapeB: SignalShape | undefined;
  /** The contexts read into each slot: their objects (undefined: the source's writer has them). */
  #objects: [EntityContextData | undefined, EntityContextData | undefined] = [undefined, undefined];
  /** Their key sets (see runShape). */
  #shapes: [SignalShape | undefined, SignalShape | undefined] = [undefined, undefined];

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
    if (c.kind === CallbackKind.Collision) {
      this.#addCollision(c, index, seedA, seedB);
      return;
    }
    if (isEntityBody(c)) {
      const mask = this.#read(c.ctx, 0, this.#shape, this.#source?.writer?.fieldsRead(c.fn));
      this.#open(c.kind, c.fn, mask, this.#shapes[0], undefined);
      this.#head(index, seedA, seedB);
      this.#write(0);
      return;
    }
    this.#open(c.kind, c.kind === CallbackKind.Chunk ? c.chunkName : c.fn, 0, undefined, undefined);
    this.#head(index, seedA, seedB);
    writeArguments(this.#w, c);
  }

  // A collision run has one layout: both contexts' masks (a's | b's << 16) and key sets, which the
  // run header names before either context is written (a source keeps them in two slots).
  #addCollision(c: CollisionBody, index: number, seedA: number, seedB: number): void {
    const maskA = this.#read(c.a, 0, this.#shape), maskB = this.#read(c.b, 1, this.#shapeB);
    this.#open(c.kind, c.fn, maskA | maskB << 16, this.#shapes[0], this.#shapes[1]);
    this.#head(index, seedA, seedB);
    this.#write(0);
    this.#write(1);
    this.#w.u8(c.sides.a);
    this.#w.u8(c.sides.b);
  }

  // Read the context `ref` names into `slot`: returns its field mask and keeps its key set (a
  // run's; `hint`, the open run's, saves working out a record context's) for #write. An entity
  // named by id is written by the source's writer when it has one, within `fields` (the fields its
  // callback can read), else from its context object.
  #read(
    ref: EntityRef,
    slot: 0 | 1,
    hint: SignalShape | undefined,
    fields?: number,
  ): number {
    const writer = this.#source?.writer;
    let mask: number;
    if (writer !== undefined && typeof ref === "number") {
      mask = writer.prepare(ref, slot, fields);
      if (mask < 0) throw new MissingContextError(ref);
      this.#objects[slot] = undefined;
      this.#shapes[slot] = mask & CtxField.Signals ? writer.shapeOf(slot) : undefined;
    } else {
      const ctx = this.#objects[slot] = resolve(ref, this.#source, slot);
      mask = contextMask(ctx);
      this.#shapes[slot] = mask & CtxField.Signals ? runShape(ctx, hint) : undefined;
    }
    return mask;
  }

  // Write the context read into `slot`.
  #write(slot: 0 | 1): void {
    const ctx = this.#objects[slot], shape = this.#shapes[slot];
    if (ctx !== undefined) writeEntity(this.#w, ctx, shape);
    else this.#source!.writer!.write(this.#w, slot, shape);
    this.#objects[slot] = undefined;
  }

  // Start a new run unless the open one has this layout (its header gives the key set of each
  // context mask with signals: an entity run's one, a collision run's two).
  #open(
    kind: number,
    name: string,
    mask: number,
    shape: SignalShape | undefined,
    shapeB: SignalShape | undefined,
  ): void {
    if (
      this.#count > 0 && kind === this.#kind && name === this.#name && mask === this.#mask &&
      shape === this.#shape && shapeB === this.#shapeB
    ) {
      return;
    }
    this.finish();
    const w = this.#w;
    this.#kind = kind;
    this.#name = name;
    this.#mask = mask;
    this.#shape = shape;
    this.#shapeB = shapeB;
    w.u8(kind);
    w.str(name);
    w.u32(mask);
    this.#countAt = w.length;
    w.u32(0);
    if (kind === CallbackKind.Collision) {
      if (mask & CtxField.Signals) writeShape(w, shape);
      if ((mask >>> 16) & CtxField.Signals) writeShape(w, shapeB);
    } else if (mask & CtxField.Signals) writeShape(w, shape);
  }

  #head(index: number, seedA: number, seedB: number): void {
    const w = this.#w;
    this.#count++;
    w.u32(index);
    w.u32(seedA >>> 0);
    w.u32(seedB >>> 0);
  }

  /** The field mask of the last callback added (0 for one without an entity context). */
  get mask(): number {
    return this.#mask;
  }

  /** The key set of the last callback added (undefined: none, or it carries its own keys). */
  get shape(): SignalShape | undefined {
    return this.#shape;
  }

  /** Close the open run (write its count); adding afterwards starts a new run. */
  finish(): void {
    if (this.#count > 0) this.#w.patchU32(this.#countAt, this.#count);
    this.#count = 0;
  }
}

// The arguments of a callback that has no entity context.
function writeArguments(w: ByteWriter, c: Exclude<CallbackBody, CollisionBody | EntityBody>): void {
  switch (c.kind) {
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

const NO_BYTES = new Uint8Array(0);

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
    const { index, logs, componentReads } = r;
    if (!r.ok) out.push({ index, ok: false, error: r.error!, logs, componentReads });
    else {
      const commands = r.commandsEnd === r.commandsStart
        ? NO_BYTES
        : bytes.subarray(r.commandsStart, r.commandsEnd);
      out.push({ index, ok: true, commands, returned: r.returned, logs, componentReads });
    }
  }
  return out;
}
