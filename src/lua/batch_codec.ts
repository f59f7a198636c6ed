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
