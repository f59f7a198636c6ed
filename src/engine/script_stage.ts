/**
 * Running Lua callbacks: a frame's callbacks are split across workers, each
 * shard sent as one binary batch; collision callbacks run one at a time over
 * the synchronous channel. Results come back as decoded commands per
 * callback, ready for the apply stage, whatever worker ran them.
 *
 * @module
 */
import { type Command, decodeCommands } from "../api/codec.ts";
import { decodeResults, encodeBatch } from "../lua/batch_codec.ts";
import type { CallbackRequest, LoggedLine, SnapshotData } from "../lua/batch_types.ts";
import { ByteWriter } from "../lua/bytes.ts";
import type { LuaHost, StateHandle } from "../lua/lua_host.ts";
import { BATCH_FUNCTION } from "../lua/runtime_lua.ts";
import type { LuaValue } from "../lua/tagged_value.ts";
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
  /** World snapshot for reads. */
  snapshot: SnapshotData;
  /** The callbacks' `input` table. */
  input: LuaValue;
}

/** Callbacks per shard below which splitting across workers costs more than it saves. */
export const MIN_SHARD = 32;

function nameOf(p: PlannedCallback): string {
  return "fn" in p ? p.fn : p.chunkName;
}

/**
 * Runs planned callbacks in the Lua states of a {@linkcode LuaHost}.
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

  /** Run callbacks in `host`'s states, seeding `math.random` from `runSeed`. */
  constructor(host: LuaHost, runSeed: number) {
    this.#host = host;
    this.#runSeed = runSeed;
  }

  #requests(frame: number, planned: readonly PlannedCallback[], first: number): CallbackRequest[] {
    return planned.map((p, i) => {
      const { entity: _entity, ...rest } = p;
      return {
        ...rest,
        index: first + i,
        seed: callbackSeed(this.#runSeed, frame, nameOf(p), p.entity),
      } as CallbackRequest;
    });
  }

  #outcomes(
    planned: readonly PlannedCallback[],
    first: number,
    output: Uint8Array,
  ): CallbackOutcome[] {
    const results = decodeResults(output);
    const byIndex = new Map(results.map((r) => [r.index, r]));
    return planned.map((p, i) => {
      const index = first + i;
      const r = byIndex.get(index);
      if (!r) {
        return { planned: p, index, commands: [], error: "callback produced no result", logs: [] };
      }
      if (!r.ok) return { planned: p, index, commands: [], error: r.error, logs: r.logs };
      try {
        const commands = decodeCommands(r.commands);
        return { planned: p, index, commands, returned: r.returned, logs: r.logs };
      } catch (e) {
        const error = `bad command data: ${(e as Error).message}`;
        return { planned: p, index, commands: [], error, logs: r.logs };
      }
    });
  }

  #failed(planned: readonly PlannedCallback[], first: number, why: string): CallbackOutcome[] {
    return planned.map((p, i) => ({
      planned: p,
      index: first + i,
      commands: [],
      error: why,
      logs: [],
    }));
  }

  /**
   * Run a frame's callbacks, split into one batch per worker (fewer when
   * there are few callbacks). Outcomes come back in plan order.
   */
  async run(facts: BatchFrame, planned: readonly PlannedCallback[]): Promise<CallbackOutcome[]> {
    if (planned.length === 0) return [];
    const workers = this.#host.workers;
    const shards = Math.max(1, Math.min(workers, Math.ceil(planned.length / MIN_SHARD)));
    const size = Math.ceil(planned.length / shards);
    const jobs: Promise<CallbackOutcome[]>[] = [];
    for (let s = 0; s < shards; s++) {
      const first = s * size;
      const part = planned.slice(first, first + size);
      if (part.length === 0) continue;
      const bytes = encodeBatch({
        frame: facts.frame,
        dt: facts.dt,
        snapshot: facts.snapshot,
        input: facts.input,
        callbacks: this.#requests(facts.frame, part, first),
      }, this.#writer);
      const handle = this.#host.handle(s, 0);
      jobs.push(
        this.#host.call(handle, BATCH_FUNCTION, bytes).then(
          (out) => this.#outcomes(part, first, out),
          (e: Error) => this.#failed(part, first, `lost with worker ${s}: ${e.message}`),
        ),
      );
    }
    return (await Promise.all(jobs)).flat();
  }

  /**
   * Run one callback synchronously (collisions): it sees `snapshot` as it is
   * now, and its commands can be applied before the next pair is looked at.
   */
  runSync(facts: BatchFrame, planned: PlannedCallback, index: number): CallbackOutcome {
    const handle: StateHandle = this.#host.handle(0, Math.min(1, this.#host.statesPerWorker - 1));
    const bytes = encodeBatch({
      frame: facts.frame,
      dt: facts.dt,
      snapshot: facts.snapshot,
      input: facts.input,
      callbacks: this.#requests(facts.frame, [planned], index),
    }, this.#writer);
    try {
      const out = this.#host.callSync(handle, BATCH_FUNCTION, bytes);
      return this.#outcomes([planned], index, out)[0] as CallbackOutcome;
    } catch (e) {
      return this.#failed(
        [planned],
        index,
        `lost with worker 0: ${(e as Error).message}`,
      )[0] as CallbackOutcome;
    }
  }
}
