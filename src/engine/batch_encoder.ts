/**
 * Encoding the script stage's requests: a batch head (leaving out the tables
 * the state already holds) and the callbacks with their `math.random` seeds.
 *
 * @module
 */
import {
  CallbackRunWriter,
  type EntityContextSource,
  type PlannedCallback,
} from "../lua/batch_codec.ts";
import type { SnapshotData } from "../lua/batch_types.ts";
import type { LuaValue } from "../lua/tagged_value.ts";
import { type EncodedBatchHead, writeEncodedBatchHead } from "../lua/batch_head.ts";
import { ByteWriter } from "../lua/bytes.ts";
import { callbackName } from "./batch_outcomes.ts";
import type { Held, Sending } from "./sent_tables.ts";
import { layoutOrder, runOrder } from "./run_order.ts";
import type { SignalShape } from "../lua/signal_shape.ts";
import { entitySeedHigh, entitySeedLow, seedBase } from "./seed.ts";

/**
 * Frame facts every batch carries.
 *
 * @example
 * ```ts
 * import type { BatchFrame } from "./batch_encoder.ts";
 * import type { SnapshotData } from "../lua/batch_types.ts";
 * declare const snapshot: SnapshotData;
 * const facts: BatchFrame = { frame: 3, dt: 1 / 60, snapshot, input: {} };
 * ```
 */
export interface BatchFrame {
  /** Simulation frame. */
  frame: number;
  /** Fixed timestep in seconds. */
  dt: number;
  /**
   * World snapshot for reads. Treat it as immutable once passed: an object
   * the stage has seen is not encoded again.
   */
  snapshot: SnapshotData;
  /** The callbacks' `input` table (immutable once passed, like `snapshot`). */
  input: LuaValue;
  /** Where contexts of callbacks that name their entity by id are read (the world). */
  contexts?: EntityContextSource;
}

/**
 * What a request asks for its callbacks' costs: nothing, their sums per function with the reply,
 * or each callback's cost (`"each"`; see batch_profile.ts).
 *
 * @example
 * ```ts
 * import type { CostRequest } from "./batch_encoder.ts";
 * const profiling: CostRequest = true;
 * ```
 */
export type CostRequest = EncodedBatchHead["profile"];

/**
 * An encoded request and where its callbacks start (after the head).
 *
 * @example
 * ```ts
 * import type { EncodedRequest } from "./batch_encoder.ts";
 * const empty: EncodedRequest = { bytes: new Uint8Array(4), bodyAt: 0 };
 * ```
 */
export interface EncodedRequest {
  /** The request. */
  readonly bytes: Uint8Array;
  /** Offset of its callback count, right after the head. */
  readonly bodyAt: number;
}

// Layout changes within functions below which a request is not encoded again by layout.
const LAYOUT_BREAKS = 8;

function identity(from: number, to: number): Int32Array {
  return Int32Array.from({ length: to - from }, (_, k) => from + k);
}

/**
 * Encodes requests into one reused buffer; each returned request is a copy.
 *
 * @example
 * ```ts
 * import { type BatchFrame, BatchEncoder } from "./batch_encoder.ts";
 * import type { Sending } from "./sent_tables.ts";
 * import type { PlannedCallback } from "../lua/batch_codec.ts";
 * declare const facts: BatchFrame, send: Sending, planned: PlannedCallback[];
 * const { bytes } = new BatchEncoder(42).encodeRequest(facts, send, undefined, planned, 0, planned.length, 0, false);
 * ```
 */
export class BatchEncoder {
  #writer = new ByteWriter(4096);
  #runSeed: number;

  /** Seed each callback's `math.random` from `runSeed`, the frame and the callback. */
  constructor(runSeed: number) {
    this.#runSeed = runSeed;
  }

