/**
 * The workers behind a `LuaHost`: starts them, sends each request and routes
 * its reply, and replaces a worker that dies, hangs or fails to start (its
 * pending requests reject with {@linkcode WorkerCrashedError}). The host
 * decides what to ask; this module keeps the workers alive.
 *
 * @example
 * ```ts
 * import { WorkerSet } from "./worker_set.ts";
 * import { createSyncBuffer } from "./sync_channel.ts";
 * const workers = new WorkerSet(1, {
 *   url: new URL("./worker_main.ts", import.meta.url),
 *   init: { states: 1, limits: {}, setup: { privileged: [], files: {}, freeze: false } },
 *   sync: { initial: 1024, max: 1 << 20 },
 *   replyTimeoutMs: 30_000,
 * });
 * await workers.start();
 * const reply = await workers.request(0, 0, (id) => ({
 *   message: { type: "run", id, slot: 0, source: "return 1", chunkName: "run" },
 *   transfer: [],
 * }));
 * reply.type; // "ran"
 * workers.close();
 * ```
 *
 * @module
 */
import { HostClosedError, HostStartError, WorkerCrashedError } from "./host_errors.ts";
import type {
  HostToWorker,
  LogRecord,
  StateSetup,
  VmLimits,
  WorkerToHost,
} from "./host_protocol.ts";
import { createSyncBuffer } from "./sync_channel.ts";
import { SyncCaller } from "./sync_caller.ts";

/**
 * Default time a worker has to answer a request. The instruction budget stops
 * each callback, but a frame's request of callbacks each near its budget can
 * take seconds, and a larger budget longer (the time counts from the post, so
 * it includes the request queued ahead of it: a frame keeps two in flight per
 * state); a worker that does not answer in time is stopped and replaced and
 * its requests fail, so the game goes on.
 *
 * @example
 * ```ts
 * import { DEFAULT_REPLY_TIMEOUT_MS } from "./worker_set.ts";
 * console.log(DEFAULT_REPLY_TIMEOUT_MS); // 30000
 * ```
 */
export const DEFAULT_REPLY_TIMEOUT_MS = 30_000;

/**
 * Default worker count: `min(4, cores - 1)`, at least 1.
 *
 * @example
 * ```ts
 * import { defaultWorkerCount } from "./worker_set.ts";
 * defaultWorkerCount(8); // 4
 * ```
 */
export function defaultWorkerCount(cores: number = navigator.hardwareConcurrency || 1): number {
  return Math.max(1, Math.min(4, cores - 1));
}

// Replacements in a row that may die before becoming ready.
const MAX_FAILED_STARTS = 3;

/**
 * How every worker is made, also a replacement: its state count, limits and
 * scripts.
 *
 * @example
 * ```ts
 * import type { WorkerInit } from "./worker_set.ts";
 * const init: WorkerInit = {
 *   states: 2,
 *   limits: { maxInstructions: 1e6 },
 *   setup: { privileged: [], files: {}, freeze: false },
 * };
 * ```
 */
export interface WorkerInit {
  /** Lua states per worker. */
  states: number;
  /** Limits of every state. */
  limits: VmLimits;
  /** How every state is prepared. */
  setup: StateSetup;
}

/** Options for {@linkcode WorkerSet}. */
export interface WorkerSetOptions {
  /** Worker entry module. */
  url: string | URL;
  /** How each worker is made; {@linkcode WorkerSet.init} changes it later. */
  init: WorkerInit;
  /** Initial and largest size of each sync buffer's data area. */
  sync: { initial: number; max: number };
  /** How long a request waits for its reply before the worker is replaced. */
  replyTimeoutMs: number;
  /** Receives the log lines each reply carries. */
  onLog?: (worker: number, logs: LogRecord[]) => void;
  /** Told about every worker death after start, once its requests were rejected. */
  onCrash?: (error: WorkerCrashedError) => void;
}

/**
 * A request to one worker: the message and the buffers it hands over.
 *
 * @example
 * ```ts
 * import type { OutgoingRequest } from "./worker_set.ts";
 * const build = (id: number): OutgoingRequest => ({ message: { type: "limits", id, limits: {} }, transfer: [] });
 * ```
 */
export interface OutgoingRequest {
  /** The message, naming the request id it was built with. */
  message: HostToWorker;
  /** Buffers to transfer instead of copying. */
  transfer: Transferable[];
}

interface Pending {
  slot: number;
  resolve: (m: WorkerToHost) => void;
  reject: (e: Error) => void;
}

/**
 * One incarnation of a worker; a crash replaces the whole object.
 *
 * @example
 * ```ts
 * import type { Incarnation } from "./worker_set.ts";
 * declare const w: Incarnation;
 * if (!w.caller.active) w.caller.enter(5000);
 * ```
 */
export class Incarnation {
  /** The Deno Worker. */
  readonly worker: Worker;
  /** The main-thread end of its sync channel. */
  readonly caller: SyncCaller;
  /** Requests sent and not answered, by id. */
  readonly pending: Map<number, Pending> = new Map();
  /** Settles once every state of the worker is set up. */
  readonly ready: Promise<void>;
  /** Set before `terminate()`: see `stop` in `host_protocol.ts`. */
  readonly stop: Int32Array<SharedArrayBuffer> = new Int32Array(new SharedArrayBuffer(4));
  /** Whether this incarnation has ended. */
  dead = false;
  /** Whether its states were set up. */
  isReady = false;
  /** Why the worker was given up on, once replacements kept failing. */
  broken: string | undefined;
  #settle!: { resolve: () => void; reject: (e: Error) => void };

