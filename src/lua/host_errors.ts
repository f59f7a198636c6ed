/**
 * Errors raised on the main thread by {@linkcode LuaHost}.
 *
 * @example
 * ```ts
 * import { WorkerCrashedError } from "./host_errors.ts";
 * const e = new WorkerCrashedError(1, 0, "Uncaught Error: boom");
 * e.message; // "Lua worker 1 crashed while running slot 0: Uncaught Error: boom"
 * ```
 *
 * @module
 */
import type { LuaErrorRecord } from "./host_protocol.ts";
import type { LuaErrorKind } from "./errors.ts";
import { MoonglowError } from "../core/errors.ts";

/**
 * A request was lost because its worker died (uncaught error, closed itself,
 * or stopped answering a sync call). The worker is replaced and its states
 * recreated; the request is not retried.
 *
 * @example
 * ```ts
 * import { WorkerCrashedError } from "./host_errors.ts";
 * const e = new WorkerCrashedError(0, 1, "Worker closed itself");
 * e.worker; // 0
 * ```
 */
export class WorkerCrashedError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "LUA_WORKER_CRASHED";
  /** Index of the worker that died. */
  readonly worker: number;
  /** State slot the lost request ran in, or -1 when it named no slot. */
  readonly slot: number;
  /** What was observed. */
  readonly reason: string;
  /** Create the error. */
  constructor(worker: number, slot: number, reason: string) {
    super(
      slot >= 0
        ? `Lua worker ${worker} crashed while running slot ${slot}: ${reason}`
        : `Lua worker ${worker} crashed: ${reason}`,
    );
    this.worker = worker;
    this.slot = slot;
    this.reason = reason;
  }
}

/**
 * A binary call (`call` / `callSync`) raised a Lua error.
 *
 * @example
 * ```ts
 * import { LuaCallError } from "./host_errors.ts";
 * const e = new LuaCallError("__mg_batch", { message: "main.lua:2: boom", traceback: "" });
 * e.message; // "Lua call __mg_batch failed: main.lua:2: boom"
 * ```
 */
export class LuaCallError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "LUA_CALL";
  /** Function that was called. */
  readonly fn: string;
  /** The Lua error message (with `file:line`). */
  readonly luaMessage: string;
  /** The Lua traceback, or `""`. */
  readonly traceback: string;
  /** Create the error from the record sent back by the worker. */
  constructor(fn: string, error: LuaErrorRecord) {
    super(`Lua call ${fn} failed: ${error.message}`);
    this.fn = fn;
    this.luaMessage = error.message;
    this.traceback = error.traceback;
  }
}

/**
 * Preparing a Lua state failed while starting the host (a privileged source
 * or the game's main chunk raised an error, or a worker died during setup).
 *
 * @example
 * ```ts
 * import { HostStartError } from "./host_errors.ts";
 * const e = new HostStartError(0, 0, { message: "main.lua:1: oops", traceback: "" });
 * ```
 */
export class HostStartError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "LUA_HOST_START";
  /** Worker index. */
  readonly worker: number;
  /** State slot, or -1 when the whole worker failed. */
  readonly slot: number;
  /** The Lua error message. */
  readonly luaMessage: string;
  /** The Lua traceback, or `""`. */
  readonly traceback: string;
  /** Kind of Lua failure when the VM said (`"syntax"` for a file that does not compile). */
  readonly kind: LuaErrorKind | undefined;
  /** Create the error. */
  constructor(worker: number, slot: number, error: LuaErrorRecord) {
    super(
      slot >= 0
        ? `Setting up Lua state ${slot} of worker ${worker} failed: ${error.message}`
        : `Starting Lua worker ${worker} failed: ${error.message}`,
    );
    this.worker = worker;
    this.slot = slot;
    this.luaMessage = error.message;
    this.traceback = error.traceback;
    this.kind = error.kind;
  }
}

/**
 * The host was closed; pending and later requests fail with this.
 *
 * @example
 * ```ts
 * import { HostClosedError } from "./host_errors.ts";
 * new HostClosedError().message; // "Lua host is closed"
 * ```
 */
export class HostClosedError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "LUA_HOST_CLOSED";
  /** Create the error. */
  constructor() {
    super("Lua host is closed");
  }
}
