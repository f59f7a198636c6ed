/**
 * Running Lua callbacks: a frame's callbacks are split across workers, each
 * shard sent as one binary batch; collision callbacks run one at a time over
 * the synchronous channel. Results come back as decoded commands per
 * callback, ready for the apply stage, whatever worker ran them.
 *
 * @module
 */
import { type Command, decodeCommands } from "../api/codec.ts";
import {
  CallbackRunWriter,
  decodeResults,
  type EntityContextSource,
  type OmitIndexSeed,
  type PlannedCallback,
} from "../lua/batch_codec.ts";
import { writeEncodedBatchHead, writeSnapshot } from "../lua/batch_head.ts";
import { BatchRefusedError, BatchResults, refusalOf } from "../lua/batch_results.ts";
import { hasCosts, type RunCost, splitProfile } from "../lua/batch_profile.ts";
import type { CallbackResult, LoggedLine, SnapshotData } from "../lua/batch_types.ts";
import { ByteWriter } from "../lua/bytes.ts";
import { LuaCallError, WorkerCrashedError } from "../lua/host_errors.ts";
import type { LuaHost, StateHandle } from "../lua/lua_host.ts";
import { BATCH_FUNCTION } from "../lua/runtime_lua.ts";
import { type LuaValue, writeValue } from "../lua/tagged_value.ts";
import { entitySeedHigh, entitySeedLow, seedBase } from "./seed.ts";

export type { OmitIndexSeed };

/** What one callback produced. */
export interface CallbackOutcome {
  /** The plan it ran. */
  planned: PlannedCallback;
  /** Position in the frame's order. */
  index: number;
  /** Its commands in issue order (empty when it failed). */
  commands: Command[];
  /** A string it returned (phase transition, console result). */
  returned?: string;
  /** Error text with `file:line` and traceback, when it failed. */
  error?: string;
  /** Lines it logged (kept when it failed). */
  logs: LoggedLine[];
}

/** Frame facts every batch carries. */
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

/** Callbacks per shard below which splitting across workers costs more than it saves. */
export const MIN_SHARD = 32;

/**
 * The name a planned callback is known by: its function, or a chunk's name.
 *
 * @example
 * ```ts
 * import { callbackName } from "./script_stage.ts";
 * import { CallbackKind } from "../lua/batch_types.ts";
 * callbackName({ kind: CallbackKind.Call, fn: "on_setup", args: [], entity: 0 }); // "on_setup"
 * ```
 */
export function callbackName(p: PlannedCallback): string {
  return "fn" in p ? p.fn : p.chunkName;
}

/** What {@linkcode outcomeOf} reads of one callback's result. */
type ResultFields = Pick<
  BatchResults,
  "ok" | "bytes" | "commandsStart" | "commandsEnd" | "returned" | "error" | "logs"
>;

/** The outcome of planned callback `p` from its result; bad command data fails it alone. */
function outcomeOf(p: PlannedCallback, index: number, r: ResultFields): CallbackOutcome {
  const logs = r.logs;
  if (!r.ok) return { planned: p, index, commands: NO_COMMANDS, error: r.error, logs };
  if (r.commandsEnd === r.commandsStart) {
    return { planned: p, index, commands: NO_COMMANDS, returned: r.returned, logs };
  }
  try {
    const commands = decodeCommands(r.bytes, r.commandsStart, r.commandsEnd);
    return { planned: p, index, commands, returned: r.returned, logs };
  } catch (e) {
    const error = `bad command data: ${(e as Error).message}`;
    return { planned: p, index, commands: NO_COMMANDS, error, logs };
  }
}

/** Outcomes without commands share one frozen list (most callbacks of a frame issue some, many none). */
const NO_COMMANDS: Command[] = Object.freeze([]) as unknown as Command[];

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * One encoded table (snapshot or input) and its id; the id changes only when
 * the bytes do, so states that hold it are not sent it again. The object
 * last encoded is kept: handed the same one again (the engine's
 * `SnapshotCache` does so until something changes), nothing is encoded,
 * which is most of a collision round trip's TypeScript work otherwise.
 */
