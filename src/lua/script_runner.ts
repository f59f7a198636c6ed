/**
 * Runs ad-hoc Lua scripts (console `exec`, tools) in pooled states and
 * reports each outcome as a `ScriptResult` action.
 *
 * @example
 * ```ts
 * import { ActionQueue } from "./action_queue.ts";
 * import { LuaHost } from "./lua_host.ts";
 * import { ScriptRunner } from "./script_runner.ts";
 * const host = await LuaHost.start({ workers: 1 });
 * const queue = new ActionQueue();
 * const runner = new ScriptRunner({ host, queue });
 * await runner.enqueueScript("return 2 + 2"); // { ok: true, message: "4" }
 * queue.tryPop(); // { kind: "ScriptResult", ok: true, message: "4" }
 * host.close();
 * ```
 *
 * @module
 */
import type { ActionQueue } from "./action_queue.ts";
import type { RunOutcome } from "./host_protocol.ts";
import type { StatePool } from "./state_pool.ts";

/**
 * What the runner needs from the Lua host: a pool of states and a way to run
 * a chunk in one. {@linkcode LuaHost} satisfies it.
 *
 * @example
 * ```ts
 * import type { ScriptExecutor } from "./script_runner.ts";
 * import type { StateHandle } from "./host_options.ts";
 * import type { LuaHost } from "./lua_host.ts";
 * declare const host: LuaHost;
 * const executor: ScriptExecutor<StateHandle> = host;
 * ```
 */
export interface ScriptExecutor<H> {
  /** Pool of the states to run in. */
  readonly pool: StatePool<H>;
  /** Run `source` in `handle`'s state. May reject (worker crash, host closed). */
  run(handle: H, source: string, chunkName?: string): Promise<RunOutcome>;
}

/**
 * The outcome of one script, as text.
 *
 * @example
 * ```ts
 * import type { ScriptOutcome } from "./script_runner.ts";
 * const o: ScriptOutcome = { ok: false, message: "console:1: boom\nstack traceback: ..." };
 * ```
 */
export interface ScriptOutcome {
  /** Whether the script ran without error. */
  ok: boolean;
  /** Return values joined by tabs, or the error message and traceback. */
  message: string;
}

/** Options for {@linkcode ScriptRunner}. */
export interface ScriptRunnerOptions<H> {
  /** Where scripts run. */
  host: ScriptExecutor<H>;
  /** Where outcomes go, as `ScriptResult` actions (dropped with a warning when full). */
  queue: ActionQueue;
  /** Chunk name for error messages; default `"console"`. */
  chunkName?: string;
  /** Reports a throwing `onComplete`; default `console.warn`. */
  onWarn?: (message: string) => void;
}

/**
 * Format a run outcome as the text of a `ScriptResult`.
 *
 * @example
 * ```ts
 * import { outcomeText } from "./script_runner.ts";
 * outcomeText({ ok: true, values: ["1", "two"] }); // { ok: true, message: "1\ttwo" }
 * ```
 */
export function outcomeText(outcome: RunOutcome): ScriptOutcome {
  if (outcome.ok) return { ok: true, message: outcome.values.join("\t") };
  const { message, traceback } = outcome.error;
  return { ok: false, message: traceback ? `${message}\n${traceback}` : message };
}

function failureText(e: unknown): ScriptOutcome {
  return { ok: false, message: e instanceof Error ? e.message : String(e) };
}

/**
 * Runs scripts in pooled Lua states: acquire a state (waiting if all are
 * busy), run, release, then push a `ScriptResult` action. The returned
 * promises never reject: a crashed worker or a closed host is reported as a
 * failed outcome, like a Lua error.
 *
 * @example
 * ```ts
 * import { ActionQueue } from "./action_queue.ts";
 * import type { LuaHost } from "./lua_host.ts";
 * import { ScriptRunner } from "./script_runner.ts";
 * declare const host: LuaHost;
 * const runner = new ScriptRunner({ host, queue: new ActionQueue() });
 * runner.enqueueScript("print('hi')", (o) => console.log(o.ok));
 * await runner.idle();
 * ```
 */
