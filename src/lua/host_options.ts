/**
 * The Lua host's options and their defaults: the handle naming one state, the
 * options {@linkcode LuaHost.start} and {@linkcode LuaHost.call} take, and how
 * they turn into the worker set's configuration.
 *
 * @example
 * ```ts
 * import { resolveHostOptions } from "./host_options.ts";
 * const { workers, states } = resolveHostOptions({ workers: 2 });
 * // workers === 2, states === 2 (the default)
 * ```
 *
 * @module
 */
import type { WorkerCrashedError } from "./host_errors.ts";
import type { LogLevel, StateSetup, VmLimits } from "./host_protocol.ts";
import { DEFAULT_SYNC_BYTES, DEFAULT_SYNC_MAX_BYTES } from "./sync_channel.ts";
import {
  DEFAULT_REPLY_TIMEOUT_MS,
  defaultWorkerCount,
  type WorkerSetOptions,
} from "./worker_set.ts";

/**
 * Names one Lua state: slot `slot` of worker `worker`. The host hands out one
 * frozen object per state, so handles compare by identity.
 *
 * @example
 * ```ts
 * import type { StateHandle } from "./host_options.ts";
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

/** Options for {@linkcode LuaHost.call}. */
export interface CallOptions {
  /**
   * Hand the input's buffer to the worker instead of copying it, when the
   * view spans its whole buffer; the caller's buffer is then detached.
   * Default true.
   */
  transfer?: boolean;
}

/** {@linkcode LuaHostOptions} with every default filled in and checked. */
export interface ResolvedHostOptions {
  /** Number of workers. */
  workers: number;
  /** Lua states per worker. */
  states: number;
  /** How long `callSync` waits, in ms. */
  syncTimeoutMs: number;
  /** The worker set's configuration, except its log sink (the host's own). */
  workerSet: Omit<WorkerSetOptions, "onLog">;
}

/**
 * Fill in the defaults of `options` and check the worker and state counts.
 *
 * @throws {RangeError} When `workers` or `statesPerWorker` is not a positive integer.
 *
 * @example
 * ```ts
 * import { resolveHostOptions } from "./host_options.ts";
 * resolveHostOptions({ statesPerWorker: 3 }).workerSet.init.states; // 3
 * ```
 */
export function resolveHostOptions(options: LuaHostOptions): ResolvedHostOptions {
  const workers = options.workers ?? defaultWorkerCount();
  const states = options.statesPerWorker ?? 2;
  for (const [name, v] of [["workers", workers], ["statesPerWorker", states]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`Lua host ${name} must be a positive integer, got ${v}`);
    }
  }
  return {
    workers,
    states,
    syncTimeoutMs: options.syncTimeoutMs ?? 5000,
    workerSet: {
      url: options.workerUrl ?? new URL("./worker_main.ts", import.meta.url).href,
      init: {
        states,
        limits: options.vm ?? {},
        setup: {
          privileged: options.setup?.privileged ?? [],
          files: options.setup?.files ?? {},
          main: options.setup?.main,
          freeze: options.setup?.freeze ?? false,
        },
      },
      sync: {
        initial: options.syncBufferBytes?.initial ?? DEFAULT_SYNC_BYTES,
        max: options.syncBufferBytes?.max ?? DEFAULT_SYNC_MAX_BYTES,
      },
      replyTimeoutMs: options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS,
      onCrash: options.onCrash,
    },
  };
}

/**
 * The bytes to post for `input` under `options`: `input` itself when its
 * buffer can be transferred, otherwise a copy.
 *
 * @example
 * ```ts
 * import { bytesToSend } from "./host_options.ts";
 * const input = new Uint8Array(4);
 * bytesToSend(input, {}) === input; // true: spans its whole buffer
 * bytesToSend(input, { transfer: false }) === input; // false: copied
 * ```
 */
export function bytesToSend(input: Uint8Array, options: CallOptions): Uint8Array {
  return options.transfer === false || !spansBuffer(input) ? input.slice() : input;
}

function spansBuffer(bytes: Uint8Array): boolean {
  const b = bytes.buffer;
  return b instanceof ArrayBuffer && !b.resizable && bytes.byteOffset === 0 &&
    bytes.byteLength === b.byteLength;
}
