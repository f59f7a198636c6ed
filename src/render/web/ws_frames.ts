/**
 * WebSocket framing (RFC 6455) for the server side, written here rather than
 * left to `Deno.upgradeWebSocket` because the runtime takes unmasked client
 * frames and buffers messages of many megabytes before JS sees them. The
 * reader refuses, with the close code the RFC names: unmasked frames, set
 * reserved bits, unknown opcodes, bad control frames and fragments (1002),
 * text that is not UTF-8 (1007), and a message over the size limit (1009),
 * decided from the frame header, before its payload is buffered.
 *
 * @example
 * ```ts
 * import { encodeText, FrameReader } from "./ws_frames.ts";
 * const reader = new FrameReader({ maxMessageBytes: 1024 });
 * // A client frame: FIN + text, masked with the key 0 0 0 0.
 * reader.push(new Uint8Array([0x81, 0x82, 0, 0, 0, 0, 104, 105])); // [{ type: "text", text: "hi" }]
 * encodeText("hi"); // Uint8Array [0x81, 2, 104, 105]
 * ```
 *
 * @module
 */

import { WebSocketClosedError } from "./errors.ts";

/** The frame opcodes. */
export const OPCODE = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/** Close codes the reader and the renderer send. */
export const CLOSE_CODE = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  badData: 1007,
  policy: 1008,
  tooBig: 1009,
} as const;

/**
 * What the peer sent, one per complete message or control frame; `error` is
 * a violation, after which the connection must be closed with its code.
 */
export type WsEvent =
  | { type: "text"; text: string }
  | { type: "binary"; data: Uint8Array }
  | { type: "ping"; payload: Uint8Array }
  | { type: "pong" }
  | { type: "close"; code: number | undefined; reason: string }
  | { type: "error"; error: WebSocketClosedError };

/** Options of {@linkcode FrameReader}. */
export interface FrameReaderOptions {
  /** Largest message accepted, in bytes, counting every fragment. */
  maxMessageBytes: number;
  /**
   * Called once per frame, as soon as its header is in; may throw
   * {@linkcode WebSocketClosedError} (a rate limit), which ends the reading.
   */
  onFrame?: () => void;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

function protocolError(message: string): WebSocketClosedError {
  return new WebSocketClosedError(CLOSE_CODE.protocolError, message);
}

function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new WebSocketClosedError(CLOSE_CODE.badData, `${what} is not valid UTF-8`);
  }
}

/** Close codes a peer may send (RFC 6455 7.4): the defined ones and 3000-4999. */
function validCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999);
}

/**
 * Decodes the frames a client sends, chunk by chunk.
 *
 * @example
 * ```ts
 * import { FrameReader } from "./ws_frames.ts";
 * const reader = new FrameReader({ maxMessageBytes: 1024 });
 * const [event] = reader.push(new Uint8Array([0x81, 0x02, 104, 105])); // not masked
 * event?.type === "error" && event.error.message; // "Client frames must be masked"
 * ```
 */
export class FrameReader {
  #max: number;
  #onFrame: (() => void) | undefined;
  #buffer: Uint8Array = new Uint8Array(0);
  /** Data frames of the message being reassembled, and its opcode. */
  #fragments: Uint8Array[] = [];
  #fragmentBytes = 0;
  #fragmentOpcode: number | undefined;
  /** Whether the frame at the front was already counted by `onFrame`. */
  #counted = false;
  /** Set after a violation or a close frame: nothing more is read. */
  #done = false;

  /** Create a reader. */
  constructor(options: FrameReaderOptions) {
    this.#max = options.maxMessageBytes;
    this.#onFrame = options.onFrame;
  }

