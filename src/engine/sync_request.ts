/**
 * A collision callback's request in its three steps (see
 * `ScriptStage.prepareSync`): encoded, then sent.
 *
 * @module
 */
import type { PlannedCallback } from "../lua/batch_codec.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";
import type { RunCost } from "../lua/batch_profile.ts";
import type { StateHandle } from "../lua/host_options.ts";
import type { SyncCall } from "../lua/sync_sessions.ts";
import type { EncodedRequest } from "./batch_encoder.ts";
import type { BatchFrame } from "./batch_encoder.ts";
import type { Sending } from "./sent_tables.ts";

/**
 * A request of collision callbacks encoded by `ScriptStage.prepareSync`.
 *
 * @example
 * ```ts
 * import type { SyncRequest } from "./sync_request.ts";
 * declare const request: SyncRequest;
 * request.facts.snapshot; // the snapshot it was encoded with
 * ```
 */
export interface SyncRequest {
  /** The facts it was encoded with. */
  readonly facts: BatchFrame;
  /** The callbacks, run one after the other. */
  readonly planned: readonly PlannedCallback[];
  /** The first one's index in the frame's sync calls (the others follow). */
  readonly index: number;
  /** The state it runs in; null when none was free. */
  readonly handle: StateHandle | null;
  /** The tables it was encoded against (absent without a state). */
  readonly send?: Sending;
  /** The request, and where its callbacks start (absent without a state). */
  readonly encoded?: EncodedRequest;
  /**
   * Sent to run on the snapshot its state holds ({@linkcode ScriptStage.continueSync}), not on
   * `facts`' own: sending it again with that snapshot would run it on another.
   */
  readonly continued?: true;
}

/**
 * A request {@linkcode ScriptStage.startSync} sent, or why it could not be.
 *
 * @example
 * ```ts
 * import type { SyncStarted } from "./sync_request.ts";
 * declare const started: SyncStarted;
 * started.call === undefined; // true when it was not sent
 * ```
 */
export interface SyncStarted {
  /** What was sent. */
  readonly request: SyncRequest;
  /** The call in flight. */
  readonly call?: SyncCall;
  /** Why it was not sent. */
  readonly failure?: unknown;
}

/**
 * The reply to a started request ({@linkcode ScriptStage.receiveSync}), not yet read.
 *
 * @example
 * ```ts
 * import type { SyncReceived } from "./sync_request.ts";
 * declare const received: SyncReceived;
 * if (received.plain) received.output; // results to read, no retry needed
 * ```
 */
export interface SyncReceived {
  /** The request it answers. */
  readonly started: SyncStarted;
  /** The results (costs split off), when the call came back. */
  readonly output?: Uint8Array;
  /** Each callback's cost, in order, while profiling (handed on only for the outcomes kept). */
  readonly costs?: readonly RunCost[];
  /** Why it did not come back, when it did not. */
  readonly failure?: unknown;
  /**
   * Whether the results are all there is to read: the call came back and its
   * state did not refuse it (a refusal is sent again, which needs the channel).
   */
  readonly plain: boolean;
}

/**
 * The outcomes of a sync request ({@linkcode ScriptStage.readSync}).
 *
 * @example
 * ```ts
 * import type { SyncRead } from "./sync_request.ts";
 * declare const read: SyncRead;
 * if (read.lost) console.log(read.outcomes[0]?.error);
 * ```
 */
export interface SyncRead {
  /** One per callback, in order. */
  readonly outcomes: CallbackOutcome[];
  /** The request failed as a whole: every outcome is that failure. */
  readonly lost: boolean;
  /** Each callback's cost, while profiling: {@linkcode ScriptStage.countSync} counts the kept. */
  readonly costs?: readonly RunCost[];
}
