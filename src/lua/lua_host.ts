/**
 * Main-thread side of the Lua workers: starts N Deno Workers holding K Lua
 * states each, routes requests to a `{ worker, slot }` handle, and replaces a
 * worker that dies.
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
import {
  HostClosedError,
  HostStartError,
  LuaCallError,
  WorkerCrashedError,
} from "./host_errors.ts";
import type {
  HostToWorker,
  LogLevel,
  LogRecord,
  LuaErrorRecord,
  NamedSource,
  ReloadOutcome,
  RunOutcome,
  StateSetup,
  VmLimits,
  WorkerToHost,
} from "./host_protocol.ts";
import { StatePool } from "./state_pool.ts";
import { createSyncBuffer, DEFAULT_SYNC_BYTES, DEFAULT_SYNC_MAX_BYTES } from "./sync_channel.ts";
import { SyncCaller, SyncTimeoutError } from "./sync_caller.ts";

/**
 * Names one Lua state: slot `slot` of worker `worker`. The host hands out one
 * frozen object per state, so handles compare by identity.
 *
 * @example
 * ```ts
 * import type { StateHandle } from "./lua_host.ts";
 * const h: StateHandle = { worker: 0, slot: 1 };
 * ```
 */
export interface StateHandle {
  /** Worker index, `0..workers-1`. */
  readonly worker: number;
  /** State slot inside the worker, `0..statesPerWorker-1`. */
  readonly slot: number;
}

/** Options for {@linkcode LuaHost.start}. */
export interface LuaHostOptions {
  /** Number of workers; default `min(4, cores - 1)`, at least 1. */
  workers?: number;
  /** Lua states per worker; default 2. */
  statesPerWorker?: number;
  /** Limits given to every state at creation. */
  vm?: VmLimits;
  /** How every state is prepared (also after a worker is replaced). */
  setup?: Partial<StateSetup>;
  /** Receives Lua log lines (`print`, engine logs) with the state they came from. */
  onLog?: (handle: StateHandle, level: LogLevel, message: string) => void;
  /** Told about every worker death, after its requests were rejected. */
  onCrash?: (error: WorkerCrashedError) => void;
  /** How long `callSync` waits for a busy worker or for a reply; default 5000 ms. */
  syncTimeoutMs?: number;
  /**
   * How long `run` and `call` wait for a reply before the worker is taken for
   * hung and replaced; default {@linkcode DEFAULT_REPLY_TIMEOUT_MS}.
   */
  replyTimeoutMs?: number;
  /** Initial and largest size of each sync buffer's data area. */
  syncBufferBytes?: { initial?: number; max?: number };
  /** Worker entry module; default `./worker_main.ts` (tests wrap it). */
  workerUrl?: string | URL;
}

/**
 * Default time a worker has to answer a request. The instruction budget stops
 * each callback, but a frame's shard of callbacks each near its budget can
 * take seconds, and a larger budget longer; a worker that does not answer in
 * time is stopped and replaced and its requests fail, so the game goes on.
 *
 * @example
 * ```ts
 * import { DEFAULT_REPLY_TIMEOUT_MS } from "./lua_host.ts";
 * console.log(DEFAULT_REPLY_TIMEOUT_MS); // 30000
 * ```
 */
export const DEFAULT_REPLY_TIMEOUT_MS = 30_000;

/** Options for {@linkcode LuaHost.call}. */
export interface CallOptions {
  /**
   * Hand the input's buffer to the worker instead of copying it, when the
   * view spans its whole buffer; the caller's buffer is then detached.
   * Default true.
   */
  transfer?: boolean;
}

/**
 * Default worker count: `min(4, cores - 1)`, at least 1.
 *
 * @example
 * ```ts
 * import { defaultWorkerCount } from "./lua_host.ts";
 * defaultWorkerCount(8); // 4
 * ```
 */
export function defaultWorkerCount(cores: number = navigator.hardwareConcurrency || 1): number {
  return Math.max(1, Math.min(4, cores - 1));
}

// Replacements in a row that may die before becoming ready.
const MAX_FAILED_STARTS = 3;

interface Pending {
  slot: number;
  resolve: (m: WorkerToHost) => void;
  reject: (e: Error) => void;
}

interface Init {
  states: number;
  limits: VmLimits;
  setup: StateSetup;
}

// One incarnation of a worker; a crash replaces the whole object.
class Incarnation {
  readonly worker: Worker;
  readonly caller: SyncCaller;
  readonly pending = new Map<number, Pending>();
  readonly ready: Promise<void>;
  /** Set before `terminate()`: see `stop` in `host_protocol.ts`. */
  readonly stop = new Int32Array(new SharedArrayBuffer(4));
  dead = false;
  isReady = false;
  broken: string | undefined;
  #settle!: { resolve: () => void; reject: (e: Error) => void };

  constructor(
    url: string | URL,
    index: number,
    init: Init,
    sync: { initial: number; max: number },
  ) {
    this.worker = new Worker(url, { type: "module" });
    const sab = createSyncBuffer(sync.initial, sync.max);
    this.caller = new SyncCaller(sab, (epoch) => this.post({ type: "sync", epoch }));
    this.ready = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    this.ready.catch(() => {}); // observed through start() or the crash path
    this.post({ type: "init", worker: index, ...init, sync: sab, stop: this.stop.buffer });
  }

