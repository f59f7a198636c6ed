/**
 * Running Lua callbacks: a frame's callbacks are cut into binary requests
 * dealt to states leased from the host's pool, one per worker, as they
 * finish; collision callbacks run one at a time over the synchronous channel.
 * Results come back as decoded commands per callback, ready for the apply
 * stage, whatever worker ran them.
 *
 * @module
 */
import type { PlannedCallback } from "../lua/batch_codec.ts";
import { BatchRefusedError, refusalOf } from "../lua/batch_results.ts";
import { hasCosts, type RunCost, splitProfile } from "../lua/batch_profile.ts";
import type { StateHandle } from "../lua/host_options.ts";
import type { LuaHost } from "../lua/lua_host.ts";
import { NoFreeHandleError } from "../lua/state_pool.ts";
import { BATCH_FUNCTION } from "../lua/runtime_lua.ts";
import { BatchEncoder, type BatchFrame, type CostRequest } from "./batch_encoder.ts";
import {
  callbackName,
  type CallbackOutcome,
  failedOutcomes,
  lostError,
  readOutcomes,
} from "./batch_outcomes.ts";
import { CommandTape } from "../commands/mod.ts";
import { type Held, type Sending, SentTables } from "./sent_tables.ts";
import type { SyncRead, SyncReceived, SyncRequest, SyncStarted } from "./sync_request.ts";
import {
  type ChunkRange,
  chunkRanges,
  chunkSize,
  IN_FLIGHT,
  leaseShards,
  type Reply,
} from "./shards.ts";

/** A request posted to a state: which of the frame's ranges, and its reply. */
interface Posted {
  index: number;
  range: ChunkRange;
  /** Whether it carries both tables (a stale refusal is then final). */
  full: boolean;
  reply: Promise<Reply>;
}

/**
 * Options for {@linkcode ScriptStage}.
 *
 * @example
 * ```ts
 * import type { LuaHost } from "../lua/lua_host.ts";
 * import { ScriptStage } from "./script_stage.ts";
 * declare const host: LuaHost;
 * // One request per leased state: no dealing.
 * const stage = new ScriptStage(host, 42, { chunk: Infinity });
 * ```
 */
export interface ScriptStageOptions {
  /**
   * Callbacks per request; `Infinity` sends each leased state one request of
   * an equal share. Default: one request per state (`LONE_STATE_CHUNKS` for a
   * lone state), of `MIN_CHUNK` to `MAX_CHUNK` callbacks (shards.ts).
   */
  chunk?: number;
}

/** No snapshot to check (id 0), none sent. */
const NO_SNAPSHOT = Object.freeze({ id: 0, bytes: new Uint8Array(0) });

/**
 * Runs planned callbacks in the Lua states of a {@linkcode LuaHost}.
 *
 * The snapshot and input are sent to a state only when their bytes changed
 * since that state last received them (each carries an id the runtime checks,
 * so a replaced worker or a lost message can never make a callback read old
 * data: the batch is refused and sent again in full).
 *
 * A frame's requests are dealt to the leased states as they finish; a state
 * has a second request queued behind the one it runs, which counts on the
 * tables the first delivers (a worker handles messages in order).
 *
 * @example
 * ```ts
 * import type { LuaHost } from "../lua/lua_host.ts";
 * import type { BatchFrame } from "./batch_encoder.ts";
 * import { ScriptStage } from "./script_stage.ts";
 * import type { PlannedCallback } from "../lua/batch_codec.ts";
 * declare const host: LuaHost, facts: BatchFrame, planned: PlannedCallback[];
 * const stage = new ScriptStage(host, 42);
 * const outcomes = await stage.run(facts, planned);
 * ```
 */
export class ScriptStage {
  #host: LuaHost;
  #chunk: number | undefined;
  #encoder: BatchEncoder;
  #tables: SentTables;
  /**
   * Told what the callbacks of each batch cost, per function (the batches ask
   * for it while this is set: profiling); undefined: not profiling.
   */
  costs: ((costs: readonly RunCost[]) => void) | undefined;
  /** Per worker, the state its last frame ran in (preferred next frame: its tables are there). */
  #last: StateHandle[] = [];
  /** The state collisions last ran in. */
  #syncLast: StateHandle | undefined;
  /** Inside {@linkcode ScriptStage.syncBatch}: the leased state, or null when none was free. */
  #sync: StateHandle | null | undefined;

