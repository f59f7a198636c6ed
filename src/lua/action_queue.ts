/**
 * The bounded queue that carries results and events from Lua work back to the
 * frame on the main thread.
 *
 * @example
 * ```ts
 * import { ActionQueue } from "./action_queue.ts";
 * const queue = new ActionQueue({ capacity: 4 });
 * queue.push({ kind: "ScriptResult", ok: true, message: "4" });
 * queue.tryPop(); // { kind: "ScriptResult", ok: true, message: "4" }
 * ```
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/** Default number of actions an {@linkcode ActionQueue} holds. */
export const DEFAULT_ACTION_QUEUE_CAPACITY = 256;

/**
 * The outcome of one script run by the script runner.
 *
 * @example
 * ```ts
 * import type { ScriptResultAction } from "./action_queue.ts";
 * const a: ScriptResultAction = { kind: "ScriptResult", ok: false, message: "main.lua:3: boom" };
 * ```
 */
export interface ScriptResultAction {
  /** Discriminant. */
  kind: "ScriptResult";
  /** Whether the script ran without error. */
  ok: boolean;
  /** Result text (values joined by tabs) or the error text with traceback. */
  message: string;
}

/**
 * A CVar change to hand to a Lua handler; `message` is
 * `handler\0name\0old\0new` (see `encodeCVarLua` in `cvar_lua_payload.ts`).
 *
 * @example
 * ```ts
 * import type { CVarLuaAction } from "./action_queue.ts";
 * import { encodeCVarLua } from "./cvar_lua_payload.ts";
 * const a: CVarLuaAction = {
 *   kind: "CVarLua",
 *   message: encodeCVarLua({ handler: "on_fov", name: "r_fov", oldValue: "75", newValue: "90" }),
 * };
 * ```
 */
export interface CVarLuaAction {
  /** Discriminant. */
  kind: "CVarLua";
  /** The NUL-separated payload. */
  message: string;
}

/**
 * An application-defined event; the payload format is up to its producer.
 *
 * @example
 * ```ts
 * import type { CustomEventAction } from "./action_queue.ts";
 * const a: CustomEventAction = { kind: "CustomEvent", name: "boss_down", message: "3" };
 * ```
 */
export interface CustomEventAction {
  /** Discriminant. */
  kind: "CustomEvent";
  /** Event name chosen by the producer. */
  name: string;
  /** Event payload. */
  message: string;
}

/**
 * Every action the queue carries.
 *
 * @example
 * ```ts
 * import type { Action } from "./action_queue.ts";
 * function describe(a: Action): string {
 *   return a.kind === "CustomEvent" ? a.name : a.kind;
 * }
 * ```
 */
export type Action = ScriptResultAction | CVarLuaAction | CustomEventAction;

/**
 * Thrown by {@linkcode ActionQueue.push} when the queue is at capacity.
 *
 * @example
 * ```ts
 * import { ActionQueue, QueueFullError } from "./action_queue.ts";
 * const q = new ActionQueue({ capacity: 1 });
 * q.push({ kind: "CustomEvent", name: "a", message: "" });
 * try {
 *   q.push({ kind: "CustomEvent", name: "b", message: "" });
 * } catch (e) {
 *   console.assert(e instanceof QueueFullError);
 * }
 * ```
 */
export class QueueFullError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "ACTION_QUEUE_FULL";
  /** The capacity that was reached. */
  readonly capacity: number;
  /** Create the error for a queue of `capacity` actions. */
  constructor(capacity: number) {
    super(`Action queue is full (capacity ${capacity})`);
    this.capacity = capacity;
  }
}

/** Options for {@linkcode ActionQueue}. */
export interface ActionQueueOptions {
  /** Maximum number of queued actions; default {@linkcode DEFAULT_ACTION_QUEUE_CAPACITY}. */
  capacity?: number;
  /** Where {@linkcode ActionQueue.tryPush} reports drops; default `console.warn`. */
  onWarn?: (message: string) => void;
}

/** Options for {@linkcode ActionQueue.pop}. */
export interface PopOptions {
  /** Stop waiting; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

interface Waiter {
  resolve: (action: Action) => void;
}

/**
 * A bounded FIFO of {@linkcode Action}s with a non-blocking and an awaitable
 * consumer side. Producers either `push` (throws {@linkcode QueueFullError})
 * or `tryPush` (drops and warns once per burst of drops: fail-safe).
 *
 * @example
 * ```ts
 * import { ActionQueue } from "./action_queue.ts";
 * const queue = new ActionQueue();
 * const next = queue.pop();
 * queue.push({ kind: "CustomEvent", name: "ping", message: "" });
 * await next; // the ping
 * ```
 */
export class ActionQueue {
  #capacity: number;
  #onWarn: (message: string) => void;
  // Ring buffer: pushes and pops are O(1) at the 256-entry default.
  #items: (Action | undefined)[];
  #head = 0;
  #size = 0;
  #waiters: Waiter[] = [];
  #dropping = false;
  #dropped = 0;
  #burstStart = 0;

