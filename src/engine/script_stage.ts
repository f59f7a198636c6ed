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
  writeEncodedBatchHead,
  writeSnapshot,
} from "../lua/batch_codec.ts";
import type {
  CallbackRequest,
  CallbackResult,
  LoggedLine,
  SnapshotData,
} from "../lua/batch_types.ts";
import { ByteWriter } from "../lua/bytes.ts";
import type { LuaHost, StateHandle } from "../lua/lua_host.ts";
import { BATCH_FUNCTION } from "../lua/runtime_lua.ts";
import { type LuaValue, writeValue } from "../lua/tagged_value.ts";
import { callbackSeed } from "./seed.ts";

/** Distributive Omit, so each request variant keeps its own fields. */
/** A request without the index and seed the stage assigns (distributive, so each variant keeps its fields). */
export type OmitIndexSeed<T> = T extends unknown ? Omit<T, "index" | "seed"> : never;

/** A callback the engine wants run; index and seed are assigned here. */
export type PlannedCallback = OmitIndexSeed<CallbackRequest> & {
  /** Entity the callback belongs to, 0 when none (orders commands, seeds random). */
  entity: number;
};

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
}

/** Callbacks per shard below which splitting across workers costs more than it saves. */
export const MIN_SHARD = 32;

function nameOf(p: PlannedCallback): string {
  return "fn" in p ? p.fn : p.chunkName;
}

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

const STALE_RE = /stale (snapshot|input)/;

/**
 * Runs planned callbacks in the Lua states of a {@linkcode LuaHost}.
 *
 * The snapshot and input are sent to a state only when their bytes changed
 * since that state last received them (each carries an id the runtime checks,
 * so a replaced worker or a lost message can never make a callback read old
 * data: the batch is refused and sent again in full).
 *
 * @example
 * ```ts ignore
 * const stage = new ScriptStage(host, 42);
 * const outcomes = await stage.run(frameFacts, planned);
 * ```
 */
export class ScriptStage {
  #host: LuaHost;
  #runSeed: number;
  #writer = new ByteWriter(4096);
  #snapshot = new Versioned();
  #input = new Versioned();
  #held = new Map<StateHandle, Held>();
  #crashes = 0;

  /** Run callbacks in `host`'s states, seeding `math.random` from `runSeed`. */
  constructor(host: LuaHost, runSeed: number) {
    this.#host = host;
    this.#runSeed = runSeed;
    this.#crashes = host.crashes;
  }