  /**
   * Run callbacks in `host`'s states, seeding `math.random` from `runSeed`.
   *
   * @throws {RangeError} When `options.chunk` is not a positive integer or `Infinity`.
   */
  constructor(host: LuaHost, runSeed: number, options: ScriptStageOptions = {}) {
    this.#chunk = chunkSize(options.chunk);
    this.#host = host;
    this.#encoder = new BatchEncoder(runSeed);
    this.#tables = new SentTables(host);
    // Not the frame's slot 0, when there is another: both keep their tables.
    this.#syncLast = host.handle(0, Math.min(1, host.statesPerWorker - 1));
  }

  /** Encode `planned[from, to)` of a frame's callbacks. */
  #encode(
    facts: BatchFrame,
    send: Sending,
    held: Held | undefined,
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
  ): Uint8Array {
    const profile = this.costs !== undefined;
    return this.#encoder.encodeRequest(facts, send, held, planned, from, to, 0, profile, true)
      .bytes;
  }

  /** A reply's results, its costs (a profiled batch's) handed on. */
  #results(reply: Uint8Array): Uint8Array {
    if (!hasCosts(reply)) return reply;
    const { results, costs } = splitProfile(reply);
    if (costs.length > 0) this.costs?.(costs);
    return results;
  }

  /**
   * Hand {@linkcode ScriptStage.costs} the costs of the first `kept` callbacks of a sync request,
   * the ones whose outcomes were kept (the others run again, and are counted then).
   *
   * @example
   * ```ts
   * import type { ScriptStage } from "./script_stage.ts";
   * import type { SyncReceived } from "./sync_request.ts";
   * declare const stage: ScriptStage, received: SyncReceived;
   * const read = stage.readSync(received);
   * stage.countSync(read, read.outcomes.length); // all of them were applied
   * ```
   */
  countSync(read: SyncRead, kept: number): void {
    const costs = read.costs;
    if (costs === undefined || kept <= 0) return;
    this.costs?.(kept >= costs.length ? costs : costs.slice(0, kept));
  }

  /**
   * A sync reply's results and each callback's cost (named after `planned`), which wait until
   * the outcomes are kept (sync requests ask for each callback's cost, see `#syncCosts`).
   */
  #syncResults(
    reply: Uint8Array,
    planned: readonly PlannedCallback[],
  ): { output: Uint8Array; costs?: RunCost[] } {
    if (!hasCosts(reply)) return { output: reply };
    const { results, each } = splitProfile(reply);
    if (each === undefined || each.length !== planned.length) return { output: results };
    return {
      output: results,
      costs: each.map((c, i): RunCost => ({
        kind: planned[i]!.kind,
        name: callbackName(planned[i]!),
        calls: 1,
        ms: c.ms,
        instructions: c.instructions,
        commands: c.commands,
        errors: c.failed ? 1 : 0,
      })),
    };
  }

  #post(handle: StateHandle, bytes: Uint8Array): Promise<Reply> {
    const failed = (e: unknown): Reply => ({
      ok: false,
      error: e instanceof Error ? e : new Error(String(e)),
    });
    return this.#host.call(handle, BATCH_FUNCTION, bytes).then((output): Reply => {
      try {
        return { ok: true, output: this.#results(output) };
      } catch (e) {
        return failed(e); // malformed costs
      }
    }, failed);
  }

  /**
   * Run `ranges` of the plan in `states`: each state is posted
   * {@linkcode IN_FLIGHT} requests at first (round-robin), then the next range
   * whenever one of its replies is back, so a state that started late or ran
   * slower callbacks is given fewer. Outcomes come back in plan order; each
   * state is released once its last reply is read.
   */
  async #deal(
    facts: BatchFrame,
    send: Sending,
    states: readonly StateHandle[],
    planned: readonly PlannedCallback[],
    ranges: readonly ChunkRange[],
    release: (h: StateHandle) => void,
  ): Promise<CallbackOutcome[]> {
    const claim: Held = { snapshot: send.snapshot.id, input: send.input.id };
    const queues: Posted[][] = states.map(() => []);
    const byRange: CallbackOutcome[][] = [];
    // The run's compact commands, which the apply stage runs without their objects.
    const tape = new CommandTape(planned.length);
    let next = 0;
    // A request that could not be encoded, or a reply that could not be read,
    // ends the dealing and fails the run, once every reply in flight is in:
    // no state is given back while it runs a request.
    let failure: { error: unknown } | undefined;
    // Encode the next range for state `s`: the request and how to post it, or undefined.
    const encodeNext = (s: number): (() => void) | undefined => {
      if (next >= ranges.length || failure !== undefined) return undefined;
      const handle = states[s]!, queue = queues[s]!, range = ranges[next]!;
      // Queued behind a request of this frame, a request counts on the tables
      // that one delivers; if it does not, the runtime refuses it and it is
      // sent again in full.
      const held = queue.length > 0 ? claim : this.#tables.held(handle);
      let bytes: Uint8Array;
      try {
        bytes = this.#encode(facts, send, held, planned, range.from, range.to);
      } catch (error) {
        failure = { error };
        return undefined;
      }
      const index = next++;
      return () =>
        queue.push({ index, range, full: held === undefined, reply: this.#post(handle, bytes) });
    };
    const post = (s: number): boolean => {
      const send = encodeNext(s);
      send?.();
      return send !== undefined;
    };
    // Every state's first request is encoded before any is posted, so that the workers start
    // together and this thread does not compete with a woken worker for a core while it encodes
    // the next request (with two workers on two cores that sometimes held this thread until the
    // worker's request was done, about 0.8 ms, while the other core idled).
    states.map((_, s) => encodeNext(s)).forEach((send) => send?.());
    for (let k = 1; k < IN_FLIGHT; k++) states.forEach((_, s) => post(s));
    const serve = async (s: number): Promise<void> => {
      const handle = states[s]!, queue = queues[s]!;
      // After a request was sent again, the requests queued before it are
      // settled before the state gets another: it then runs them in plan
      // order too (a later one would find the tables the retry delivered).
      let retrying = false;
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        if (failure !== undefined) {
          await p.reply; // the run fails: its outcomes are not read
          continue;
        }
        try {
          const { from, to } = p.range;
          const { reply, retried } = await this.#settle(facts, send, handle, planned, p);
          retrying = (retrying || retried) && queue.length > 0;
          // Before this reply is read: the worker gets its next requests sooner.
          while (!retrying && queue.length < IN_FLIGHT && post(s));
          const out: CallbackOutcome[] = byRange[p.index] = [];
          if (reply.ok) readOutcomes(planned, from, to, 0, reply.output, out, tape);
          else failedOutcomes(planned, from, to, 0, lostError(reply.error), out);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(states.map((h, s) => serve(s).finally(() => release(h))));
    if (failure !== undefined) throw failure.error;
    return byRange.flat();
  }

  /**
   * A posted request's reply, sent again in full (`retried`) when it was
   * refused for claiming tables its state no longer held; what the state
   * holds is recorded either way.
   */
  async #settle(
    facts: BatchFrame,
    send: Sending,
    handle: StateHandle,
    planned: readonly PlannedCallback[],
    posted: Posted,
  ): Promise<{ reply: Reply; retried: boolean }> {
    let reply = await posted.reply;
    const retried = reply.ok && !posted.full && refusalOf(reply.output) !== undefined;
    if (retried) {
      this.#tables.forget(handle);
      const { from, to } = posted.range;
      reply = await this.#post(handle, this.#encode(facts, send, undefined, planned, from, to));
    }
    const refusal = reply.ok ? refusalOf(reply.output) : undefined;
    if (refusal !== undefined) reply = { ok: false, error: new BatchRefusedError(refusal) };
    // A success proves the state held this run's tables; nothing later in
    // the run replaces them with others (a crash clears `#held` anyway).
    if (reply.ok) this.#tables.sent(handle, send);
    else this.#tables.forget(handle);
    return { reply, retried };
  }

  /**
   * Run a frame's callbacks in states leased one per worker (fewer when there
   * are few callbacks), the plan cut into requests dealt to them as they
   * finish (see {@linkcode chunkRanges}). Outcomes come back in plan order.
   *
   * A worker whose states are all leased elsewhere gets no request; when
   * every state is leased, the stage waits for one. With `on`, a state the
   * caller already leased, every callback runs there instead.
   */
  async run(
    facts: BatchFrame,
    planned: readonly PlannedCallback[],
    on?: StateHandle,
  ): Promise<CallbackOutcome[]> {
    if (planned.length === 0) return [];
    let leased: StateHandle[];
    try {
      leased = on ? [on] : await leaseShards(this.#host, planned.length, this.#last);
    } catch (e) {
      const out: CallbackOutcome[] = []; // the pool closed while waiting
      failedOutcomes(planned, 0, planned.length, 0, lostError(e), out);
      return out;
    }
    const pool = this.#host.pool;
    // A state the caller leased stays the caller's to release.
    const release = on ? () => {} : (h: StateHandle) => pool.release(h);
    const ranges = chunkRanges(planned.length, leased.length, this.#chunk);
    const states = leased.slice(0, ranges.length);
    leased.slice(states.length).forEach(release); // a lease no request needs
    let send: Sending;
    try {
      // Encoding the tables can throw too: no lease may be left behind.
      send = this.#tables.refresh(facts.snapshot, facts.input);
    } catch (e) {
      states.forEach(release);
      throw e;
    }
    return await this.#deal(facts, send, states, planned, ranges, release);
  }

  /**
   * Lease the collision state for the duration of `work`, in which
   * {@linkcode ScriptStage.runSync} calls all run in it (its tables stay
   * there between collisions); released when `work` returns or throws.
   */
  syncBatch<T>(work: () => T): T {
    if (this.#sync !== undefined) return work();
    this.#sync = this.#leaseSync();
    try {
      return work();
    } finally {
      if (this.#sync !== null) this.#host.pool.release(this.#sync);
      this.#sync = undefined;
    }
  }

  /**
   * Inside {@linkcode ScriptStage.syncBatch}: have the leased state's worker wake for the sync
   * requests to come while this thread prepares them (a hint: a failure shows in the requests).
   */
  openSync(): void {
    const handle = this.#sync;
    if (handle === undefined || handle === null) return;
    try {
      this.#host.openSync(handle);
    } catch {
      // The worker is gone or the host closed: startSync says so.
    }
  }

  /**
   * The state collisions last ran in when it is free, else any free state
   * (collisions run synchronously: they cannot wait), else null.
   */
  #leaseSync(): StateHandle | null {
    const pool = this.#host.pool, last = this.#syncLast;
    const h = pool.tryAcquireWhere((h) => h === last) ?? pool.tryAcquire();
    if (h !== null) this.#syncLast = h;
    return h;
  }

  /**
   * Run one callback synchronously (collisions): it sees `snapshot` as it is
   * now, and its commands can be applied before the next pair is looked at.
   * Outside {@linkcode ScriptStage.syncBatch} it leases a state for this call.
   */
  runSync(facts: BatchFrame, planned: PlannedCallback, index: number): CallbackOutcome {
    if (this.#sync === undefined) return this.syncBatch(() => this.runSync(facts, planned, index));
    const read = this.finishSync(this.startSync(this.prepareSync(facts, [planned], index)));
    this.countSync(read, 1);
    return read.outcomes[0]!;
  }

  /**
   * {@linkcode ScriptStage.runSync} in three steps, for callbacks run one
   * after the other in one request, so that the next request can be encoded
   * while the worker runs this one: encode (reading the contexts from the
   * world now), send, and wait for the outcomes. The callbacks get the
   * indices from `index` on. Inside {@linkcode ScriptStage.syncBatch} only.
   */
  prepareSync(
    facts: BatchFrame,
    planned: readonly PlannedCallback[],
    index: number,
  ): SyncRequest {
    const handle = this.#sync ?? null;
    if (handle === null) return { facts, planned, index, handle };
    const send = this.#tables.refresh(facts.snapshot, facts.input);
    const held = this.#tables.held(handle), n = planned.length, costs = this.#syncCosts();
    const encoded = this.#encoder.encodeRequest(facts, send, held, planned, 0, n, index, costs);
    return { facts, planned, index, handle, send, encoded };
  }

  /**
   * A prepared request for `facts` (another snapshot or input) instead of
   * the facts it was encoded with; its callbacks as they were encoded, so
   * their contexts must still be what they were (see
   * {@linkcode ScriptStage.prepareSync}).
   */
  refreshSync(request: SyncRequest, facts: BatchFrame): SyncRequest {
    const { handle, encoded } = request;
    if (handle === null || encoded === undefined || handle !== this.#sync) {
      return this.prepareSync(facts, request.planned, request.index);
    }
    const send = this.#tables.refresh(facts.snapshot, facts.input);
    const held = this.#tables.held(handle);
    const again = this.#encoder.rehead(encoded, facts, send, held, this.#syncCosts());
    return { ...request, facts, send, encoded: again };
  }

  /**
   * A prepared request that runs on the snapshot its state holds when it
   * starts, without the check that it is the one the request was encoded
   * with: after a batch whose collision callbacks wrote world signals, that
   * is the batch's snapshot with the writes (the runtime keeps them), which
   * the caller must check is what the world holds once the batch is applied.
   */
  continueSync(request: SyncRequest): SyncRequest {
    const { handle, encoded, facts, send } = request;
    if (handle === null || encoded === undefined || send === undefined) return request;
    const held = this.#tables.held(handle);
    const again = this.#encoder.rehead(
      encoded,
      facts,
      { snapshot: NO_SNAPSHOT, input: send.input },
      { snapshot: NO_SNAPSHOT.id, input: held?.input ?? 0 },
      this.#syncCosts(),
    );
    return { ...request, encoded: again, continued: true };
  }

  // What a sync request asks for its callbacks' costs (each one's, while profiling).
  #syncCosts(): CostRequest {
    return this.costs === undefined ? false : "each";
  }

  /** Send a prepared request (see {@linkcode ScriptStage.prepareSync}). */
  startSync(request: SyncRequest): SyncStarted {
    const { handle, encoded } = request;
    if (handle === null || encoded === undefined) {
      return { request, failure: new NoFreeHandleError() };
    }
    try {
      const calls = request.planned.length;
      return {
        request,
        call: this.#host.startSync(handle, BATCH_FUNCTION, encoded.bytes, calls),
      };
    } catch (e) {
      return { request, failure: e };
    }
  }

  /**
   * Wait for the reply of a started request without reading it, so that the
   * caller can send the next request before it reads this one's outcomes
   * ({@linkcode ScriptStage.readSync}). Never throws: a failure is kept for
   * the read.
   */
  receiveSync(started: SyncStarted): SyncReceived {
    const { call } = started;
    if (call === undefined) return { started, failure: started.failure, plain: false };
    try {
      const { planned } = started.request;
      const { output, costs } = this.#syncResults(this.#host.finishSync(call), planned);
      return { started, output, costs, plain: refusalOf(output) === undefined };
    } catch (e) {
      return { started, failure: e, plain: false };
    }
  }

  /**
   * The outcomes of a received reply, in order (see {@linkcode ScriptStage.prepareSync});
   * `lost` when the request failed as a whole (every outcome is then that failure). A reply
   * that is not {@linkcode SyncReceived.plain} may send the request again: no other may be in
   * flight then.
   */
  readSync(received: SyncReceived): SyncRead {
    const { facts, planned, index, handle, send, encoded, continued } = received.started.request;
    const n = planned.length;
    const out: CallbackOutcome[] = [];
    try {
      let output = received.output, costs = received.costs;
      if (output === undefined || handle === null || send === undefined || encoded === undefined) {
        throw received.failure;
      }
      const refused = refusalOf(output);
      if (refused !== undefined && continued) throw new BatchRefusedError(refused);
      if (refused !== undefined) {
        // The state lost the tables the request counted on: send it again with them.
        this.#tables.forget(handle);
        const full = this.#encoder.rehead(encoded, facts, send, undefined, this.#syncCosts());
        ({ output, costs } = this.#syncResults(
          this.#host.callSync(handle, BATCH_FUNCTION, full.bytes),
          planned,
        ));
        const refusal = refusalOf(output);
        if (refusal !== undefined) throw new BatchRefusedError(refusal);
      }
      this.#tables.sent(handle, send);
      readOutcomes(planned, 0, n, index, output, out);
      return { outcomes: out, lost: false, costs };
    } catch (e) {
      if (handle !== null) this.#tables.forget(handle);
      out.length = 0;
      failedOutcomes(planned, 0, n, index, lostError(e), out);
      return { outcomes: out, lost: true };
    }
  }

  /**
   * The outcomes of a started request, in order: {@linkcode ScriptStage.receiveSync} then
   * {@linkcode ScriptStage.readSync}.
   */
  finishSync(started: SyncStarted): SyncRead {
    return this.readSync(this.receiveSync(started));
  }
}
