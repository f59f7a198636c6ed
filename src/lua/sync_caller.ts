/**
 * The main-thread end of a sync channel (see `sync_channel.ts` for the
 * protocol): opens a session, makes calls, leaves.
 *
 * @example
 * ```ts
 * import { createSyncBuffer } from "./sync_channel.ts";
 * import { SyncCaller } from "./sync_caller.ts";
 * const caller = new SyncCaller(createSyncBuffer(), (_epoch) => {});
 * caller.active; // false
 * ```
 *
 * @module
 */
import type { CallOutcome } from "./host_protocol.ts";
import { MoonglowError } from "../core/errors.ts";
import {
  dataArea,
  ensureData,
  readErrorReply,
  SYNC_HEADER_BYTES,
  SYNC_STATE,
  SYNC_STATUS,
  SYNC_WORD,
} from "./sync_channel.ts";
import { MAIN_POLL_MS, Poller, waitWhile } from "./sync_poll.ts";

const { STATE, WANT, SLOT, NAME_LEN, DATA_LEN, STATUS } = SYNC_WORD;
const { READY, REQUEST, LEAVE } = SYNC_STATE;
const encoder = new TextEncoder();
// How long leave() waits for the reply of a call sent and never received.
const UNREAD_REPLY_MS = 5000;

