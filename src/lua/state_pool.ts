/**
 * A fixed pool of leasable handles. In Moonglow the
 * handles name a Lua state inside a worker (`{ worker, slot }`) because
 * wasm memory cannot move between threads; the pool itself is generic.
 *
 * @example
 * ```ts
 * import { StatePool } from "./state_pool.ts";
 * const pool = new StatePool({ capacity: 2, create: (i) => ({ id: i }) });
 * const h = await pool.acquire();
 * pool.release(h);
 * ```
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/** Options for {@linkcode StatePool}. */
export interface StatePoolOptions<H> {
  /** Number of handles; at least 1. */
  capacity: number;
  /** Make handle number `index` (0-based); called `capacity` times, in order. */
  create: (index: number) => H;
}

/** Options for {@linkcode StatePool.acquire}. */
export interface AcquireOptions {
  /** Stop waiting; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Thrown when a handle is released that is not currently leased from the pool
 * (double release, or a handle from elsewhere).
 *
 * @example
 * ```ts
 * import { NotLeasedError, StatePool } from "./state_pool.ts";
 * const pool = new StatePool({ capacity: 1, create: () => ({}) });
 * try {
 *   pool.release({});
 * } catch (e) {
 *   console.assert(e instanceof NotLeasedError);
 * }
 * ```
 */
export class NotLeasedError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "STATE_NOT_LEASED";
  /** Create the error. */
  constructor() {
    super("Released handle is not leased from this pool");
  }
}

/**
 * Rejects pending and later `acquire()` calls once the pool is closed.
 *
 * @example
 * ```ts
 * import { PoolClosedError, StatePool } from "./state_pool.ts";
 * const pool = new StatePool({ capacity: 1, create: () => ({}) });
 * pool.close();
 * await pool.acquire().catch((e) => console.assert(e instanceof PoolClosedError));
 * ```
 */
export class PoolClosedError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "STATE_POOL_CLOSED";
  /** Create the error. */
  constructor() {
    super("State pool is closed");
  }
}

/**
 * A caller that cannot wait (a synchronous call on the main thread) found
 * every handle of the pool leased.
 *
 * @example
 * ```ts
 * import { NoFreeHandleError } from "./state_pool.ts";
 * new NoFreeHandleError().message; // "Every Lua state is in use; the call could not wait for one"
 * ```
 */
export class NoFreeHandleError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "STATE_POOL_EXHAUSTED";
  /** Create the error. */
  constructor() {
    super("Every Lua state is in use; the call could not wait for one");
  }
}

interface Waiter<H> {
  resolve: (handle: H) => void;
  reject: (reason: unknown) => void;
}

/** Accepts every handle: {@linkcode StatePool.tryAcquire} takes the first free one. */
const anyHandle = (): boolean => true;

/**
 * A pool of `capacity` handles made once by a factory. `acquire()` waits in
 * FIFO order, `tryAcquire()` never waits (the main thread's only way in, so a
 * frame can never deadlock on the pool), `release()` hands the handle to
 * exactly one waiter. A handle is never leased twice at once.
 *
 * @example
 * ```ts
 * import { StatePool } from "./state_pool.ts";
 * const pool = new StatePool({ capacity: 1, create: (i) => `state-${i}` });
 * const a = pool.tryAcquire(); // "state-0"
 * pool.tryAcquire(); // null: exhausted
 * pool.release(a!);
 * ```
 */
export class StatePool<H> {
  #handles: readonly H[];
  // Free handles queue up at the back, so leases rotate over all of them.
  #free: H[];
  #leased = new Set<H>();
  #waiters: Waiter<H>[] = [];
  #closed = false;

