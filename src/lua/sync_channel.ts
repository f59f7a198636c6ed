/**
 * A synchronous call channel from the main thread into one worker, over a
 * growable `SharedArrayBuffer` and `Atomics.wait`/`notify` (≈4× cheaper per
 * round trip than `postMessage`; used for collision callbacks). This module
 * holds what both ends share: the buffer's layout and the reply encoding; the
 * ends are `SyncCaller` (`sync_caller.ts`, main thread) and `SyncServer`
 * (`sync_server.ts`, worker), and `sync_poll.ts` is how each waits its turn.
 *
 * Protocol: the main thread opens a *session* by posting one message naming
 * an epoch (its only postMessage); the worker claims the epoch and then loops
 * in `Atomics.wait`, serving requests, until the main thread writes LEAVE.
 * A session the worker has not claimed yet (it is busy) can be cancelled by
 * the main thread with one compare-and-swap, so a late "enter" message is
 * ignored instead of stranding the worker in sync mode.
 *
 * Layout: a 64-byte Int32 header ({@linkcode SYNC_WORD}), then the data area.
 * A request is `fn name bytes ++ input bytes`; a reply is the output bytes, or
 * for an error `<u32 message length> message traceback` (UTF-8). The writer
 * grows the buffer when a payload does not fit; the reader notices the new
 * length.
 *
 * @example
 * ```ts
 * import { createSyncBuffer } from "./sync_channel.ts";
 * import { SyncCaller } from "./sync_caller.ts";
 * const sab = createSyncBuffer();
 * const worker = { postMessage(_message: unknown) {} }; // stands in for a Worker
 * const caller = new SyncCaller(sab, (epoch) => worker.postMessage({ type: "sync", epoch }));
 * caller.active; // false until the worker claims the session
 * ```
 *
 * @module
 */
import type { LuaErrorRecord } from "./host_protocol.ts";
import { MoonglowError } from "../core/errors.ts";

/**
 * Indices of the header's Int32 words: whose turn it is (`STATE`, one of
 * {@linkcode SYNC_STATE}), the epoch the main thread wants served (`WANT`),
 * and the request's or reply's slot, name length, data length and status.
 *
 * @example
 * ```ts
 * import { createSyncBuffer, SYNC_STATE, SYNC_WORD } from "./sync_channel.ts";
 * const ctrl = new Int32Array(createSyncBuffer(), 0, 16);
 * Atomics.load(ctrl, SYNC_WORD.STATE) === SYNC_STATE.OFF; // true: no session yet
 * ```
 */
export const SYNC_WORD = {
  STATE: 0,
  WANT: 1,
  SLOT: 2,
  NAME_LEN: 3,
  DATA_LEN: 4,
  STATUS: 5,
} as const;

/**
 * Values of the STATE word: no session, session open, a request waits, a
 * reply waits, the main thread leaves.
 *
 * @example
 * ```ts
 * import { SYNC_STATE } from "./sync_channel.ts";
 * SYNC_STATE.REQUEST; // 2
 * ```
 */
export const SYNC_STATE = { OFF: 0, READY: 1, REQUEST: 2, RESPONSE: 3, LEAVE: 4 } as const;

/**
 * Values of the STATUS word of a reply.
 *
 * @example
 * ```ts
 * import { SYNC_STATUS } from "./sync_channel.ts";
 * SYNC_STATUS.ERROR; // 1
 * ```
 */
export const SYNC_STATUS = { OK: 0, ERROR: 1 } as const;

/**
 * Bytes of the header before the data area.
 *
 * @example
 * ```ts
 * import { createSyncBuffer, SYNC_HEADER_BYTES } from "./sync_channel.ts";
 * createSyncBuffer(4096).byteLength === 4096 + SYNC_HEADER_BYTES; // true
 * ```
 */
export const SYNC_HEADER_BYTES = 64;
const HEADER_BYTES = SYNC_HEADER_BYTES;

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

/**
 * Grow `sab` so that its data area holds `bytes`. Both ends write into the
 * same buffer, never at the same time (the STATE word hands the turn over),
 * so either may grow it before writing.
 *
 * @throws {PayloadTooLargeError} When even the largest buffer is too small.
 *
 * @example
 * ```ts
 * import { createSyncBuffer, ensureData } from "./sync_channel.ts";
 * const sab = createSyncBuffer(1024, 1 << 20);
 * ensureData(sab, 4000); // the data area now holds at least 4000 bytes
 * ```
 */
export function ensureData(sab: SharedArrayBuffer, bytes: number): void {
  const needed = HEADER_BYTES + bytes;
  if (needed <= sab.byteLength) return;
  if (needed > sab.maxByteLength) {
    throw new PayloadTooLargeError(bytes, sab.maxByteLength - HEADER_BYTES);
  }
  let size = sab.byteLength;
  while (size < needed) size *= 2;
  sab.grow(Math.min(size, sab.maxByteLength));
}

/**
 * The data area of `sab` as a fixed-length view: `current` while the buffer
 * has not grown, else a new view. Fixed-length views are about twice as fast
 * to copy through as length-tracking ones, so each end re-creates its view
 * after a growth.
 *
 * @example
 * ```ts
 * import { createSyncBuffer, dataArea } from "./sync_channel.ts";
 * const sab = createSyncBuffer(1024);
 * const data = dataArea(sab, new Uint8Array(0)); // 1024 bytes
 * dataArea(sab, data) === data; // true
 * ```
 */
export function dataArea(sab: SharedArrayBuffer, current: Uint8Array): Uint8Array {
  const length = sab.byteLength - HEADER_BYTES;
  return current.byteLength === length ? current : new Uint8Array(sab, HEADER_BYTES, length);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Write an error reply into the data area of `sab`; returns its length.
 *
 * @throws {PayloadTooLargeError} When the message and traceback do not fit.
 *
 * @example
 * ```ts
 * import { createSyncBuffer, readErrorReply, writeErrorReply } from "./sync_channel.ts";
 * const sab = createSyncBuffer();
 * const length = writeErrorReply(sab, { message: "boom", traceback: "at main.lua:1" });
 * readErrorReply(sab, length).message; // "boom"
 * ```
 */
export function writeErrorReply(sab: SharedArrayBuffer, error: LuaErrorRecord): number {
  const message = encoder.encode(error.message);
  const traceback = encoder.encode(error.traceback);
  const length = 4 + message.length + traceback.length;
  ensureData(sab, length);
  const data = dataArea(sab, new Uint8Array(0));
  new DataView(data.buffer, data.byteOffset).setUint32(0, message.length, true);
  data.set(message, 4);
  data.set(traceback, 4 + message.length);
  return length;
}

/**
 * Read the error reply of `length` bytes that {@linkcode writeErrorReply} wrote.
 *
 * @example
 * ```ts
 * import { createSyncBuffer, readErrorReply, writeErrorReply } from "./sync_channel.ts";
 * const sab = createSyncBuffer();
 * const length = writeErrorReply(sab, { message: "boom", traceback: "" });
 * readErrorReply(sab, length); // { message: "boom", traceback: "" }
 * ```
 */
export function readErrorReply(sab: SharedArrayBuffer, length: number): LuaErrorRecord {
  const bytes = new Uint8Array(sab, HEADER_BYTES, length).slice();
  const messageLength = new DataView(bytes.buffer).getUint32(0, true);
  return {
    message: decoder.decode(bytes.subarray(4, 4 + messageLength)),
    traceback: decoder.decode(bytes.subarray(4 + messageLength)),
  };
}
