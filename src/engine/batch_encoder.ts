/**
 * Encoding the script stage's requests: a batch head (leaving out the tables
 * the state already holds) and the callbacks with their `math.random` seeds.
 *
 * @module
 */
import { CallbackRunWriter, type PlannedCallback } from "../lua/batch_codec.ts";
import { type EncodedBatchHead, writeEncodedBatchHead } from "../lua/batch_head.ts";
import { ByteWriter } from "../lua/bytes.ts";
import { callbackName } from "./batch_outcomes.ts";
import type { BatchFrame } from "./script_stage.ts";
import type { Held, Sending } from "./sent_tables.ts";
import { entitySeedHigh, entitySeedLow, seedBase } from "./seed.ts";

/**
 * What a request asks for its callbacks' costs: nothing, the costs with the
 * reply, or the costs kept in the state for a later request (see batch_profile.ts).
 *
 * @example
 * ```ts
 * import type { CostRequest } from "./batch_encoder.ts";
 * const profiling: CostRequest = true;
 * ```
 */
export type CostRequest = EncodedBatchHead["profile"];

/**
 * Encodes requests into one reused buffer; each returned request is a copy.
 *
 * @example
 * ```ts
 * import { BatchEncoder } from "./batch_encoder.ts";
 * import type { BatchFrame } from "./script_stage.ts";
 * import type { Sending } from "./sent_tables.ts";
 * import type { PlannedCallback } from "../lua/batch_codec.ts";
 * declare const facts: BatchFrame, send: Sending, planned: PlannedCallback[];
 * const bytes = new BatchEncoder(42).encode(facts, send, undefined, planned, 0, planned.length, 0, false);
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
   * the tables `held` says the state has.
   */
  encode(
    facts: BatchFrame,
    send: Sending,
    held: Held | undefined,
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
    first: number,
    profile: CostRequest,
  ): Uint8Array {
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
    w.u32(to - from);
    const runs = new CallbackRunWriter(w, facts.contexts);
    // Plans come in runs of one callback name: hash each name once per run.
    let name: string | undefined, base = 0;
    for (let i = from; i < to; i++) {
      const p = planned[i]!;
      const n = callbackName(p);
      if (n !== name) (name = n, base = seedBase(this.#runSeed, facts.frame, n));
      runs.add(p, first + i, entitySeedHigh(base, p.entity), entitySeedLow(base, p.entity));
    }
    runs.finish();
    return w.finish();
  }

  /** A request of no callbacks that asks for the costs a state kept (see batch_profile.ts). */
  costsOnly(frame: number): Uint8Array {
    const w = this.#writer;
    w.reset();
    writeEncodedBatchHead(w, { frame, dt: 0, snapshotId: 0, inputId: 0, profile: true });
    w.u32(0);
    return w.finish();
  }
}
