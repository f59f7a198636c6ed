/**
 * Main-thread side of the Lua workers: starts N Deno Workers holding K Lua
 * states each and routes requests to a `{ worker, slot }` handle. Keeping the
 * workers alive (replacing one that dies or hangs) is `worker_set.ts`'s job.
 *
 * Every request is one `postMessage` each way (bytes transferred, not
 * copied, when the view spans its whole buffer); `callSync` uses a
 * SharedArrayBuffer channel instead and blocks the main thread briefly.
 *
 * Errors: `run` answers a chunk's own Lua error as its outcome (`ok: false`
 * with the error record), since its callers (the console, change handlers)
 * report it like a result; `call` and `callSync` throw {@linkcode LuaCallError},
 * since the engine's calls are expected to succeed. A dead worker or a
 * closed host always throws (the `host_errors.ts` classes).
 *
 * @example
 * ```ts
 * import { LuaHost } from "./lua_host.ts";
 * const host = await LuaHost.start({ workers: 2, setup: { main: { source: "x = 1", name: "@main.lua" } } });
 * const h = host.pool.tryAcquire()!;
 * await host.run(h, "return x + 1"); // { ok: true, values: ["2"] }
 * host.pool.release(h);
 * host.close();
 * ```
 *
 * @module
 */
import { HostClosedError, LuaCallError } from "./host_errors.ts";
import {
  bytesToSend,
  type CallOptions,
  type LuaHostOptions,
  resolveHostOptions,
  type StateHandle,
} from "./host_options.ts";
import type {
  LogRecord,
  NamedSource,
  ReloadOutcome,
  RunOutcome,
  VmLimits,
  WorkerToHost,
} from "./host_protocol.ts";
import { reloadWorkers } from "./host_reload.ts";
import { StatePool } from "./state_pool.ts";
import { type SyncCall, SyncSessions } from "./sync_sessions.ts";
import { type OutgoingRequest, WorkerSet } from "./worker_set.ts";

/**
 * The pool of Lua workers. Start with {@linkcode LuaHost.start}; always
 * {@linkcode LuaHost.close}.
 *
 * @example
 * ```ts
 * import { LuaHost } from "./lua_host.ts";
 * const host = await LuaHost.start({ workers: 1, statesPerWorker: 1 });
 * const h = host.handles[0]!;
 * await host.run(h, "return 1 + 1"); // { ok: true, values: ["2"] }
 * host.close();
 * ```
 */
export class LuaHost {
  #workers: WorkerSet;
  #onLog: LuaHostOptions["onLog"];
  #handles: StateHandle[][];
  #pool: StatePool<StateHandle>;
  #sync: SyncSessions;