  /**
   * Create an empty queue.
   *
   * @example
   * ```ts
   * import { ActionQueue } from "./action_queue.ts";
   * const queue = new ActionQueue({ capacity: 16, onWarn: (m) => console.error(m) });
   * ```
   */
  constructor(options: ActionQueueOptions = {}) {
    const capacity = options.capacity ?? DEFAULT_ACTION_QUEUE_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Action queue capacity must be a positive integer, got ${capacity}`);
    }
    this.#capacity = capacity;
    this.#onWarn = options.onWarn ?? ((m) => console.warn(m));
    this.#items = new Array(capacity);
  }

  /**
   * Maximum number of queued actions.
   *
   * @example
   * ```ts
   * import { ActionQueue } from "./action_queue.ts";
   * new ActionQueue().capacity; // 256
   * ```
   */
  get capacity(): number {
    return this.#capacity;
  }

  /**
   * Number of queued actions.
   *
   * @example
   * ```ts
   * import { ActionQueue } from "./action_queue.ts";
   * new ActionQueue().size; // 0
   * ```
   */
  get size(): number {
    return this.#size;
  }

  /**
   * Total actions dropped by {@linkcode ActionQueue.tryPush} so far.
   *
   * @example
   * ```ts
   * import { ActionQueue } from "./action_queue.ts";
   * new ActionQueue().dropped; // 0
   * ```
   */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Append an action, or hand it straight to the oldest waiting `pop()`.
   *
   * @throws {QueueFullError} When the queue already holds `capacity` actions.
   *
   * @example
   * ```ts
   * import { ActionQueue } from "./action_queue.ts";
   * new ActionQueue().push({ kind: "ScriptResult", ok: true, message: "" });
   * ```
   */
  push(action: Action): void {
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.resolve(action);
      return;
    }
    if (this.#size === this.#capacity) throw new QueueFullError(this.#capacity);
    this.#items[(this.#head + this.#size) % this.#capacity] = action;
    this.#size++;
  }

  /**
   * Append an action; on a full queue drop it instead of throwing. The first
   * drop of a burst is reported to `onWarn`; the burst ends with the next
   * successful push, which reports how many were lost.
   *
   * @returns Whether the action was queued.
   *
   * @example
   * ```ts
   * import { ActionQueue } from "./action_queue.ts";
   * const q = new ActionQueue({ capacity: 1, onWarn: () => {} });
   * q.tryPush({ kind: "CustomEvent", name: "a", message: "" }); // true
   * q.tryPush({ kind: "CustomEvent", name: "b", message: "" }); // false
   * ```
   */
  tryPush(action: Action): boolean {
    try {
      this.push(action);
    } catch (e) {
      if (!(e instanceof QueueFullError)) throw e;
      this.#dropped++;
      if (!this.#dropping) {
        this.#dropping = true;
        this.#burstStart = this.#dropped - 1;
        this.#onWarn(`${e.message}; dropping actions until it drains`);
      }
      return false;
    }
    if (this.#dropping) {
      this.#dropping = false;
      this.#onWarn(
        `Action queue accepts actions again; ${this.#dropped - this.#burstStart} dropped`,
      );
    }
    return true;
  }

  /**
   * Remove and return the oldest action, or `undefined` when empty.
   *
   * @example
   * ```ts
   * import { ActionQueue } from "./action_queue.ts";
   * new ActionQueue().tryPop(); // undefined
   * ```
   */
  tryPop(): Action | undefined {
    if (this.#size === 0) return undefined;
    const action = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#capacity;
    this.#size--;
    return action;
  }

  /**
   * Remove and return the oldest action, waiting for one when empty. Waiting
   * consumers are served in call order.
   *
   * @example
   * ```ts
   * import { ActionQueue } from "./action_queue.ts";
   * const q = new ActionQueue();
   * q.push({ kind: "CustomEvent", name: "x", message: "" });
   * await q.pop();
   * ```
   */
  pop(options: PopOptions = {}): Promise<Action> {
    const action = this.tryPop();
    if (action) return Promise.resolve(action);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (a) => {
          signal?.removeEventListener("abort", abort);
          resolve(a);
        },
      };
      const abort = () => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", abort, { once: true });
      this.#waiters.push(waiter);
    });
  }
}
