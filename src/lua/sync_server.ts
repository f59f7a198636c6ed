/**
 * The worker end of a sync channel (see `sync_channel.ts` for the
 * protocol): serves a session's calls until the main thread leaves.
 *
 * @example
 * ```ts
 * import { createSyncBuffer } from "./sync_channel.ts";
 * import { SyncServer } from "./sync_server.ts";
 * new SyncServer(createSyncBuffer(), (_slot, _fn, input) => ({ ok: true, output: input }));
 * ```
 *
 * @module
 */
import type { CallOutcome } from "./host_protocol.ts";
import {
  dataArea,
  ensureData,
  SYNC_HEADER_BYTES,
  SYNC_STATE,
  SYNC_STATUS,
  SYNC_WORD,
  writeErrorReply,
} from "./sync_channel.ts";
import { Poller, WORKER_POLL_MS } from "./sync_poll.ts";

const { STATE, WANT, SLOT, NAME_LEN, DATA_LEN, STATUS } = SYNC_WORD;
const { OFF, READY, REQUEST, RESPONSE, LEAVE } = SYNC_STATE;
const decoder = new TextDecoder();

/**
 * Worker end of a sync channel.
 *
 * @example
 * ```ts
 * import { createSyncBuffer } from "./sync_channel.ts";
 * import { SyncServer } from "./sync_server.ts";
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
   * import { createSyncBuffer } from "./sync_channel.ts";
   * import { SyncServer } from "./sync_server.ts";
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
    this.#ctrl = new Int32Array(sab, 0, SYNC_HEADER_BYTES / 4);
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
   * import type { SyncServer } from "./sync_server.ts";
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
      ctrl[STATUS] = SYNC_STATUS.OK;
      ctrl[DATA_LEN] = outcome.output.length;
      return;
    }
    const length = writeErrorReply(this.#sab, outcome.error);
    this.#data = dataArea(this.#sab, this.#data);
    ctrl[STATUS] = SYNC_STATUS.ERROR;
    ctrl[DATA_LEN] = length;
  }
}
