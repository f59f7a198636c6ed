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
import { runOrder } from "./run_order.ts";
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
   * by kind and function (see `run_order.ts`), each with its plan index.
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
    w.u32(to - from);
    const runs = new CallbackRunWriter(w, facts.contexts);
    const order = grouped ? runOrder(planned, from, to) : undefined;
    // Plans come in runs of one callback name: hash each name once per run.
    let name: string | undefined, base = 0;
    for (let k = from; k < to; k++) {
      const i = order === undefined ? k : order[k - from]!;
      const p = planned[i]!;
      const n = callbackName(p);
      if (n !== name) (name = n, base = seedBase(this.#runSeed, facts.frame, n));
      runs.add(p, first + i, entitySeedHigh(base, p.entity), entitySeedLow(base, p.entity));
    }
    runs.finish();
    return { bytes: w.finish(), bodyAt };
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