  /**
   * End the worker. `terminate()` takes effect only once the worker's thread
   * is back in its event loop, so first make its running Lua call fail at the
   * next count hook and wake it if it waits for a sync call.
   */
  kill(): void {
    this.caller.abandon(this.stop);
    this.worker.terminate();
  }

  post(m: HostToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  settle(error?: Error): void {
    if (error) this.#settle.reject(error);
    else this.#settle.resolve();
  }
}

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
  #url: string | URL;
  #init: Init;
  #sync: { initial: number; max: number };
  #syncTimeoutMs: number;
  #replyTimeoutMs: number;
  #onLog: LuaHostOptions["onLog"];
  #onCrash: LuaHostOptions["onCrash"];
  #workers: Incarnation[] = [];
  #handles: StateHandle[][];
  #pool: StatePool<StateHandle>;
  #nextId = 1;
  #closed = false;
  #syncOpen: Incarnation[] = [];
  #crashes = 0;
  #started = false;
  #failedStarts: number[] = [];

  private constructor(options: LuaHostOptions) {
    const workers = options.workers ?? defaultWorkerCount();
    const states = options.statesPerWorker ?? 2;
    for (const [name, v] of [["workers", workers], ["statesPerWorker", states]] as const) {
      if (!Number.isInteger(v) || v < 1) {
        throw new RangeError(`Lua host ${name} must be a positive integer, got ${v}`);
      }
    }
    this.#url = options.workerUrl ?? new URL("./worker_main.ts", import.meta.url).href;
    this.#init = {
      states,
      limits: options.vm ?? {},
      setup: {
        privileged: options.setup?.privileged ?? [],
        files: options.setup?.files ?? {},
        main: options.setup?.main,
        freeze: options.setup?.freeze ?? false,
      },
    };
    this.#sync = {
      initial: options.syncBufferBytes?.initial ?? DEFAULT_SYNC_BYTES,
      max: options.syncBufferBytes?.max ?? DEFAULT_SYNC_MAX_BYTES,
    };
    this.#syncTimeoutMs = options.syncTimeoutMs ?? 5000;
    this.#replyTimeoutMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
    this.#onLog = options.onLog;
    this.#onCrash = options.onCrash;
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
    for (let i = 0; i < host.#handles.length; i++) host.#workers.push(host.#spawn(i));
    try {
      await Promise.all(host.#workers.map((w) => w.ready));
    } catch (e) {
      host.close();
      throw e;
    }
    host.#started = true;
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
    return this.#init.states;
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
    return this.#crashes;
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
      const bytes = options.transfer === false || !spansBuffer(input) ? input.slice() : input;
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
    const w = this.#incarnation(handle);
    if (!w.caller.active) {
      w.caller.enter(this.#syncTimeoutMs);
      if (this.#syncOpen.push(w) === 1) queueMicrotask(() => this.#leaveSync());
    }
    let outcome;
    try {
      outcome = w.caller.call(handle.slot, fn, input, this.#syncTimeoutMs);
    } catch (e) {
      if (!(e instanceof SyncTimeoutError)) throw e;
      const error = new WorkerCrashedError(handle.worker, handle.slot, e.message);
      this.#crash(handle.worker, e.message);
      throw error;
    }
    if (!outcome.ok) throw new LuaCallError(fn, outcome.error);
    return outcome.output;
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
    this.#init = { ...this.#init, limits: { ...this.#init.limits, ...limits } };
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
  async reload(
    scripts: { main: NamedSource; files: Record<string, string> },
    check?: (functions: readonly string[]) => string | undefined,
  ): Promise<ReloadOutcome> {
    const each = (build: (id: number) => HostToWorker) =>
      Promise.allSettled(
        this.#handles.map((slots) =>
          this.#request(slots[0]!, (id) => ({ message: build(id), transfer: [] }))
        ),
      );
    let outcome: ReloadOutcome | undefined;
    for (const p of await each((id) => ({ type: "reload", id, ...scripts }))) {
      const reply = p.status === "fulfilled" ? p.value : undefined;
      const r: ReloadOutcome = reply?.type === "reloaded" ? reply.outcome : {
        ok: false,
        error: {
          message: p.status === "rejected" ? errorText(p.reason) : "No reply",
          traceback: "",
        },
      };
      if (!r.ok) {
        outcome = r;
        break;
      }
      outcome ??= r;
    }
    if (outcome === undefined) throw new HostClosedError();
    const problem = outcome.ok ? check?.(outcome.functions) : undefined;
    if (problem !== undefined) outcome = { ok: false, error: { message: problem, traceback: "" } };
    const commit = outcome.ok;
    // Replacements from now on start with the new scripts.
    if (commit) this.#init = { ...this.#init, setup: { ...this.#init.setup, ...scripts } };
    const ended = await each((id) => ({ type: "reloadEnd", id, commit }));
    ended.forEach((p, index) => {
      // A worker replaced between the two steps runs the old scripts: start it again.
      if (commit && p.status === "fulfilled" && p.value.type === "reloadEnded" && p.value.missing) {
        this.#crash(index, "Worker was replaced during a reload; restarted with the new scripts");
      }
    });
    return outcome;
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
    if (this.#closed) return;
    this.#closed = true;
    this.#pool.close();
    for (const w of this.#workers) {
      w.dead = true;
      w.kill();
      w.settle(new HostClosedError());
      for (const p of w.pending.values()) p.reject(new HostClosedError());
      w.pending.clear();
    }
  }

  #spawn(index: number): Incarnation {
    const w = new Incarnation(this.#url, index, this.#init, this.#sync);
    w.worker.onmessage = (e: MessageEvent<WorkerToHost>) => this.#receive(w, index, e.data);
    w.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault(); // keep the main thread alive; we replace the worker
      this.#crash(index, e.message || "Uncaught error in worker", w);
    };
    w.worker.onmessageerror = () => this.#crash(index, "Undecodable message from worker", w);
    return w;
  }

  #receive(w: Incarnation, index: number, m: WorkerToHost): void {
    if (w.dead) return;
    if ("logs" in m) this.#log(index, m.logs);
    switch (m.type) {
      case "ready":
        w.isReady = true;
        this.#failedStarts[index] = 0;
        return w.settle();
      case "initFailed":
        w.settle(new HostStartError(index, m.slot, m.error));
        return this.#crash(index, `Setup of state ${m.slot} failed: ${m.error.message}`, w);
      case "exiting":
        return this.#crash(index, m.reason, w);
      case "log":
        return;
      default: {
        const p = w.pending.get(m.id);
        w.pending.delete(m.id);
        p?.resolve(m);
      }
    }
  }

  #log(worker: number, logs: LogRecord[]): void {
    if (!this.#onLog) return;
    for (const r of logs) this.#onLog(this.handle(worker, r.slot), r.level, r.message);
  }

  #incarnation(handle: StateHandle): Incarnation {
    if (this.#closed) throw new HostClosedError();
    const w = this.#workers[handle.worker];
    if (!w || this.handle(handle.worker, handle.slot) !== handle) {
      throw new RangeError(
        `Unknown state handle { worker: ${handle.worker}, slot: ${handle.slot} }`,
      );
    }
    if (w.broken !== undefined) throw new WorkerCrashedError(handle.worker, handle.slot, w.broken);
    return w;
  }

  #request(
    handle: StateHandle,
    build: (id: number) => { message: HostToWorker; transfer: Transferable[] },
  ): Promise<WorkerToHost> {
    let w: Incarnation;
    try {
      w = this.#incarnation(handle);
    } catch (e) {
      return Promise.reject(e);
    }
    const id = this.#nextId++;
    const { message, transfer } = build(id);
    const ms = this.#replyTimeoutMs;
    return new Promise((resolve, reject) => {
      // The clock starts once the worker is up: a replacement takes a while to load.
      let timer: ReturnType<typeof setTimeout> | undefined;
      w.ready.then(() => {
        if (!w.pending.has(id)) return;
        timer = setTimeout(() => {
          this.#crash(
            handle.worker,
            `Worker did not reply within ${ms} ms; it was stopped and replaced`,
            w,
          );
        }, ms);
      }, () => {});
      w.pending.set(id, {
        slot: handle.slot,
        resolve: (reply) => (clearTimeout(timer), resolve(reply)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      w.post(message, transfer);
    });
  }

  #leaveSync(): void {
    const open = this.#syncOpen;
    this.#syncOpen = [];
    for (const w of open) w.caller.leave();
  }

  #crash(index: number, reason: string, which?: Incarnation): void {
    const w = this.#workers[index];
    if (!w || w.dead || (which && which !== w)) return;
    w.dead = true;
    w.kill();
    this.#crashes++;
    w.settle(new WorkerCrashedError(index, -1, reason));
    for (const p of w.pending.values()) p.reject(new WorkerCrashedError(index, p.slot, reason));
    w.pending.clear();
    // During start() the failure is reported by start() itself.
    if (this.#closed || !this.#started) return;
    const failed = w.isReady ? 0 : (this.#failedStarts[index] ?? 0) + 1;
    this.#failedStarts[index] = failed;
    // A replacement that keeps dying during setup would loop forever: give up
    // on this worker; its handles then fail fast with WorkerCrashedError.
    if (failed < MAX_FAILED_STARTS) this.#workers[index] = this.#spawn(index);
    else w.broken = `Worker could not be restarted: ${reason}`;
    this.#onCrash?.(new WorkerCrashedError(index, -1, reason));
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function spansBuffer(bytes: Uint8Array): boolean {
  const b = bytes.buffer;
  return b instanceof ArrayBuffer && !b.resizable && bytes.byteOffset === 0 &&
    bytes.byteLength === b.byteLength;
}

/** Re-exported so users of the host need one import. */
export type { LuaErrorRecord, ReloadOutcome, RunOutcome, StateSetup, VmLimits };