  #refresh(facts: BatchFrame): void {
    this.#snapshot.update(facts.snapshot, (w) => writeSnapshot(w, facts.snapshot));
    this.#input.update(facts.input, (w) => writeValue(w, facts.input));
    // A replaced worker's states start empty.
    if (this.#host.crashes !== this.#crashes) {
      this.#crashes = this.#host.crashes;
      this.#held.clear();
    }
  }

  #encode(
    facts: BatchFrame,
    handle: StateHandle,
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
    first: number,
    full: boolean,
  ): Uint8Array {
    const w = this.#writer;
    const held = full ? undefined : this.#held.get(handle);
    const snap = this.#snapshot, input = this.#input;
    w.reset();
    writeEncodedBatchHead(w, {
      frame: facts.frame,
      dt: facts.dt,
      snapshotId: snap.id,
      inputId: input.id,
      snapshot: held?.snapshot === snap.id ? undefined : snap.bytes,
      input: held?.input === input.id ? undefined : input.bytes,
    });
    w.u32(to - from);
    const runs = new CallbackRunWriter(w);
    for (let i = from; i < to; i++) {
      const p = planned[i]!;
      const [a, b] = callbackSeed(this.#runSeed, facts.frame, nameOf(p), p.entity);
      runs.add(p, first + i, a, b);
    }
    runs.finish();
    return w.finish();
  }

  #sent(handle: StateHandle): void {
    this.#held.set(handle, { snapshot: this.#snapshot.id, input: this.#input.id });
  }

  #outcomes(
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
    first: number,
    output: Uint8Array,
  ): CallbackOutcome[] {
    const results = decodeResults(output);
    // Results come in request order; look them up by index only if not.
    let byIndex: Map<number, CallbackResult> | undefined;
    const out: CallbackOutcome[] = [];
    for (let i = from; i < to; i++) {
      const p = planned[i]!;
      const index = first + i;
      let r: CallbackResult | undefined = results[i - from];
      if (r?.index !== index) {
        byIndex ??= new Map(results.map((x) => [x.index, x]));
        r = byIndex.get(index);
      }
      if (!r) {
        out.push({
          planned: p,
          index,
          commands: [],
          error: "callback produced no result",
          logs: [],
        });
      } else if (!r.ok) {
        out.push({ planned: p, index, commands: [], error: r.error, logs: r.logs });
      } else {
        try {
          const commands = r.commands.length === 0 ? [] : decodeCommands(r.commands);
          out.push({ planned: p, index, commands, returned: r.returned, logs: r.logs });
        } catch (e) {
          const error = `bad command data: ${(e as Error).message}`;
          out.push({ planned: p, index, commands: [], error, logs: r.logs });
        }
      }
    }
    return out;
  }

  #failed(
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
    first: number,
    why: string,
  ): CallbackOutcome[] {
    const out: CallbackOutcome[] = [];
    for (let i = from; i < to; i++) {
      out.push({ planned: planned[i]!, index: first + i, commands: [], error: why, logs: [] });
    }
    return out;
  }

  async #runShard(
    facts: BatchFrame,
    handle: StateHandle,
    planned: readonly PlannedCallback[],
    from: number,
    to: number,
  ): Promise<CallbackOutcome[]> {
    let full = false;
    for (;;) {
      const bytes = this.#encode(facts, handle, planned, from, to, 0, full);
      try {
        const out = await this.#host.call(handle, BATCH_FUNCTION, bytes);
        this.#sent(handle);
        return this.#outcomes(planned, from, to, 0, out);
      } catch (e) {
        this.#held.delete(handle);
        const message = (e as Error).message;
        if (!full && STALE_RE.test(message)) {
          full = true;
          continue;
        }
        return this.#failed(planned, from, to, 0, `lost with worker ${handle.worker}: ${message}`);
      }
    }
  }

  /**
   * Run a frame's callbacks, split into one batch per worker (fewer when
   * there are few callbacks). Outcomes come back in plan order.
   */
  async run(facts: BatchFrame, planned: readonly PlannedCallback[]): Promise<CallbackOutcome[]> {
    if (planned.length === 0) return [];
    this.#refresh(facts);
    const workers = this.#host.workers;
    const shards = Math.max(1, Math.min(workers, Math.ceil(planned.length / MIN_SHARD)));
    const size = Math.ceil(planned.length / shards);
    const jobs: Promise<CallbackOutcome[]>[] = [];
    for (let s = 0; s < shards; s++) {
      const from = s * size;
      const to = Math.min(planned.length, from + size);
      if (to <= from) continue;
      jobs.push(this.#runShard(facts, this.#host.handle(s, 0), planned, from, to));
    }
    return (await Promise.all(jobs)).flat();
  }

  /**
   * Run one callback synchronously (collisions): it sees `snapshot` as it is
   * now, and its commands can be applied before the next pair is looked at.
   */
  runSync(facts: BatchFrame, planned: PlannedCallback, index: number): CallbackOutcome {
    this.#refresh(facts);
    const handle: StateHandle = this.#host.handle(0, Math.min(1, this.#host.statesPerWorker - 1));
    const plan = [planned];
    let full = false;
    for (;;) {
      const bytes = this.#encode(facts, handle, plan, 0, 1, index, full);
      try {
        const out = this.#host.callSync(handle, BATCH_FUNCTION, bytes);
        this.#sent(handle);
        return this.#outcomes(plan, 0, 1, index, out)[0]!;
      } catch (e) {
        this.#held.delete(handle);
        const message = (e as Error).message;
        if (!full && STALE_RE.test(message)) {
          full = true;
          continue;
        }
        return this.#failed(plan, 0, 1, index, `lost with worker 0: ${message}`)[0]!;
      }
    }
  }
}