  /**
   * Take the next bytes from the socket; returns the events they complete.
   * The first violation ends the list as an `error` event (the events before
   * it are kept); after it, and after a close frame, input is ignored.
   *
   * @example
   * ```ts
   * import { FrameReader } from "./ws_frames.ts";
   * const reader = new FrameReader({ maxMessageBytes: 1024 });
   * reader.push(new Uint8Array([0x89, 0x80])); // [] (a ping still missing its mask key)
   * reader.push(new Uint8Array([1, 2, 3, 4])); // [{ type: "ping", payload: Uint8Array [] }]
   * ```
   */
  push(chunk: Uint8Array): WsEvent[] {
    const events: WsEvent[] = [];
    if (this.#done) return events;
    try {
      this.#read(chunk, events);
    } catch (e) {
      if (!(e instanceof WebSocketClosedError)) throw e;
      events.push({ type: "error", error: e });
    }
    if (events.at(-1)?.type === "error" || events.at(-1)?.type === "close") {
      this.#done = true;
      this.#buffer = new Uint8Array(0);
      this.#fragments = [];
    }
    return events;
  }

  #read(chunk: Uint8Array, events: WsEvent[]): void {
    if (this.#buffer.length === 0) {
      // A plain view: node's Buffer.slice would not copy, and payloads must not alias the chunk.
      this.#buffer = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    } else {
      // Bounded: a pending frame is at most its header plus maxMessageBytes.
      const joined = new Uint8Array(this.#buffer.length + chunk.length);
      joined.set(this.#buffer);
      joined.set(chunk, this.#buffer.length);
      this.#buffer = joined;
    }
    let at = 0;
    try {
      for (;;) {
        const used = this.#frame(this.#buffer.subarray(at), events);
        if (used === 0 || events.at(-1)?.type === "close") break;
        at += used;
      }
    } finally {
      this.#buffer = at === this.#buffer.length ? new Uint8Array(0) : this.#buffer.slice(at);
    }
  }

  /** Decode one frame from the front of `b`; returns the bytes used, 0 when it is incomplete. */
  #frame(b: Uint8Array, events: WsEvent[]): number {
    if (b.length < 2) return 0;
    const b0 = b[0] as number;
    const b1 = b[1] as number;
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    // Refused from the first two bytes, before anything else is waited for.
    if ((b0 & 0x70) !== 0) throw protocolError("Reserved bits are set but no extension was agreed");
    if ((b1 & 0x80) === 0) throw protocolError("Client frames must be masked");
    const control = opcode >= 0x8;
    if (
      opcode !== OPCODE.continuation && opcode !== OPCODE.text && opcode !== OPCODE.binary &&
      opcode !== OPCODE.close && opcode !== OPCODE.ping && opcode !== OPCODE.pong
    ) {
      throw protocolError(`Unknown frame opcode ${opcode}`);
    }
    let length = b1 & 0x7f;
    let head = 2;
    if (control && (length > 125 || !fin)) {
      throw protocolError("Control frames must be whole and at most 125 bytes");
    }
    if (length === 126) {
      if (b.length < 4) return 0;
      length = ((b[2] as number) << 8) | (b[3] as number);
      head = 4;
    } else if (length === 127) {
      if (b.length < 10) return 0;
      const view = new DataView(b.buffer, b.byteOffset + 2, 8);
      const high = view.getUint32(0);
      // Anything over 2^32 is over any limit; the exact figure does not matter.
      length = high !== 0 ? Number.MAX_SAFE_INTEGER : view.getUint32(4);
      head = 10;
    }
    if (!control) this.#checkSize(opcode, length);
    if (!this.#counted) {
      // Once per frame, however many chunks it arrives in.
      this.#counted = true;
      this.#onFrame?.();
    }
    if (b.length < head + 4 + length) return 0;
    this.#counted = false;
    const mask = b.subarray(head, head + 4);
    const payload = b.slice(head + 4, head + 4 + length);
    for (let i = 0; i < payload.length; i++) {
      payload[i] = (payload[i] as number) ^ (mask[i & 3] as number);
    }
    this.#deliver(fin, opcode, payload, events);
    return head + 4 + length;
  }

  #checkSize(opcode: number, length: number): void {
    if (opcode === OPCODE.continuation && this.#fragmentOpcode === undefined) {
      throw protocolError("A continuation frame came without a message to continue");
    }
    if (opcode !== OPCODE.continuation && this.#fragmentOpcode !== undefined) {
      throw protocolError("A new message began before the fragmented one ended");
    }
    const total = this.#fragmentBytes + length;
    if (total > this.#max) {
      throw new WebSocketClosedError(
        CLOSE_CODE.tooBig,
        `Message of ${
          length === Number.MAX_SAFE_INTEGER ? "over 4 GiB" : `${total} bytes`
        } is over the ${this.#max}-byte limit`,
      );
    }
  }

  #deliver(fin: boolean, opcode: number, payload: Uint8Array, events: WsEvent[]): void {
    switch (opcode) {
      case OPCODE.ping:
        events.push({ type: "ping", payload });
        return;
      case OPCODE.pong:
        events.push({ type: "pong" });
        return;
      case OPCODE.close:
        events.push(this.#close(payload));
        return;
    }
    if (!fin) {
      this.#fragmentOpcode ??= opcode;
      this.#fragments.push(payload);
      this.#fragmentBytes += payload.length;
      return;
    }
    let data = payload;
    const kind = this.#fragmentOpcode ?? opcode;
    if (this.#fragmentOpcode !== undefined) {
      data = new Uint8Array(this.#fragmentBytes + payload.length);
      let at = 0;
      for (const part of [...this.#fragments, payload]) {
        data.set(part, at);
        at += part.length;
      }
      this.#fragments = [];
      this.#fragmentBytes = 0;
      this.#fragmentOpcode = undefined;
    }
    events.push(
      kind === OPCODE.text
        ? { type: "text", text: decodeUtf8(data, "A text message") }
        : { type: "binary", data },
    );
  }

  #close(payload: Uint8Array): WsEvent {
    if (payload.length === 0) return { type: "close", code: undefined, reason: "" };
    if (payload.length === 1) throw protocolError("A close frame cannot carry a single byte");
    const code = ((payload[0] as number) << 8) | (payload[1] as number);
    if (!validCloseCode(code)) throw protocolError(`Close code ${code} is not one a peer may send`);
    return { type: "close", code, reason: decodeUtf8(payload.subarray(2), "A close reason") };
  }
}

/**
 * A server frame (never masked) with `payload`.
 *
 * @example
 * ```ts
 * import { encodeFrame, OPCODE } from "./ws_frames.ts";
 * encodeFrame(OPCODE.pong, new Uint8Array([7])); // Uint8Array [0x8a, 1, 7]
 * ```
 */
export function encodeFrame(opcode: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const out = new Uint8Array(head + n);
  out[0] = 0x80 | opcode;
  if (head === 2) {
    out[1] = n;
  } else if (head === 4) {
    out[1] = 126;
    out[2] = n >> 8;
    out[3] = n & 0xff;
  } else {
    out[1] = 127;
    new DataView(out.buffer).setBigUint64(2, BigInt(n));
  }
  out.set(payload, head);
  return out;
}

/**
 * A server text frame.
 *
 * @example
 * ```ts
 * import { encodeText } from "./ws_frames.ts";
 * encodeText("ok").length; // 4
 * ```
 */
export function encodeText(text: string): Uint8Array<ArrayBuffer> {
  return encodeFrame(OPCODE.text, encoder.encode(text));
}

/**
 * A close frame with `code` and `reason` (cut to the 123 bytes a close
 * frame can carry).
 *
 * @example
 * ```ts
 * import { encodeClose } from "./ws_frames.ts";
 * encodeClose(1001, "Game stopped").subarray(0, 4); // Uint8Array [0x88, 14, 3, 233]
 * ```
 */
export function encodeClose(code: number, reason: string): Uint8Array<ArrayBuffer> {
  let text = reason;
  let bytes = encoder.encode(text);
  while (bytes.length > 123) {
    text = text.slice(0, -1);
    bytes = encoder.encode(text);
  }
  const payload = new Uint8Array(2 + bytes.length);
  payload[0] = code >> 8;
  payload[1] = code & 0xff;
  payload.set(bytes, 2);
  return encodeFrame(OPCODE.close, payload);
}