class Versioned {
  bytes: Uint8Array = new Uint8Array(0);
  id = 0;
  #w = new ByteWriter(1024);
  #source: unknown;

  update(source: unknown, write: (w: ByteWriter) => void): void {
    if (this.id !== 0 && source === this.#source) return;
    this.#source = source;
    this.#w.reset();
    write(this.#w);
    const view = this.#w.view();
    if (this.id !== 0 && sameBytes(view, this.bytes)) return;
    this.bytes = view.slice();
    this.id = this.id >= 0x7fffffff ? 1 : this.id + 1;
  }
}

/** What a state holds: ids of the snapshot and input it was last sent. */
interface Held {
  snapshot: number;
  input: number;
}

/** The snapshot and input one run sends: fixed for the run, so its retries send the same. */
interface Sending {
  snapshot: { id: number; bytes: Uint8Array };
  input: { id: number; bytes: Uint8Array };
}

/** A call's outcome as a value, so a reply that fails before it is awaited is not unhandled. */
type Reply = { ok: true; output: Uint8Array } | { ok: false; error: Error };

/** One request of a shard's pipeline: a range of the plan and its reply. */
interface Chunk {
  from: number;
  to: number;
  /** Whether it carries both tables (a stale refusal is then final). */
  full: boolean;
  reply: Promise<Reply>;
}

/** One worker's share of a frame, sent as a pipeline of chunks. */
interface Shard {
  handle: StateHandle;
  from: number;
  to: number;
  chunks: Chunk[];
}

/**
 * Callbacks per request within a shard. A larger shard is sent as several
 * requests posted back to back, so the worker runs one chunk while the main
 * thread encodes the next or decodes the last. That pays off only when the
 * main thread has a core of its own, so by default a stage pipelines only with
 * at least two cores more than workers; smaller chunks pay more per message
 * than they overlap.
 *
 * @example
 * ```ts
 * import type { LuaHost } from "../lua/lua_host.ts";
 * import { PIPELINE_CHUNK, ScriptStage } from "./script_stage.ts";
 * declare const host: LuaHost;
 * const stage = new ScriptStage(host, 42, { chunk: PIPELINE_CHUNK * 2 });
 * ```
 */
export const PIPELINE_CHUNK = 1024;

/**
 * Options for {@linkcode ScriptStage}.
 *
 * @example
 * ```ts
 * import type { LuaHost } from "../lua/lua_host.ts";
 * import { ScriptStage } from "./script_stage.ts";
 * declare const host: LuaHost;
 * // One request per worker: no pipelining.
 * const stage = new ScriptStage(host, 42, { chunk: Infinity });
 * ```
 */
export interface ScriptStageOptions {
  /**
   * Callbacks per request within a shard; `Infinity` sends each shard as one
   * request. Default: {@linkcode PIPELINE_CHUNK} when there are at least two
   * cores more than workers, else `Infinity`.
   */
  chunk?: number;
}

/**
 * Runs planned callbacks in the Lua states of a {@linkcode LuaHost}.
 *
 * The snapshot and input are sent to a state only when their bytes changed
 * since that state last received them (each carries an id the runtime checks,
 * so a replaced worker or a lost message can never make a callback read old
 * data: the batch is refused and sent again in full).
 *
 * A large shard is pipelined: its chunks are posted as soon as each is
 * encoded, and only the first carries the tables (a worker handles messages
 * in order, so later chunks find them held).
 *
 * @example
 * ```ts
 * import type { LuaHost } from "../lua/lua_host.ts";
 * import { type BatchFrame, ScriptStage } from "./script_stage.ts";
 * import type { PlannedCallback } from "../lua/batch_codec.ts";
 * declare const host: LuaHost, facts: BatchFrame, planned: PlannedCallback[];
 * const stage = new ScriptStage(host, 42);
 * const outcomes = await stage.run(facts, planned);
 * ```
 */
export class ScriptStage {
  #host: LuaHost;
  #runSeed: number;
  #chunk: number;
  #writer = new ByteWriter(4096);
  #snapshot = new Versioned();
  #input = new Versioned();
  #held = new Map<StateHandle, Held>();
  #crashes = 0;
  /**
   * Told what the callbacks of each batch cost, per function (the batches ask
   * for it while this is set: profiling); undefined: not profiling.
   */
  costs: ((costs: readonly RunCost[]) => void) | undefined;
  /** Whether the sync state kept costs that {@linkcode ScriptStage.collectCosts} has not collected. */
  #syncKept = false;

  /**
   * Run callbacks in `host`'s states, seeding `math.random` from `runSeed`.
   *
   * @throws {RangeError} When `options.chunk` is not a positive integer or `Infinity`.
   */
  constructor(host: LuaHost, runSeed: number, options: ScriptStageOptions = {}) {
    const spareCores = (navigator.hardwareConcurrency || 1) >= host.workers + 2;
    const chunk = options.chunk ?? (spareCores ? PIPELINE_CHUNK : Infinity);
    if (!(chunk === Infinity || (Number.isInteger(chunk) && chunk >= 1))) {
      throw new RangeError(`Chunk size must be a positive integer or Infinity, got ${chunk}`);
    }
    this.#host = host;
    this.#runSeed = runSeed;
    this.#chunk = chunk;
    this.#crashes = host.crashes;
  }

  #refresh(facts: BatchFrame): Sending {
    this.#snapshot.update(facts.snapshot, (w) => writeSnapshot(w, facts.snapshot));
    this.#input.update(facts.input, (w) => writeValue(w, facts.input));
    // A replaced worker's states start empty.
    if (this.#host.crashes !== this.#crashes) {
      this.#crashes = this.#host.crashes;
      this.#held.clear();
    }
    const snap = this.#snapshot, input = this.#input;
    return {
      snapshot: { id: snap.id, bytes: snap.bytes },
      input: { id: input.id, bytes: input.bytes },
    };
  }

  /** Encode `planned[from, to)`, leaving out the tables `held` claims the state has. */
  #encode(
    facts: BatchFrame,
    send: Sending,
    held: Held | undefined,
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
    first: number,
    keepCosts = false,
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
      profile: this.costs === undefined ? false : keepCosts ? "keep" : true,
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

  #sent(handle: StateHandle, send: Sending): void {
    this.#held.set(handle, { snapshot: send.snapshot.id, input: send.input.id });
  }

