/**
 * Messages between {@linkcode LuaHost} (main thread) and `worker_main.ts`.
 * One message each way per request; byte payloads travel as transferred
 * buffers. Sync calls do not use messages: see `sync_channel.ts`.
 *
 * @example
 * ```ts
 * import type { HostToWorker } from "./host_protocol.ts";
 * const m: HostToWorker = { type: "run", id: 1, slot: 0, source: "return 1", chunkName: "x" };
 * ```
 *
 * @module
 */
import type { LuaErrorKind } from "./errors.ts";
export type { LuaErrorKind };

/**
 * A Lua error as data: it crosses threads, so it cannot be an `Error`.
 *
 * @example
 * ```ts
 * import type { LuaErrorRecord } from "./host_protocol.ts";
 * const e: LuaErrorRecord = { message: "main.lua:3: boom", traceback: "stack traceback:\n..." };
 * ```
 */
export interface LuaErrorRecord {
  /** Error message, with `file:line` when Lua knows it. */
  message: string;
  /** Lua traceback, or `""` when there is none. */
  traceback: string;
  /** Kind of Lua failure when the VM said (`"budget"`, `"memory"`, ...). */
  kind?: LuaErrorKind;
}

/**
 * Outcome of running a chunk: its return values as text, or an error.
 *
 * @example
 * ```ts
 * import type { RunOutcome } from "./host_protocol.ts";
 * const ok: RunOutcome = { ok: true, values: ["4"] };
 * ```
 */
export type RunOutcome =
  | { ok: true; values: string[] }
  | { ok: false; error: LuaErrorRecord };

/**
 * Outcome of a binary call: the output bytes, or an error.
 *
 * @example
 * ```ts
 * import type { CallOutcome } from "./host_protocol.ts";
 * const ok: CallOutcome = { ok: true, output: new Uint8Array([1]) };
 * ```
 */
export type CallOutcome =
  | { ok: true; output: Uint8Array }
  | { ok: false; error: LuaErrorRecord };

/**
 * Outcome of preparing a reload of the game's scripts: the names of the new globals' functions,
 * sorted, or the error that kept the running scripts.
 *
 * @example
 * ```ts
 * import type { ReloadOutcome } from "./host_protocol.ts";
 * const ok: ReloadOutcome = { ok: true, functions: ["on_update_game"] };
 * ```
 */
export type ReloadOutcome =
  | { ok: true; functions: string[] }
  | { ok: false; error: LuaErrorRecord };

/**
 * Log levels the VM reports (`print` is `info`).
 *
 * @example
 * ```ts
 * import type { LogLevel } from "./host_protocol.ts";
 * const l: LogLevel = "warn";
 * ```
 */
export type LogLevel = "info" | "warn" | "error";

/**
 * One log line from a Lua state, carried back with the next reply.
 *
 * @example
 * ```ts
 * import type { LogRecord } from "./host_protocol.ts";
 * const r: LogRecord = { slot: 0, level: "info", message: "hello" };
 * ```
 */
export interface LogRecord {
  /** State slot inside the worker. */
  slot: number;
  /** Severity. */
  level: LogLevel;
  /** Text. */
  message: string;
}

/**
 * A Lua source with the chunk name it is loaded under.
 *
 * @example
 * ```ts
 * import type { NamedSource } from "./host_protocol.ts";
 * const s: NamedSource = { source: "x = 1", name: "@main.lua" };
 * ```
 */
export interface NamedSource {
  /** Lua text. */
  source: string;
  /** Chunk name used in error messages. */
  name: string;
}

/**
 * How every state is prepared, in order: privileged sources, `main`, freeze.
 *
 * @example
 * ```ts
 * import type { StateSetup } from "./host_protocol.ts";
 * const s: StateSetup = { privileged: [], files: {}, freeze: false };
 * ```
 */
export interface StateSetup {
  /** Engine code loaded with `LuaVm.loadPrivileged`. */
  privileged: NamedSource[];
  /** Files `require` may load (path to text). */
  files: Record<string, string>;
  /** Game code run with `LuaVm.run` after the privileged sources. */
  main?: NamedSource;
  /** Freeze the globals once setup is done. */
  freeze: boolean;
}

/**
 * VM limits, as in `LuaVm.setLimits`.
 *
 * @example
 * ```ts
 * import type { VmLimits } from "./host_protocol.ts";
 * const l: VmLimits = { maxInstructions: 10_000_000, maxMemoryMb: 64 };
 * ```
 */
export interface VmLimits {
  /** Instruction budget per call. */
  maxInstructions?: number;
  /** Memory cap per state. */
  maxMemoryMb?: number;
}

/**
 * Main thread to worker.
 *
 * @example
 * ```ts
 * import type { HostToWorker } from "./host_protocol.ts";
 * const m: HostToWorker = { type: "sync", epoch: 1 };
 * ```
 */
export type HostToWorker =
  | {
    type: "init";
    worker: number;
    states: number;
    limits: VmLimits;
    setup: StateSetup;
    sync: SharedArrayBuffer;
    /**
     * One Int32 the host sets before it terminates the worker: the running Lua call fails at
     * its next count hook, so the worker returns to its event loop, where termination ends it.
     */
    stop: SharedArrayBuffer;
  }
  | { type: "run"; id: number; slot: number; source: string; chunkName: string }
  | { type: "call"; id: number; slot: number; fn: string; input: Uint8Array }
  | { type: "limits"; id: number; limits: VmLimits }
  /** Prepare a reload of the game's scripts in every state (`LuaVm.prepareReload`). */
  | { type: "reload"; id: number; main: NamedSource; files: Record<string, string> }
  /** Swap in (`commit`) or drop the prepared reload in every state (`LuaVm.finishReload`). */
  | { type: "reloadEnd"; id: number; commit: boolean }
  /** Enter sync mode for session `epoch` (see `sync_channel.ts`). */
  | { type: "sync"; epoch: number };

/**
 * Worker to main thread.
 *
 * @example
 * ```ts
 * import type { WorkerToHost } from "./host_protocol.ts";
 * const m: WorkerToHost = { type: "ready", logs: [] };
 * ```
 */
export type WorkerToHost =
  | { type: "ready"; logs: LogRecord[] }
  | { type: "initFailed"; slot: number; error: LuaErrorRecord; logs: LogRecord[] }
  | { type: "ran"; id: number; outcome: RunOutcome; logs: LogRecord[] }
  | { type: "called"; id: number; outcome: CallOutcome; logs: LogRecord[] }
  | { type: "limitsSet"; id: number; logs: LogRecord[] }
  | { type: "reloaded"; id: number; outcome: ReloadOutcome; logs: LogRecord[] }
  /** `missing`: a state had no prepared reload (the worker was replaced in between). */
  | { type: "reloadEnded"; id: number; missing: boolean; logs: LogRecord[] }
  /** Logs written during a sync session, sent once it ends. */
  | { type: "log"; logs: LogRecord[] }
  /** The worker is about to close itself; treat it as crashed. */
  | { type: "exiting"; reason: string };