export class ScriptRunner<H> {
  #host: ScriptExecutor<H>;
  #queue: ActionQueue;
  #chunkName: string;
  #onWarn: (message: string) => void;
  #inFlight = new Set<Promise<unknown>>();

  /**
   * Create a runner over a host and a queue.
   *
   * @example
   * ```ts
   * import { ActionQueue } from "./action_queue.ts";
   * import type { LuaHost } from "./lua_host.ts";
   * import { ScriptRunner } from "./script_runner.ts";
   * declare const host: LuaHost;
   * const runner = new ScriptRunner({ host, queue: new ActionQueue(), chunkName: "exec" });
   * ```
   */
  constructor(options: ScriptRunnerOptions<H>) {
    this.#host = options.host;
    this.#queue = options.queue;
    this.#chunkName = options.chunkName ?? "console";
    this.#onWarn = options.onWarn ?? ((m) => console.warn(m));
  }

  /**
   * Number of scripts and batches not finished yet.
   *
   * @example
   * ```ts
   * import type { ScriptRunner } from "./script_runner.ts";
   * declare const runner: ScriptRunner<unknown>;
   * runner.pending; // 0 when every script has finished
   * ```
   */
  get pending(): number {
    return this.#inFlight.size;
  }

  /**
   * Run one script. Its outcome is pushed to the queue, passed to
   * `onComplete`, and resolved.
   *
   * @example
   * ```ts
   * import type { ScriptRunner } from "./script_runner.ts";
   * declare const runner: ScriptRunner<unknown>;
   * const o = await runner.enqueueScript("return 6 * 7"); // { ok: true, message: "42" }
   * ```
   */
  enqueueScript(
    source: string,
    onComplete?: (outcome: ScriptOutcome) => void,
  ): Promise<ScriptOutcome> {
    return this.#track(async () => {
      const [outcome] = await this.#runAll([source]);
      this.#complete(outcome!, onComplete);
      return outcome!;
    });
  }

  /**
   * Run several scripts in order in one state (one lease), pushing one
   * `ScriptResult` per script. A failing script does not stop the others.
   *
   * @example
   * ```ts
   * import type { ScriptRunner } from "./script_runner.ts";
   * declare const runner: ScriptRunner<unknown>;
   * const outcomes = await runner.enqueueBatch(["x = 1", "return x"]); // both in one state
   * ```
   */
  enqueueBatch(sources: readonly string[]): Promise<ScriptOutcome[]> {
    const copy = [...sources];
    return this.#track(async () => {
      const outcomes = await this.#runAll(copy);
      for (const o of outcomes) this.#complete(o);
      return outcomes;
    });
  }

  /**
   * Resolve once every script enqueued so far has finished.
   *
   * @example
   * ```ts
   * import type { ScriptRunner } from "./script_runner.ts";
   * declare const runner: ScriptRunner<unknown>;
   * await runner.idle();
   * ```
   */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  #track<T>(work: () => Promise<T>): Promise<T> {
    const p = work();
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
    return p;
  }

  async #runAll(sources: string[]): Promise<ScriptOutcome[]> {
    let handle: H;
    try {
      handle = await this.#host.pool.acquire();
    } catch (e) {
      return sources.map(() => failureText(e));
    }
    const outcomes: ScriptOutcome[] = [];
    try {
      for (const source of sources) {
        try {
          outcomes.push(outcomeText(await this.#host.run(handle, source, this.#chunkName)));
        } catch (e) {
          outcomes.push(failureText(e));
        }
      }
    } finally {
      this.#host.pool.release(handle);
    }
    return outcomes;
  }

  #complete(outcome: ScriptOutcome, onComplete?: (outcome: ScriptOutcome) => void): void {
    this.#queue.tryPush({ kind: "ScriptResult", ok: outcome.ok, message: outcome.message });
    if (!onComplete) return;
    try {
      onComplete(outcome);
    } catch (e) {
      this.#onWarn(`Script onComplete callback threw: ${e instanceof Error ? e.message : e}`);
    }
  }
}