  private constructor(options: LuaHostOptions) {
    const { workers, states, syncTimeoutMs, workerSet } = resolveHostOptions(options);
    this.#workers = new WorkerSet(workers, {
      ...workerSet,
      onLog: (worker, logs) => this.#log(worker, logs),
    });
    this.#sync = new SyncSessions(syncTimeoutMs, (w, why) => this.#workers.crash(w, why));
    this.#onLog = options.onLog;
    this.#handles = Array.from(
      { length: workers },
      (_, worker) => Array.from({ length: states }, (_, slot) => Object.freeze({ worker, slot })),
    );
    // Slot-major order, so consecutive leases land on different workers.
    this.#pool = new StatePool({
      capacity: workers * states,
      create: (i) => this.#handles[i % workers]![Math.floor(i / workers)]!,
    });
  }

  /**
   * Start the workers and prepare every state: privileged sources, then
   * `setup.main`, then freeze. Resolves once all states are ready.
   *
   * @throws {HostStartError} When a state's setup fails; every worker is closed.
   *
   * @example
   * ```ts
   * import { LuaHost } from "./lua_host.ts";
   * const host = await LuaHost.start({ workers: 2, statesPerWorker: 2, vm: { maxInstructions: 1e7 } });
   * host.close();
   * ```
   */
  static async start(options: LuaHostOptions = {}): Promise<LuaHost> {
    const host = new LuaHost(options);
    try {
      await host.#workers.start();
    } catch (e) {
      host.close();
      throw e;
    }
    return host;
  }

  /**
   * Number of workers.
   *
   * @example
   * ```ts
   * import { LuaHost } from "./lua_host.ts";
   * const host = await LuaHost.start({ workers: 2 });
   * host.workers; // 2
   * host.close();
   * ```
   */
  get workers(): number {
    return this.#handles.length;
  }

  /**
   * Lua states per worker.
   *
   * @example
   * ```ts
   * import { LuaHost } from "./lua_host.ts";
   * const host = await LuaHost.start({ workers: 1, statesPerWorker: 2 });
   * host.statesPerWorker; // 2
   * host.close();
   * ```
   */
  get statesPerWorker(): number {
    return this.#workers.init.states;
  }

  /**
   * Every state handle, slot-major (`w0s0, w1s0, ..., w0s1, ...`).
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * declare const host: LuaHost;
   * host.handles.length === host.workers * host.statesPerWorker; // true
   * ```
   */
  get handles(): readonly StateHandle[] {
    return this.#pool.handles;
  }

  /**
   * The pool over all state handles. The main thread should only use
   * `tryAcquire()` on it.
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * declare const host: LuaHost;
   * const h = host.pool.tryAcquire();
   * if (h) host.pool.release(h);
   * ```
   */
  get pool(): StatePool<StateHandle> {
    return this.#pool;
  }

  /**
   * Number of worker deaths since start.
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * declare const host: LuaHost;
   * host.crashes; // 0 while no worker died
   * ```
   */
  get crashes(): number {
    return this.#workers.crashes;
  }

  /**
   * The canonical handle of slot `slot` of worker `worker`.
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * declare const host: LuaHost;
   * host.handle(1, 0); // { worker: 1, slot: 0 }
   * ```
   */
  handle(worker: number, slot: number): StateHandle {
    const h = this.#handles[worker]?.[slot];
    if (!h) throw new RangeError(`No Lua state ${slot} in worker ${worker}`);
    return h;
  }

  /**
   * Run a chunk in a state; resolves with its return values as text, or the
   * Lua error as a record.
   *
   * @throws {WorkerCrashedError} When the worker dies before replying.
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * declare const host: LuaHost;
   * const h = host.handle(0, 0);
   * const r = await host.run(h, "return 1 + 1", "console");
   * if (r.ok) console.log(r.values[0]);
   * ```
   */
  async run(handle: StateHandle, source: string, chunkName = "run"): Promise<RunOutcome> {
    const reply = await this.#request(handle, (id) => ({
      message: { type: "run", id, slot: handle.slot, source, chunkName },
      transfer: [],
    }));
    if (reply.type !== "ran") throw new TypeError(`Unexpected ${reply.type} reply to run`);
    return reply.outcome;
  }

  /**
   * Call a binary function (`LuaVm.callBinary`) in a state: bytes in, bytes
   * out, one message each way.
   *
   * @throws {LuaCallError} When the Lua function raises an error.
   * @throws {WorkerCrashedError} When the worker dies before replying.
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * import { BATCH_FUNCTION } from "./runtime_lua.ts";
   * import { encodeBatch } from "./batch_codec.ts";
   * declare const host: LuaHost;
   * const request = encodeBatch({ frame: 1, dt: 1 / 60, callbacks: [] });
   * const out = await host.call(host.handle(0, 0), BATCH_FUNCTION, request);
   * ```
   */
  async call(
    handle: StateHandle,
    fn: string,
    input: Uint8Array,
    options: CallOptions = {},
  ): Promise<Uint8Array> {
    const reply = await this.#request(handle, (id) => {
      const bytes = bytesToSend(input, options);
      return {
        message: { type: "call", id, slot: handle.slot, fn, input: bytes },
        transfer: [bytes.buffer as ArrayBuffer],
      };
    });
    if (reply.type !== "called") throw new TypeError(`Unexpected ${reply.type} reply to call`);
    if (!reply.outcome.ok) throw new LuaCallError(fn, reply.outcome.error);
    return reply.outcome.output;
  }

  /**
   * Call a binary function synchronously over the worker's shared-memory
   * channel. The first sync call to a worker in a task opens a session (one
   * postMessage); the session closes at the next microtask checkpoint, so a
   * burst of calls (a frame's collisions) pays the message once. Waits for a
   * busy worker up to `syncTimeoutMs`.
   *
   * @throws {LuaCallError} When the Lua function raises an error.
   * @throws {SyncTimeoutError} When the worker stays busy too long (phase `"enter"`).
   * @throws {WorkerCrashedError} When the worker does not reply in time; it is replaced.
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * import { BATCH_FUNCTION } from "./runtime_lua.ts";
   * import { encodeBatch } from "./batch_codec.ts";
   * declare const host: LuaHost;
   * const request = encodeBatch({ frame: 1, dt: 1 / 60, callbacks: [] });
   * const out = host.callSync(host.handle(0, 0), BATCH_FUNCTION, request);
   * ```
   */
  callSync(handle: StateHandle, fn: string, input: Uint8Array): Uint8Array {
    return this.finishSync(this.startSync(handle, fn, input));
  }

  /**
   * Ask the worker of `handle` to get ready for sync calls made later in this task
   * ({@linkcode LuaHost.startSync}), without waiting: it wakes while this thread works. Unused,
   * the request is withdrawn at the next microtask checkpoint.
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * declare const host: LuaHost;
   * host.openSync(host.handle(0, 0));
   * // ... find the collisions, encode the first request ...
   * ```
   */
  openSync(handle: StateHandle): void {
    this.#check(handle);
    this.#sync.open(this.#workers.live(handle.worker, handle.slot));
  }

  /**
   * {@linkcode LuaHost.callSync} in two halves: send the call and return at
   * once, so that this thread works while the worker runs it;
   * {@linkcode LuaHost.finishSync} waits for the reply. One call per worker
   * at a time; finish it before the task ends. A request that runs `calls`
   * callbacks may take `calls` times `syncTimeoutMs` to answer.
   *
   * @throws {SyncTimeoutError} When the worker stays busy too long (phase `"enter"`).
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * import { BATCH_FUNCTION } from "./runtime_lua.ts";
   * import { encodeBatch } from "./batch_codec.ts";
   * declare const host: LuaHost;
   * const request = encodeBatch({ frame: 1, dt: 1 / 60, callbacks: [] });
   * const call = host.startSync(host.handle(0, 0), BATCH_FUNCTION, request);
   * // ... encode the next request meanwhile ...
   * const out = host.finishSync(call);
   * ```
   */
  startSync(handle: StateHandle, fn: string, input: Uint8Array, calls = 1): SyncCall {
    this.#check(handle);
    const w = this.#workers.live(handle.worker, handle.slot);
    return this.#sync.start(w, handle, fn, input, calls);
  }

  /**
   * Wait for the reply of a call {@linkcode LuaHost.startSync} sent.
   *
   * @throws {LuaCallError} When the Lua function raises an error.
   * @throws {WorkerCrashedError} When the worker does not reply in time; it is replaced.
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * import type { SyncCall } from "./sync_sessions.ts";
   * declare const host: LuaHost, call: SyncCall;
   * const out = host.finishSync(call);
   * ```
   */
  finishSync(call: SyncCall): Uint8Array {
    return this.#sync.finish(call);
  }

  /**
   * Change the limits of every state (also used for replacements later).
   *
   * @example
   * ```ts
   * import type { LuaHost } from "./lua_host.ts";
   * declare const host: LuaHost;
   * await host.setLimits({ maxInstructions: 5_000_000 });
   * ```
   */
  async setLimits(limits: VmLimits): Promise<void> {
    const init = this.#workers.init;
    this.#workers.init = { ...init, limits: { ...init.limits, ...limits } };
    await Promise.all(
      this.#handles.map((slots) =>
        this.#request(
          slots[0]!,
          (id) => ({ message: { type: "limits", id, limits }, transfer: [] }),
        )
      ),
    );
  }

  /**
   * Reload the game's scripts in every state, all or nothing. Each state runs `scripts.main` as
   * its new top level (`require` reading `scripts.files`) while its running scripts stay in
   * place (`LuaVm.prepareReload`); once every state succeeded and `check` (given the new
   * functions' names) returns no problem, every state swaps the new scripts in, and workers
   * started later load them. Otherwise every state keeps the scripts it runs and the outcome
   * holds the first error, in worker order. Only one state's log lines are kept.
   *
   * @example
   * ```ts ignore
   * const r = await host.reload({ main: { source: "function f() end", name: "main.lua" }, files: {} });
   * if (!r.ok) console.log(r.error.message); // e.g. "main.lua:3: unexpected symbol near 'x'"
   * ```
   */
  reload(
    scripts: { main: NamedSource; files: Record<string, string> },
    check?: (functions: readonly string[]) => string | undefined,
  ): Promise<ReloadOutcome> {
    return reloadWorkers(this.#workers, scripts, check);
  }

  /**
   * Terminate every worker. Pending requests reject with
   * {@linkcode HostClosedError}; waiting pool acquirers with `PoolClosedError`.
   *
   * @example
   * ```ts
   * import { LuaHost } from "./lua_host.ts";
   * const host = await LuaHost.start({ workers: 1 });
   * host.close(); // later requests throw HostClosedError
   * ```
   */
  close(): void {
    if (this.#workers.closed) return;
    this.#pool.close();
    this.#workers.close();
  }

  #log(worker: number, logs: LogRecord[]): void {
    if (!this.#onLog) return;
    for (const r of logs) this.#onLog(this.handle(worker, r.slot), r.level, r.message);
  }

  /** Throws unless `handle` is one of this open host's handles. */
  #check(handle: StateHandle): void {
    if (this.#workers.closed) throw new HostClosedError();
    if (!this.#handles[handle.worker] || this.handle(handle.worker, handle.slot) !== handle) {
      throw new RangeError(
        `Unknown state handle { worker: ${handle.worker}, slot: ${handle.slot} }`,
      );
    }
  }

  #request(
    handle: StateHandle,
    build: (id: number) => OutgoingRequest,
  ): Promise<WorkerToHost> {
    try {
      this.#check(handle);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#workers.request(handle.worker, handle.slot, build);
  }
}