  /**
   * Encode `planned[from, to)` as callbacks `first + from ...`, leaving out
   * the tables `held` says the state has; also say where its callbacks start
   * (for {@linkcode BatchEncoder.rehead}). With `grouped`, a frame's callbacks are encoded grouped
   * by kind and function (see `run_order.ts`), each with its plan index; where one function's
   * contexts alternate layouts, the request is encoded again with them grouped by layout too.
   */
  encodeRequest(
    facts: BatchFrame,
    send: Sending,
    held: Held | undefined,
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
    first: number,
    profile: CostRequest,
    grouped = false,
  ): EncodedRequest {
    const w = this.#writer;
    this.#head(facts, send, held, profile);
    const bodyAt = w.length;
    const order = grouped ? runOrder(planned, from, to) : undefined;
    const layouts = grouped ? new Int32Array(to - from) : undefined;
    const breaks = this.#body(facts, planned, from, to, first, order, layouts);
    // A run header and a run each cost the runtime about as much as encoding eight contexts.
    if (layouts !== undefined && breaks >= LAYOUT_BREAKS && breaks * 8 >= to - from) {
      w.release(bodyAt); // the body again, from its start
      const sorted = layoutOrder(planned, order ?? identity(from, to), layouts);
      this.#body(facts, planned, from, to, first, sorted, undefined);
    }
    return { bytes: w.finish(), bodyAt };
  }

  // Write the callbacks of `planned[from, to)` in `order` (plan order if undefined) after the head;
  // with `layouts`, number each one's context layout there (in order) and return how many times
  // the layout changed between callbacks of one kind and function.
  #body(
    facts: BatchFrame,
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
    first: number,
    order: Int32Array | undefined,
    layouts: Int32Array | undefined,
  ): number {
    const w = this.#writer;
    w.u32(to - from);
    const runs = new CallbackRunWriter(w, facts.contexts);
    const ids = new Map<number, Map<SignalShape | undefined, number>>();
    let breaks = 0, last = -1, kind = -1, count = 0;
    let lastMask = -1, lastShape: SignalShape | undefined;
    // Plans come in runs of one callback name: hash each name once per run.
    let name: string | undefined, base = 0;
    for (let k = from; k < to; k++) {
      const i = order === undefined ? k : order[k - from]!;
      const p = planned[i]!;
      const n = callbackName(p);
      const same = n === name && p.kind === kind;
      if (n !== name) (name = n, base = seedBase(this.#runSeed, facts.frame, n));
      kind = p.kind;
      runs.add(p, first + i, entitySeedHigh(base, p.entity), entitySeedLow(base, p.entity));
      if (layouts === undefined) continue;
      // Looked up only where the layout changes: a frame of one layout compares and no more.
      let id = last;
      if (runs.mask !== lastMask || runs.shape !== lastShape) {
        lastMask = runs.mask;
        lastShape = runs.shape;
        const byShape = ids.get(lastMask) ?? ids.set(lastMask, new Map()).get(lastMask)!;
        id = byShape.get(lastShape) ?? count;
        if (id === count) byShape.set(lastShape, count++);
      }
      layouts[k - from] = id;
      if (same && id !== last) breaks++;
      last = id;
    }
    runs.finish();
    return breaks;
  }

  /**
   * The callbacks of `request` (as {@linkcode BatchEncoder.encodeRequest}
   * gave it) under the head of `facts`: the same contexts and seeds (so the
   * same frame), another snapshot or input.
   */
  rehead(
    request: EncodedRequest,
    facts: BatchFrame,
    send: Sending,
    held: Held | undefined,
    profile: CostRequest,
  ): EncodedRequest {
    const w = this.#writer;
    this.#head(facts, send, held, profile);
    const bodyAt = w.length;
    w.bytes(request.bytes.subarray(request.bodyAt));
    return { bytes: w.finish(), bodyAt };
  }

  #head(facts: BatchFrame, send: Sending, held: Held | undefined, profile: CostRequest): void {
    const w = this.#writer;
    const { snapshot, input } = send;
    w.reset();
    writeEncodedBatchHead(w, {
      frame: facts.frame,
      dt: facts.dt,
      snapshotId: snapshot.id,
      inputId: input.id,
      snapshot: held?.snapshot === snapshot.id ? undefined : snapshot.bytes,
      input: held?.input === input.id ? undefined : input.bytes,
      profile,
    });
  }
}