/**
 * Thrown on the main thread when the worker does not enter sync mode
 * (`phase: "enter"`, it is busy with other work) or does not reply
 * (`phase: "reply"`) within the timeout.
 *
 * @example
 * ```ts
 * import { SyncTimeoutError } from "./sync_caller.ts";
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
 * Main-thread end of a sync channel.
 *
 * @example
 * ```ts
 * import { createSyncBuffer } from "./sync_channel.ts";
 * import { SyncCaller } from "./sync_caller.ts";
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
  // The epoch of a session asked for by open() that enter() has not waited for yet (0: none).
  #asked = 0;
  // Separate pollers, so a slow enter does not stop polling for replies.
  #enterPoller = new Poller(MAIN_POLL_MS);
  #replyPoller = new Poller(MAIN_POLL_MS);
  // Collision calls name the same function every time: encode it once.
  #fn = "";
  #fnBytes = new Uint8Array(0);
  // A call was sent and its reply not yet received.
  #sent = false;

  /**
   * Wrap `sab`; `post(epoch)` must send `{ type: "sync", epoch }` to the worker.
   *
   * @example
   * ```ts
   * import { createSyncBuffer } from "./sync_channel.ts";
   * import { SyncCaller } from "./sync_caller.ts";
   * new SyncCaller(createSyncBuffer(), () => {});
   * ```
   */
  constructor(sab: SharedArrayBuffer, post: (epoch: number) => void) {
    this.#sab = sab;
    this.#ctrl = new Int32Array(sab, 0, SYNC_HEADER_BYTES / 4);
    this.#data = dataArea(sab, new Uint8Array(0));
    this.#post = post;
  }

  /**
   * Whether a session is open (the worker is serving sync calls).
   *
   * @example
   * ```ts
   * import { createSyncBuffer } from "./sync_channel.ts";
   * import { SyncCaller } from "./sync_caller.ts";
   * new SyncCaller(createSyncBuffer(), () => {}).active; // false
   * ```
   */
  get active(): boolean {
    return this.#active;
  }

  /**
   * Whether a session was asked for ({@linkcode SyncCaller.open}) and not yet entered or left.
   *
   * @example
   * ```ts
   * import { createSyncBuffer } from "./sync_channel.ts";
   * import { SyncCaller } from "./sync_caller.ts";
   * new SyncCaller(createSyncBuffer(), () => {}).asked; // false
   * ```
   */
  get asked(): boolean {
    return this.#asked !== 0;
  }

  /**
   * Ask the worker to enter sync mode and return at once: the worker wakes while this thread
   * works, and {@linkcode SyncCaller.enter} then waits less (a wake is a tenth of a millisecond
   * or more). {@linkcode SyncCaller.leave} withdraws a request never entered. No-op while a
   * session is open or asked for.
   *
   * @example
   * ```ts
   * import type { SyncCaller } from "./sync_caller.ts";
   * declare const caller: SyncCaller;
   * caller.open(); // the worker starts waking
   * // ... work that needs no call yet ...
   * caller.enter(5000); // likely ready by now
   * ```
   */
  open(): void {
    if (this.#active || this.#asked !== 0) return;
    this.#epoch = this.#epoch >= 0x3fffffff ? 1 : this.#epoch + 1;
    this.#asked = this.#epoch;
    Atomics.store(this.#ctrl, WANT, this.#epoch);
    this.#post(this.#epoch);
  }

  /**
   * Open a session: ask the worker to enter sync mode (unless
   * {@linkcode SyncCaller.open} did) and wait until it has. No-op when a
   * session is already open.
   *
   * @throws {SyncTimeoutError} With phase `"enter"` when the worker stays busy
   * for `timeoutMs`; the request is cancelled, so the worker will not enter.
   *
   * @example
   * ```ts
   * import type { SyncCaller } from "./sync_caller.ts";
   * declare const caller: SyncCaller;
   * caller.enter(5000); // waits up to 5 s for the worker
   * ```
   */
  enter(timeoutMs: number): void {
    if (this.#active) return;
    const ctrl = this.#ctrl;
    this.open();
    const epoch = this.#epoch;
    this.#asked = 0;
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
   * Call `fn` in state `slot` with `input` and wait for the reply: {@linkcode SyncCaller.send}
   * then {@linkcode SyncCaller.receive}. The session must be open ({@linkcode SyncCaller.enter}).
   *
   * @throws {SyncTimeoutError} With phase `"reply"` when no reply comes in
   * `timeoutMs`; the channel is then unusable (treat the worker as crashed).
   * @throws {PayloadTooLargeError} When the request cannot fit.
   *
   * @example
   * ```ts
   * import type { SyncCaller } from "./sync_caller.ts";
   * declare const caller: SyncCaller;
   * caller.enter(5000);
   * const outcome = caller.call(0, "echo", new Uint8Array([1, 2]), 5000);
   * if (outcome.ok) outcome.output; // the reply bytes
   * caller.leave();
   * ```
   */
  call(slot: number, fn: string, input: Uint8Array, timeoutMs: number): CallOutcome {
    this.send(slot, fn, input);
    return this.receive(timeoutMs);
  }

  /**
   * Send a call of `fn` in state `slot` with `input` and return at once: the
   * worker runs it while this thread goes on, and
   * {@linkcode SyncCaller.receive} waits for its reply. One call at a time.
   *
   * @throws {PayloadTooLargeError} When the request cannot fit.
   * @throws {Error} Outside a session, or while a sent call's reply is unread.
   *
   * @example
   * ```ts
   * import type { SyncCaller } from "./sync_caller.ts";
   * declare const caller: SyncCaller;
   * caller.enter(5000);
   * caller.send(0, "echo", new Uint8Array([1, 2]));
   * // ... other work while the worker runs the call ...
   * const outcome = caller.receive(5000);
   * caller.leave();
   * ```
   */
  send(slot: number, fn: string, input: Uint8Array): void {
    if (!this.#active) throw new Error("Sync call outside a sync session");
    if (this.#sent) throw new Error("Sync call sent before the last one's reply was received");
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
    this.#sent = true;
  }

  /**
   * Wait for the reply of the call {@linkcode SyncCaller.send} sent.
   *
   * @throws {SyncTimeoutError} With phase `"reply"` when no reply comes in
   * `timeoutMs`; the channel is then unusable (treat the worker as crashed).
   * @throws {Error} When no call was sent.
   *
   * @example
   * ```ts
   * import type { SyncCaller } from "./sync_caller.ts";
   * declare const caller: SyncCaller;
   * caller.send(0, "echo", new Uint8Array([1]));
   * const outcome = caller.receive(5000);
   * ```
   */
  receive(timeoutMs: number): CallOutcome {
    if (!this.#sent) throw new Error("No sync call was sent to receive the reply of");
    this.#sent = false;
    const ctrl = this.#ctrl;
    if (!waitWhile(ctrl, REQUEST, performance.now() + timeoutMs, this.#replyPoller)) {
      this.#active = false;
      throw new SyncTimeoutError("reply", timeoutMs);
    }
    const length = ctrl[DATA_LEN]!;
    const reply = this.#data = dataArea(this.#sab, this.#data); // the worker may have grown it
    if (ctrl[STATUS] === SYNC_STATUS.OK) return { ok: true, output: reply.slice(0, length) };
    return { ok: false, error: readErrorReply(this.#sab, length) };
  }

  /**
   * Give up on the worker for good: set `stop[0]` (the flag the worker was
   * given) and wake a server waiting for a request, so that it returns to its
   * event loop. The channel is unusable afterwards.
   *
   * @example
   * ```ts
   * import { createSyncBuffer } from "./sync_channel.ts";
   * import { SyncCaller } from "./sync_caller.ts";
   * const stop = new Int32Array(new SharedArrayBuffer(4)); // also given to the worker
   * const caller = new SyncCaller(createSyncBuffer(), () => {});
   * caller.abandon(stop);
   * ```
   */
  abandon(stop: Int32Array): void {
    this.#active = false;
    this.#sent = false;
    this.#asked = 0;
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
   * import { createSyncBuffer } from "./sync_channel.ts";
   * import { SyncCaller } from "./sync_caller.ts";
   * new SyncCaller(createSyncBuffer(), () => {}).leave(); // no session: nothing to do
   * ```
   */
  leave(): void {
    if (this.#asked !== 0) this.#withdraw();
    if (!this.#active) return;
    // A reply still owed comes first: LEAVE in its place would leave the worker answering a
    // closed session. A worker that does not answer left the channel unusable anyway.
    if (this.#sent) {
      try {
        this.receive(UNREAD_REPLY_MS);
      } catch {
        return;
      }
    }
    this.#active = false;
    Atomics.store(this.#ctrl, STATE, LEAVE);
    Atomics.notify(this.#ctrl, STATE);
  }

  // A session asked for and never entered: cancelled if the worker has not claimed it yet, else
  // entered, so that leave() ends it (a LEAVE stored before the worker's READY would be lost, and
  // the worker would serve a session nobody ends).
  #withdraw(): void {
    const epoch = this.#asked;
    this.#asked = 0;
    if (Atomics.compareExchange(this.#ctrl, WANT, epoch, 0) === epoch) return;
    try {
      this.#asked = epoch;
      this.enter(UNREAD_REPLY_MS);
    } catch {
      // It did not become ready: the channel is unusable, as after a reply that never came.
    }
  }
}