  /** Start worker `index` from `url`. */
  constructor(
    url: string | URL,
    index: number,
    init: WorkerInit,
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

  /** Send a message to the worker. */
  post(m: HostToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  /** Settle {@linkcode Incarnation.ready}. */
  settle(error?: Error): void {
    if (error) this.#settle.reject(error);
    else this.#settle.resolve();
  }
}

/**
 * The workers of one host, by index; each index always has a current
 * {@linkcode Incarnation}.
 *
 * @example
 * ```ts
 * import type { WorkerSet } from "./worker_set.ts";
 * declare const workers: WorkerSet;
 * workers.crashes; // 0 while no worker died
 * ```
 */
export class WorkerSet {
  /** How workers are made from now on (a replacement uses the value of its time). */
  init: WorkerInit;
  #options: WorkerSetOptions;
  #workers: Incarnation[] = [];
  #count: number;
  #nextId = 1;
  #closed = false;
  #crashes = 0;
  #started = false;
  #failedStarts: number[] = [];

  /** Describe `count` workers; {@linkcode WorkerSet.start} starts them. */
  constructor(count: number, options: WorkerSetOptions) {
    this.#count = count;
    this.#options = options;
    this.init = options.init;
  }

  /**
   * Start every worker and wait until all are set up.
   *
   * @throws {HostStartError} When a state's setup fails (the caller closes the set).
   */
  async start(): Promise<void> {
    for (let i = 0; i < this.#count; i++) this.#workers.push(this.#spawn(i));
    await Promise.all(this.#workers.map((w) => w.ready));
    this.#started = true;
  }

  /** Number of worker deaths since start. */
  get crashes(): number {
    return this.#crashes;
  }

  /** Whether {@linkcode WorkerSet.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The current incarnation of worker `index`, to serve state `slot`.
   *
   * @throws {HostClosedError} After {@linkcode WorkerSet.close}.
   * @throws {RangeError} For an index out of range.
   * @throws {WorkerCrashedError} When the worker could not be restarted.
   */
  live(index: number, slot: number): Incarnation {
    if (this.#closed) throw new HostClosedError();
    const w = this.#workers[index];
    if (!w) throw new RangeError(`No Lua worker ${index}`);
    if (w.broken !== undefined) throw new WorkerCrashedError(index, slot, w.broken);
    return w;
  }

  /**
   * Send the request `build` makes to worker `index` for state `slot`; resolves with the reply.
   * A worker that does not reply within the reply timeout is replaced.
   *
   * @throws {WorkerCrashedError} When the worker dies first (also through the promise).
   */
  request(
    index: number,
    slot: number,
    build: (id: number) => OutgoingRequest,
  ): Promise<WorkerToHost> {
    let w: Incarnation;
    try {
      w = this.live(index, slot);
    } catch (e) {
      return Promise.reject(e);
    }
    const id = this.#nextId++;
    const { message, transfer } = build(id);
    const ms = this.#options.replyTimeoutMs;
    return new Promise((resolve, reject) => {
      // The clock starts once the worker is up: a replacement takes a while to load.
      let timer: ReturnType<typeof setTimeout> | undefined;
      w.ready.then(() => {
        if (!w.pending.has(id)) return;
        timer = setTimeout(() => {
          this.crash(index, `Worker did not reply within ${ms} ms; it was stopped and replaced`, w);
        }, ms);
      }, () => {});
      w.pending.set(id, {
        slot,
        resolve: (reply) => (clearTimeout(timer), resolve(reply)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      w.post(message, transfer);
    });
  }

  /** Send the message `build` makes to every worker (for its state 0); one outcome each. */
  each(build: (id: number) => HostToWorker): Promise<PromiseSettledResult<WorkerToHost>[]> {
    return Promise.allSettled(
      Array.from(
        { length: this.#count },
        (_, i) => this.request(i, 0, (id) => ({ message: build(id), transfer: [] })),
      ),
    );
  }

  /**
   * End worker `index` (only if it is still `which`, when given), reject its requests and
   * start a replacement, unless replacements keep dying during setup.
   */
  crash(index: number, reason: string, which?: Incarnation): void {
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
    else w.broken = `Worker could not be restarted (only a restart of the game helps): ${reason}`;
    this.#options.onCrash?.(new WorkerCrashedError(index, -1, reason));
  }

  /** Terminate every worker; pending requests reject with {@linkcode HostClosedError}. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#workers) {
      w.dead = true;
      w.kill();
      w.settle(new HostClosedError());
      for (const p of w.pending.values()) p.reject(new HostClosedError());
      w.pending.clear();
    }
  }

  #spawn(index: number): Incarnation {
    const w = new Incarnation(this.#options.url, index, this.init, this.#options.sync);
    w.worker.onmessage = (e: MessageEvent<WorkerToHost>) => this.#receive(w, index, e.data);
    w.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault(); // keep the main thread alive; we replace the worker
      this.crash(index, e.message || "Uncaught error in worker", w);
    };
    w.worker.onmessageerror = () => this.crash(index, "Undecodable message from worker", w);
    return w;
  }

  #receive(w: Incarnation, index: number, m: WorkerToHost): void {
    if (w.dead) return;
    if ("logs" in m) this.#options.onLog?.(index, m.logs);
    switch (m.type) {
      case "ready":
        w.isReady = true;
        this.#failedStarts[index] = 0;
        return w.settle();
      case "initFailed":
        w.settle(new HostStartError(index, m.slot, m.error));
        return this.crash(index, `Setup of state ${m.slot} failed: ${m.error.message}`, w);
      case "exiting":
        return this.crash(index, m.reason, w);
      case "log":
        return;
      default: {
        const p = w.pending.get(m.id);
        w.pending.delete(m.id);
        p?.resolve(m);
      }
    }
  }
}
