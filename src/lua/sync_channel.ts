/**
 * A synchronous call channel from the main thread into one worker, over a
 * growable `SharedArrayBuffer` and `Atomics.wait`/`notify` (≈4× cheaper per
 * round trip than `postMessage`; used for collision callbacks).
 *
 * Protocol: the main thread opens a *session* by posting one message naming
 * an epoch (its only postMessage); the worker claims the epoch and then loops
 * in `Atomics.wait`, serving requests, until the main thread writes LEAVE.
 * A session the worker has not claimed yet (it is busy) can be cancelled by
 * the main thread with one compare-and-swap, so a late "enter" message is
 * ignored instead of stranding the worker in sync mode.
 *
 * Each end polls the STATE word for a bounded time before it sleeps in
 * `Atomics.wait`, and polls less after its polls keep missing; `notify` is
 * always sent, so a turn that comes after the poll still wakes the sleeper.
 *
 * Layout: a 64-byte Int32 header, then the data area. A request is
 * `fn name bytes ++ input bytes`; a reply is the output bytes, or for an error
 * `<u32 message length> message traceback` (UTF-8). The writer grows the
 * buffer when a payload does not fit; the reader notices the new length.
 *
 * @example
 * ```ts
 * import { createSyncBuffer, SyncCaller } from "./sync_channel.ts";
 * const sab = createSyncBuffer();
 * const worker = { postMessage(_message: unknown) {} }; // stands in for a Worker
 * const caller = new SyncCaller(sab, (epoch) => worker.postMessage({ type: "sync", epoch }));
 * caller.active; // false until the worker claims the session
 * ```
 *
 * @module
 */
import type { CallOutcome } from "./host_protocol.ts";
import { MoonglowError } from "../core/errors.ts";

const STATE = 0;
const WANT = 1;
const SLOT = 2;
const NAME_LEN = 3;
const DATA_LEN = 4;
const STATUS = 5;
const HEADER_BYTES = 64;

const OFF = 0;
const READY = 1;
const REQUEST = 2;
const RESPONSE = 3;
const LEAVE = 4;

const STATUS_OK = 0;
const STATUS_ERROR = 1;

/** Default initial size of a sync buffer (64 KiB). */
export const DEFAULT_SYNC_BYTES = 64 * 1024;
/** Default largest size a sync buffer may grow to (64 MiB). */
export const DEFAULT_SYNC_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Thrown when a request or reply does not fit even in a fully grown buffer.
 *
 * @example
 * ```ts
 * import { PayloadTooLargeError } from "./sync_channel.ts";
 * const e = new PayloadTooLargeError(100, 64);
 * ```
 */
export class PayloadTooLargeError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "SYNC_PAYLOAD_TOO_LARGE";
  /** Bytes needed. */
  readonly size: number;
  /** Largest data area the buffer can grow to. */
  readonly limit: number;
  /** Create the error. */
  constructor(size: number, limit: number) {
    super(`Sync payload of ${size} bytes exceeds the channel limit of ${limit} bytes`);
    this.size = size;
    this.limit = limit;
  }
}

/**
 * Thrown on the main thread when the worker does not enter sync mode
 * (`phase: "enter"`, it is busy with other work) or does not reply
 * (`phase: "reply"`) within the timeout.
 *
 * @example
 * ```ts
 * import { SyncTimeoutError } from "./sync_channel.ts";
 * const e = new SyncTimeoutError("enter", 5000);
 * ```
 */