  /** A reply's results, its costs (a profiled batch's) handed on. */
  #results(reply: Uint8Array): Uint8Array {
    if (!hasCosts(reply)) return reply;
    const { results, costs } = splitProfile(reply);
    if (costs.length > 0) this.costs?.(costs);
    return results;
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

  #outcomes(
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
    first: number,
    output: Uint8Array,
    out: CallbackOutcome[],
  ): void {
    const r = new BatchResults(output);
    if (r.count !== to - from) {
      this.#outcomesByIndex(planned, from, to, first, decodeResults(output), out);
      return;
    }
    // Results come in request order: read each in place, no object per result.
    for (let i = from; i < to; i++) {
      r.next();
      const p = planned[i]!;
      const index = first + i;
      if (r.index !== index) {
        // Not in order after all: look every result up by index instead.
        out.length -= i - from;
        this.#outcomesByIndex(planned, from, to, first, decodeResults(output), out);
        return;
      }
      out.push(outcomeOf(p, index, r));
    }
    r.next(); // checks that nothing is left over
  }

  #outcomesByIndex(
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
    first: number,
    results: readonly CallbackResult[],
    out: CallbackOutcome[],
  ): void {
    const byIndex = new Map(results.map((x) => [x.index, x]));
    for (let i = from; i < to; i++) {
      const p = planned[i]!;
      const index = first + i;
      const r = byIndex.get(index);
      if (!r) {
        out.push({
          planned: p,
          index,
          commands: NO_COMMANDS,
          error: "callback produced no result",
          logs: [],
        });
      } else if (!r.ok) {
        out.push({ planned: p, index, commands: NO_COMMANDS, error: r.error, logs: r.logs });
      } else {
        const { commands } = r;
        out.push(outcomeOf(p, index, {
          ok: true,
          bytes: commands,
          commandsStart: 0,
          commandsEnd: commands.length,
          returned: r.returned,
          error: undefined,
          logs: r.logs,
        }));
      }
    }
  }

  #failed(
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
    first: number,
    why: string,
    out: CallbackOutcome[],
  ): void {
    for (let i = from; i < to; i++) {
      out.push({
        planned: planned[i]!,
        index: first + i,
        commands: NO_COMMANDS,
        error: why,
        logs: [],
      });
    }
  }

  /** One shard per worker (fewer when there are few callbacks), each split into chunks. */
  #split(count: number): Shard[] {
    const shards = Math.max(1, Math.min(this.#host.workers, Math.ceil(count / MIN_SHARD)));
    const size = Math.ceil(count / shards);
    const out: Shard[] = [];
    for (let s = 0; s < shards; s++) {
      const from = s * size;
      const to = Math.min(count, from + size);
      if (to > from) out.push({ handle: this.#host.handle(s, 0), from, to, chunks: [] });
    }
    return out;
  }

  /**
   * Encode and post every chunk, round-robin over the shards so each worker
   * starts after one chunk's encoding rather than after whole shards.
   */
  #postAll(
    facts: BatchFrame,
    send: Sending,
    shards: Shard[],
    planned: readonly PlannedCallback[],
  ): void {
    // Balanced chunks: 10,000 in chunks of at most 1024 is ten of 1000.
    const counts = shards.map((s) => Math.max(1, Math.ceil((s.to - s.from) / this.#chunk)));
    const rounds = Math.max(...counts);
    const claim: Held = { snapshot: send.snapshot.id, input: send.input.id };
    for (let k = 0; k < rounds; k++) {
      for (let s = 0; s < shards.length; s++) {
        const shard = shards[s]!, n = counts[s]!, len = shard.to - shard.from;
        if (k >= n) continue;
        const from = shard.from + Math.floor(k * len / n);
        const to = shard.from + Math.floor((k + 1) * len / n);
        // Later chunks queue behind the first, which delivers the tables; if
        // it does not, the runtime refuses them and they are sent again.
        const held = k === 0 ? this.#held.get(shard.handle) : claim;
        const bytes = this.#encode(facts, send, held, planned, from, to, 0);
        const reply = this.#post(shard.handle, bytes);
        shard.chunks.push({ from, to, full: held === undefined, reply });
      }
    }
  }

  /** Decode a shard's replies in order, sending a refused chunk again in full. */
  async #collect(
    facts: BatchFrame,
    send: Sending,
    shard: Shard,
    planned: readonly PlannedCallback[],
  ): Promise<CallbackOutcome[]> {
    const { handle } = shard;
    const out: CallbackOutcome[] = [];
    for (const c of shard.chunks) {
      let reply = await c.reply;
      // Chunks are handled in order, so a retry runs after its predecessors.
      if (reply.ok && !c.full && refusalOf(reply.output) !== undefined) {
        this.#held.delete(handle);
        const bytes = this.#encode(facts, send, undefined, planned, c.from, c.to, 0);
        reply = await this.#post(handle, bytes);
      }
      const refusal = reply.ok ? refusalOf(reply.output) : undefined;
      if (refusal !== undefined) reply = { ok: false, error: new BatchRefusedError(refusal) };
      if (reply.ok) {
        // A success proves the state held this run's tables; nothing later in
        // the run replaces them with others (a crash clears `#held` anyway).
        this.#sent(handle, send);
        this.#outcomes(planned, c.from, c.to, 0, reply.output, out);
      } else {
        this.#held.delete(handle);
        this.#failed(planned, c.from, c.to, 0, lostError(reply.error), out);
      }
    }
    return out;
  }

  /**
   * Run a frame's callbacks, split into one shard per worker (fewer when
   * there are few callbacks), each sent as a pipeline of chunks of at most
   * the stage's chunk size. Outcomes come back in plan order.
   */
  async run(facts: BatchFrame, planned: readonly PlannedCallback[]): Promise<CallbackOutcome[]> {
    if (planned.length === 0) return [];
    const send = this.#refresh(facts);
    const shards = this.#split(planned.length);
    this.#postAll(facts, send, shards, planned);
    const jobs = shards.map((s) => this.#collect(facts, send, s, planned));
    return (await Promise.all(jobs)).flat();
  }

  /**
   * Run one callback synchronously (collisions): it sees `snapshot` as it is
   * now, and its commands can be applied before the next pair is looked at.
   */
  runSync(facts: BatchFrame, planned: PlannedCallback, index: number): CallbackOutcome {
    const send = this.#refresh(facts);
    const handle = this.#syncHandle();
    const plan = [planned];
    const out: CallbackOutcome[] = [];
    let full = false;
    // A profiled one-callback batch keeps its costs in the state: collectCosts takes them.
    if (this.costs !== undefined) this.#syncKept = true;
    for (;;) {
      const held = full ? undefined : this.#held.get(handle);
      const bytes = this.#encode(facts, send, held, plan, 0, 1, index, true);
      try {
        const output = this.#results(this.#host.callSync(handle, BATCH_FUNCTION, bytes));
        const refusal = refusalOf(output);
        if (refusal !== undefined) {
          this.#held.delete(handle);
          if (!full) {
            full = true;
            continue;
          }
          throw new BatchRefusedError(refusal);
        }
        this.#sent(handle, send);
        this.#outcomes(plan, 0, 1, index, output, out);
        return out[0]!;
      } catch (e) {
        this.#held.delete(handle);
        this.#failed(plan, 0, 1, index, lostError(e), out);
        return out[0]!;
      }
    }
  }

  /** The state sync calls (collisions) run in. */
  #syncHandle(): StateHandle {
    return this.#host.handle(0, Math.min(1, this.#host.statesPerWorker - 1));
  }

  /**
   * While profiling, hand {@linkcode ScriptStage.costs} what the sync calls
   * since the last collection cost: they keep their costs in the state (a
   * cost record per collision would cross the sync channel with each), so
   * this asks for them with one empty batch, and only after sync calls ran.
   * The engine calls it after its collision stage.
   */
  collectCosts(frame: number): void {
    if (!this.#syncKept) return;
    this.#syncKept = false;
    const w = this.#writer;
    w.reset();
    writeEncodedBatchHead(w, { frame, dt: 0, snapshotId: 0, inputId: 0, profile: true });
    w.u32(0);
    try {
      this.#results(this.#host.callSync(this.#syncHandle(), BATCH_FUNCTION, w.finish()));
    } catch {
      // The worker is gone and its costs with it; its callbacks' failures are already reported.
    }
  }
}

/**
 * The error of callbacks lost with their batch, in the game's words: what
 * stopped them, not which worker or state (a verbose run logs the crash).
 */
function lostError(e: unknown): string {
  const reason = e instanceof WorkerCrashedError
    ? e.reason
    : e instanceof LuaCallError
    ? e.luaMessage
    : e instanceof Error
    ? e.message
    : String(e);
  return `lost: ${reason}`;
}