  /**
   * Create the pool and all of its handles.
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * const pool = new StatePool({ capacity: 4, create: (i) => ({ worker: i % 2, slot: i >> 1 }) });
   * ```
   */
  constructor(options: StatePoolOptions<H>) {
    const { capacity, create } = options;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`State pool capacity must be a positive integer, got ${capacity}`);
    }
    const handles = Array.from({ length: capacity }, (_, i) => create(i));
    if (new Set(handles).size !== capacity) {
      throw new RangeError("State pool factory must return distinct handles");
    }
    this.#handles = handles;
    this.#free = [...handles];
  }

  /**
   * Number of handles in the pool.
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * new StatePool({ capacity: 3, create: (i) => i }).capacity; // 3
   * ```
   */
  get capacity(): number {
    return this.#handles.length;
  }

  /**
   * Number of handles not leased right now.
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * new StatePool({ capacity: 3, create: (i) => i }).available; // 3
   * ```
   */
  get available(): number {
    return this.#free.length;
  }

  /**
   * Number of `acquire()` calls waiting for a handle.
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * new StatePool({ capacity: 1, create: (i) => i }).waiting; // 0
   * ```
   */
  get waiting(): number {
    return this.#waiters.length;
  }

  /**
   * Every handle of the pool, leased or not, in creation order.
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * new StatePool({ capacity: 2, create: (i) => i }).handles; // [0, 1]
   * ```
   */
  get handles(): readonly H[] {
    return this.#handles;
  }

  /**
   * Lease a handle, waiting (FIFO) until one is released if none is free.
   *
   * @throws {PoolClosedError} When the pool is or gets closed while waiting.
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * const pool = new StatePool({ capacity: 1, create: (i) => i });
   * const h = await pool.acquire();
   * pool.release(h);
   * ```
   */
  acquire(options: AcquireOptions = {}): Promise<H> {
    if (this.#closed) return Promise.reject(new PoolClosedError());
    const handle = this.tryAcquire();
    if (handle !== null) return Promise.resolve(handle);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<H>((resolve, reject) => {
      const abort = () => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter<H> = {
        resolve: (h) => {
          signal?.removeEventListener("abort", abort);
          resolve(h);
        },
        reject: (reason) => {
          signal?.removeEventListener("abort", abort);
          reject(reason);
        },
      };
      signal?.addEventListener("abort", abort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /**
   * Lease a handle if one is free right now, else return `null`. Never waits
   * and never jumps ahead of a waiting `acquire()`.
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * const pool = new StatePool({ capacity: 1, create: (i) => i });
   * pool.tryAcquire(); // 0
   * pool.tryAcquire(); // null
   * ```
   */
  tryAcquire(): H | null {
    return this.tryAcquireWhere(anyHandle);
  }

  /**
   * Lease the first free handle that `accept` takes (in lease-rotation order),
   * else return `null`. Like {@linkcode StatePool.tryAcquire} it never waits
   * and never jumps ahead of a waiting `acquire()`; it lets a caller ask for a
   * handle of its own kind (in Moonglow: a state of a given worker).
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * const pool = new StatePool({ capacity: 4, create: (i) => ({ worker: i % 2, slot: i >> 1 }) });
   * const h = pool.tryAcquireWhere((h) => h.worker === 1); // { worker: 1, slot: 0 }
   * if (h) pool.release(h);
   * ```
   */
  tryAcquireWhere(accept: (handle: H) => boolean): H | null {
    if (this.#closed) return null;
    const i = this.#free.findIndex(accept);
    if (i < 0) return null;
    const [handle] = this.#free.splice(i, 1) as [H];
    this.#leased.add(handle);
    return handle;
  }

  /**
   * Return a leased handle. If `acquire()` calls are waiting, the oldest one
   * receives it directly; otherwise it goes back to the free list.
   *
   * @throws {NotLeasedError} When `handle` is not currently leased.
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * const pool = new StatePool({ capacity: 1, create: (i) => i });
   * pool.release(pool.tryAcquire()!);
   * ```
   */
  release(handle: H): void {
    if (!this.#leased.has(handle)) throw new NotLeasedError();
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.resolve(handle); // stays leased: ownership moves to the waiter
      return;
    }
    this.#leased.delete(handle);
    this.#free.push(handle);
  }

  /**
   * Whether `handle` is leased right now.
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * const pool = new StatePool({ capacity: 1, create: (i) => i });
   * pool.isLeased(0); // false
   * ```
   */
  isLeased(handle: H): boolean {
    return this.#leased.has(handle);
  }

  /**
   * Refuse further leases and reject every waiting `acquire()` with
   * {@linkcode PoolClosedError}. Leased handles may still be released.
   *
   * @example
   * ```ts
   * import { StatePool } from "./state_pool.ts";
   * const pool = new StatePool({ capacity: 1, create: (i) => i });
   * pool.close();
   * pool.tryAcquire(); // null
   * ```
   */
  close(): void {
    this.#closed = true;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(new PoolClosedError());
  }
}