export class SyncTimeoutError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "SYNC_TIMEOUT";
  /** Which wait ran out. */
  readonly phase: "enter" | "reply";
  /** The timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Create the error. */
  constructor(phase: "enter" | "reply", timeoutMs: number) {
    super(
      phase === "enter"
        ? `Worker did not enter sync mode within ${timeoutMs} ms (busy)`
        : `Worker did not answer a sync call within ${timeoutMs} ms`,
    );
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Allocate a growable shared buffer for one worker's sync channel.
 *
 * @example
 * ```ts
 * import { createSyncBuffer } from "./sync_channel.ts";
 * const sab = createSyncBuffer(4096, 1 << 20);
 * ```
 */
export function createSyncBuffer(
  initialBytes: number = DEFAULT_SYNC_BYTES,
  maxBytes: number = DEFAULT_SYNC_MAX_BYTES,
): SharedArrayBuffer {
  const max = Math.max(maxBytes, initialBytes) + HEADER_BYTES;
  return new SharedArrayBuffer(initialBytes + HEADER_BYTES, { maxByteLength: max });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Both ends write into the same buffer, never at the same time (the STATE
// word hands the turn over), so either may grow it before writing.
function ensureData(sab: SharedArrayBuffer, bytes: number): void {
  const needed = HEADER_BYTES + bytes;
  if (needed <= sab.byteLength) return;
  if (needed > sab.maxByteLength) {
    throw new PayloadTooLargeError(bytes, sab.maxByteLength - HEADER_BYTES);
  }
  let size = sab.byteLength;
  while (size < needed) size *= 2;
  sab.grow(Math.min(size, sab.maxByteLength));
}

// Fixed-length views are about twice as fast to copy through as
// length-tracking ones, so each end re-creates its view after a growth.
function dataArea(sab: SharedArrayBuffer, current: Uint8Array): Uint8Array {
  const length = sab.byteLength - HEADER_BYTES;
  return current.byteLength === length ? current : new Uint8Array(sab, HEADER_BYTES, length);
}

// Before sleeping in `Atomics.wait`, each end polls the STATE word. When the
// two threads run on different cores, waking a sleeper (twice per call) costs
// about as long as a collision callback takes in the worker, and the main
// thread needs less than that between calls: the turn usually comes back
// within the poll. The main thread is blocked in the call anyway;
// the worker polls less because the main thread may do other work between
// callbacks.
const MAIN_POLL_MS = 1;
const WORKER_POLL_MS = 1;
// Loads between clock reads: `performance.now()` costs about ten loads.
const POLL_CHECK = 256;
// After a miss, the next 1, 2, 4 … 64 waits sleep without polling.
const MAX_BACKOFF = 6;

/**
 * A bounded poll of the STATE word that backs off while it keeps missing.
 * A miss means the other end is busy for longer (a slow callback, main-thread
 * work between collisions) or shares this core, where polling only delays
 * it until the poll runs out. The scheduler often keeps the two threads on
 * one core, where a fixed poll makes round trips about 3× slower than
 * sleeping at once. Backing off also bounds the time a poller holds a core that another
 * worker may need.
 */
class Poller {
  #ms: number;
  #skip = 0;
  #backoff = 0;

  constructor(ms: number) {
    this.#ms = ms;
  }

  /** Poll while `ctrl[STATE] === value`, at most `limitMs`; true once it changed. */
  poll(ctrl: Int32Array, value: number, limitMs: number = Infinity): boolean {
    // A turn that is already there says nothing about polling: on a shared
    // core the woken end often runs at once, so its turn is back when our
    // `notify` returns. Counting that as a hit would keep the backoff low
    // there, and every real miss would cost a full poll.
    if (Atomics.load(ctrl, STATE) !== value) return true;
    if (this.#skip > 0) {
      this.#skip--;
      return false;
    }
    const end = performance.now() + Math.min(this.#ms, limitMs);
    do {
      for (let i = 0; i < POLL_CHECK; i++) {
        if (Atomics.load(ctrl, STATE) !== value) {
          this.#backoff = 0;
          return true;
        }
      }
    } while (performance.now() < end);
    this.#skip = 1 << this.#backoff;
    if (this.#backoff < MAX_BACKOFF) this.#backoff++;
    return false;
  }
}

/** Wait while `ctrl[STATE] === value`, polling first; false on timeout. */
function waitWhile(ctrl: Int32Array, value: number, deadline: number, poller: Poller): boolean {
  if (poller.poll(ctrl, value, deadline - performance.now())) return true;
  for (;;) {
    if (Atomics.load(ctrl, STATE) !== value) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(ctrl, STATE, value, left);
  }
}

/**
 * Main-thread end of a sync channel.
 *
 * @example
 * ```ts
 * import { createSyncBuffer, SyncCaller } from "./sync_channel.ts";
 * const sab = createSyncBuffer();
 * const worker = { postMessage(_m: unknown) {} };
 * const caller = new SyncCaller(sab, (epoch) => worker.postMessage({ type: "sync", epoch }));
 * caller.active; // false
 * ```
 */
export class SyncCaller {
  #sab: SharedArrayBuffer;
  #ctrl: Int32Array;
  #data: Uint8Array;
  #post: (epoch: number) => void;
  #epoch = 0;
  #active = false;
  // Separate pollers, so a slow enter does not stop polling for replies.
  #enterPoller = new Poller(MAIN_POLL_MS);
  #replyPoller = new Poller(MAIN_POLL_MS);
  // Collision calls name the same function every time: encode it once.
  #fn = "";
  #fnBytes = new Uint8Array(0);

  /**
   * Wrap `sab`; `post(epoch)` must send `{ type: "sync", epoch }` to the worker.
   *
   * @example
   * ```ts
   * import { createSyncBuffer, SyncCaller } from "./sync_channel.ts";
   * new SyncCaller(createSyncBuffer(), () => {});
   * ```
   */
  constructor(sab: SharedArrayBuffer, post: (epoch: number) => void) {
    this.#sab = sab;
    this.#ctrl = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.#data = dataArea(sab, new Uint8Array(0));
    this.#post = post;
  }

  /**
   * Whether a session is open (the worker is serving sync calls).
   *
   * @example
   * ```ts
   * import { createSyncBuffer, SyncCaller } from "./sync_channel.ts";
   * new SyncCaller(createSyncBuffer(), () => {}).active; // false
   * ```
   */
  get active(): boolean {
    return this.#active;
  }

  /**
   * Open a session: ask the worker to enter sync mode and wait until it has.
   * No-op when a session is already open.
   *
   * @throws {SyncTimeoutError} With phase `"enter"` when the worker stays busy
   * for `timeoutMs`; the request is cancelled, so the worker will not enter.
   *
   * @example
   * ```ts
   * import type { SyncCaller } from "./sync_channel.ts";
   * declare const caller: SyncCaller;
   * caller.enter(5000); // waits up to 5 s for the worker
   * ```
   */
  enter(timeoutMs: number): void {
    if (this.#active) return;
    const ctrl = this.#ctrl;
    this.#epoch = this.#epoch >= 0x3fffffff ? 1 : this.#epoch + 1;
    const epoch = this.#epoch;
    Atomics.store(ctrl, WANT, epoch);
    this.#post(epoch);
    let deadline = performance.now() + timeoutMs;
    let cancellable = true;
    for (;;) {
      const state = Atomics.load(ctrl, STATE);
      if (state === READY) break;
      if (!waitWhile(ctrl, state, deadline, this.#enterPoller)) {
        if (!cancellable) throw new SyncTimeoutError("enter", timeoutMs);
        if (Atomics.compareExchange(ctrl, WANT, epoch, 0) === epoch) {
          throw new SyncTimeoutError("enter", timeoutMs);
        }
        // The worker claimed the session as we gave up: it is about to be READY.
        cancellable = false;
        deadline = performance.now() + timeoutMs;
      }
    }
    this.#active = true;
  }

  /**
   * Call `fn` in state `slot` with `input` and wait for the reply. The
   * session must be open ({@linkcode SyncCaller.enter}).
   *
   * @throws {SyncTimeoutError} With phase `"reply"` when no reply comes in
   * `timeoutMs`; the channel is then unusable (treat the worker as crashed).
   * @throws {PayloadTooLargeError} When the request cannot fit.
   *
   * @example
   * ```ts
   * import type { SyncCaller } from "./sync_channel.ts";
   * declare const caller: SyncCaller;
   * caller.enter(5000);
   * const outcome = caller.call(0, "echo", new Uint8Array([1, 2]), 5000);
   * if (outcome.ok) outcome.output; // the reply bytes
   * caller.leave();
   * ```
   */
  call(slot: number, fn: string, input: Uint8Array, timeoutMs: number): CallOutcome {
    if (!this.#active) throw new Error("Sync call outside a sync session");
    const ctrl = this.#ctrl;
    if (fn !== this.#fn) {
      this.#fnBytes = encoder.encode(fn);
      this.#fn = fn;
    }
    const name = this.#fnBytes;
    ensureData(this.#sab, name.length + input.length);
    const data = this.#data = dataArea(this.#sab, this.#data);
    data.set(name, 0);
    data.set(input, name.length);
    ctrl[SLOT] = slot;
    ctrl[NAME_LEN] = name.length;
    ctrl[DATA_LEN] = input.length;
    Atomics.store(ctrl, STATE, REQUEST); // publishes the writes above
    Atomics.notify(ctrl, STATE);
    if (!waitWhile(ctrl, REQUEST, performance.now() + timeoutMs, this.#replyPoller)) {
      this.#active = false;
      throw new SyncTimeoutError("reply", timeoutMs);
    }
    const length = ctrl[DATA_LEN]!;
    const reply = this.#data = dataArea(this.#sab, data); // the worker may have grown it
    if (ctrl[STATUS] === STATUS_OK) return { ok: true, output: reply.slice(0, length) };
    const bytes = reply.slice(0, length);
    const view = new DataView(bytes.buffer);
    const messageLength = view.getUint32(0, true);
    return {
      ok: false,
      error: {
        message: decoder.decode(bytes.subarray(4, 4 + messageLength)),
        traceback: decoder.decode(bytes.subarray(4 + messageLength)),
      },
    };
  }

  /**
   * Give up on the worker for good: set `stop[0]` (the flag the worker was
   * given) and wake a server waiting for a request, so that it returns to its
   * event loop. The channel is unusable afterwards.
   *
   * @example
   * ```ts
   * import { createSyncBuffer, SyncCaller } from "./sync_channel.ts";
   * const stop = new Int32Array(new SharedArrayBuffer(4)); // also given to the worker
   * const caller = new SyncCaller(createSyncBuffer(), () => {});
   * caller.abandon(stop);
   * ```
   */
  abandon(stop: Int32Array): void {
    this.#active = false;
    Atomics.store(stop, 0, 1);
    Atomics.store(this.#ctrl, STATE, LEAVE);
    Atomics.notify(this.#ctrl, STATE);
  }

  /**
   * Close the session; the worker returns to its event loop. No-op when no
   * session is open.
   *
   * @example
   * ```ts
   * import { createSyncBuffer, SyncCaller } from "./sync_channel.ts";
   * new SyncCaller(createSyncBuffer(), () => {}).leave(); // no session: nothing to do
   * ```
   */
  leave(): void {
    if (!this.#active) return;
    this.#active = false;
    Atomics.store(this.#ctrl, STATE, LEAVE);
    Atomics.notify(this.#ctrl, STATE);
  }
}

/**
 * Worker end of a sync channel.
 *
 * @example
 * ```ts
 * import { createSyncBuffer, SyncServer } from "./sync_channel.ts";
 * const server = new SyncServer(createSyncBuffer(), (_slot, _fn, input) => ({ ok: true, output: input }));
 * ```
 */
export class SyncServer {
  #sab: SharedArrayBuffer;
  #ctrl: Int32Array;
  #stop: Int32Array;
  #data: Uint8Array;
  #handler: (slot: number, fn: string, input: Uint8Array) => CallOutcome;
  #poller = new Poller(WORKER_POLL_MS);
  // The last function name, to skip decoding it again (the usual case).
  #fn = "";
  #fnBytes = new Uint8Array(0);

  /**
   * Wrap `sab`; `handler` answers each request (it should not throw; a
   * thrown error is sent back as an error outcome). Its `input` is a view
   * into the shared buffer, valid only until the handler returns: copy it
   * to keep it. Once `stop[0]` is non-zero (the host gave up on this worker) `serve` returns
   * instead of waiting for the next request.
   *
   * @example
   * ```ts
   * import { createSyncBuffer, SyncServer } from "./sync_channel.ts";
   * new SyncServer(createSyncBuffer(), () => ({ ok: true, output: new Uint8Array() }));
   * ```
   */
  constructor(
    sab: SharedArrayBuffer,
    handler: (slot: number, fn: string, input: Uint8Array) => CallOutcome,
    stop: Int32Array = new Int32Array(1),
  ) {
    this.#sab = sab;
    this.#stop = stop;
    this.#ctrl = new Int32Array(sab, 0, HEADER_BYTES / 4);
    this.#data = dataArea(sab, new Uint8Array(0));
    this.#handler = handler;
  }

  /**
   * Serve session `epoch` until the main thread leaves it. Returns at once
   * (false) when the session was cancelled or superseded, and false when the
   * stop flag is set. Blocks this worker's event loop while serving: that is
   * the point.
   *
   * @example
   * ```ts
   * import type { SyncServer } from "./sync_channel.ts";
   * declare const server: SyncServer;
   * // In the worker: serve each session the main thread opens.
   * addEventListener("message", (e) => {
   *   const m = (e as MessageEvent<{ type: string; epoch: number }>).data;
   *   if (m.type === "sync") server.serve(m.epoch);
   * });
   * ```
   */
  serve(epoch: number): boolean {
    const ctrl = this.#ctrl;
    if (Atomics.compareExchange(ctrl, WANT, epoch, -epoch) !== epoch) return false;
    Atomics.store(ctrl, STATE, READY);
    Atomics.notify(ctrl, STATE);
    for (;;) {
      // `SyncCaller.abandon` sets the flag before it moves STATE, so a wait
      // that began before the flag was set is woken and sees it here.
      if (Atomics.load(this.#stop, 0) !== 0) return false;
      const state = Atomics.load(ctrl, STATE);
      if (state === REQUEST) {
        this.#answer();
      } else if (state === LEAVE) {
        Atomics.store(ctrl, STATE, OFF);
        Atomics.notify(ctrl, STATE);
        return true;
      } else if (!this.#poller.poll(ctrl, state)) {
        Atomics.wait(ctrl, STATE, state); // returns at once if STATE moved on meanwhile
      }
    }
  }

  #answer(): void {
    const ctrl = this.#ctrl;
    const nameLength = ctrl[NAME_LEN]!;
    const inputLength = ctrl[DATA_LEN]!;
    const data = this.#data = dataArea(this.#sab, this.#data);
    const fn = this.#name(data, nameLength);
    // No copy: the handler (callBinary) copies the bytes into Lua anyway.
    const input = data.subarray(nameLength, nameLength + inputLength);
    let outcome: CallOutcome;
    try {
      outcome = this.#handler(ctrl[SLOT]!, fn, input);
    } catch (e) {
      outcome = { ok: false, error: { message: String(e), traceback: "" } };
    }
    try {
      this.#write(outcome);
    } catch (e) {
      this.#write({ ok: false, error: { message: String(e), traceback: "" } });
    }
    Atomics.store(ctrl, STATE, RESPONSE);
    Atomics.notify(ctrl, STATE);
  }

  #name(data: Uint8Array, length: number): string {
    const last = this.#fnBytes;
    if (last.length === length) {
      let i = 0;
      while (i < length && data[i] === last[i]) i++;
      if (i === length) return this.#fn;
    }
    this.#fnBytes = data.slice(0, length);
    return this.#fn = decoder.decode(this.#fnBytes);
  }

  #write(outcome: CallOutcome): void {
    const ctrl = this.#ctrl;
    if (outcome.ok) {
      ensureData(this.#sab, outcome.output.length);
      this.#data = dataArea(this.#sab, this.#data);
      this.#data.set(outcome.output, 0);
      ctrl[STATUS] = STATUS_OK;
      ctrl[DATA_LEN] = outcome.output.length;
      return;
    }
    const message = encoder.encode(outcome.error.message);
    const traceback = encoder.encode(outcome.error.traceback);
    const length = 4 + message.length + traceback.length;
    ensureData(this.#sab, length);
    const data = this.#data = dataArea(this.#sab, this.#data);
    new DataView(data.buffer, data.byteOffset).setUint32(0, message.length, true);
    data.set(message, 4);
    data.set(traceback, 4 + message.length);
    ctrl[STATUS] = STATUS_ERROR;
    ctrl[DATA_LEN] = length;
  }
}
