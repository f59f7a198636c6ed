/**
 * The synchronous calls of a {@linkcode LuaHost}: the sessions it has open
 * (one per worker called in a task, closed together at the next microtask
 * checkpoint) and the calls sent through them.
 *
 * @module
 */
import { LuaCallError, WorkerCrashedError } from "./host_errors.ts";
import type { StateHandle } from "./host_options.ts";
import { type SyncCaller, SyncTimeoutError } from "./sync_caller.ts";
import type { Incarnation } from "./worker_set.ts";

/**
 * A call {@linkcode LuaHost.startSync} sent; {@linkcode LuaHost.finishSync} takes its reply.
 *
 * @example
 * ```ts
 * import type { SyncCall } from "./sync_sessions.ts";
 * declare const call: SyncCall;
 * call.handle.worker; // the worker running it
 * ```
 */
export interface SyncCall {
  /** The state it runs in. */
  readonly handle: StateHandle;
  /** The function called. */
  readonly fn: string;
  /** The channel it went through. */
  readonly caller: SyncCaller;
  /** How long its reply may take, in ms. */
  readonly timeoutMs: number;
}

/**
 * Opens sessions as calls need them and closes them at the next microtask
 * checkpoint, so a burst of calls (a frame's collisions) pays one message
 * per worker.
 *
 * @example
 * ```ts
 * import { SyncSessions } from "./sync_sessions.ts";
 * const sessions = new SyncSessions(5000, (worker, why) => console.error(worker, why));
 * ```
 */
export class SyncSessions {
  #open: Incarnation[] = [];
  #timeoutMs: number;
  #crash: (worker: number, message: string) => void;

  /** Wait `timeoutMs` for a busy worker or a reply; `crash` replaces a worker that never answers. */
  constructor(timeoutMs: number, crash: (worker: number, message: string) => void) {
    this.#timeoutMs = timeoutMs;
    this.#crash = crash;
  }

  /**
   * Send `fn(input)` to `handle`'s state in incarnation `w`, opening its session first. A request
   * that runs `calls` callbacks may take `calls` timeouts to answer.
   *
   * @throws {SyncTimeoutError} When the worker stays busy too long (phase `"enter"`).
   */
  start(w: Incarnation, handle: StateHandle, fn: string, input: Uint8Array, calls = 1): SyncCall {
    if (!w.caller.active) {
      this.#track(w);
      w.caller.enter(this.#timeoutMs);
    }
    w.caller.send(handle.slot, fn, input);
    return { handle, fn, caller: w.caller, timeoutMs: this.#timeoutMs * Math.max(1, calls) };
  }

  /**
   * The reply of `call`.
   *
   * @throws {LuaCallError} When the Lua function raises an error.
   * @throws {WorkerCrashedError} When the worker does not reply in time; it is replaced.
   */
  finish(call: SyncCall): Uint8Array {
    const { handle, fn } = call;
    let outcome;
    try {
      outcome = call.caller.receive(call.timeoutMs);
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
   * Ask worker incarnation `w` to enter its session now, for calls made later in this task: it
   * wakes meanwhile. A session asked for and not used is withdrawn with the others.
   */
  open(w: Incarnation): void {
    if (w.caller.active || w.caller.asked) return;
    this.#track(w);
    w.caller.open();
  }

  // Left (or withdrawn) at the next microtask checkpoint, with the others of this task.
  #track(w: Incarnation): void {
    if (this.#open.includes(w)) return;
    if (this.#open.push(w) === 1) queueMicrotask(() => this.#leave());
  }

  #leave(): void {
    const open = this.#open;
    this.#open = [];
    for (const w of open) w.caller.leave();
  }
}
