/**
 * The server end of one upgraded WebSocket connection: frames in through a
 * {@linkcode FrameReader} (masking, size and UTF-8 checked) and a
 * {@linkcode RateLimiter}, frames out unmasked. A violation closes the
 * connection with a close code and a reason the page can show, and is
 * reported once through `onClose`.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { ServerSocket } from "./ws_socket.ts";
 * createServer().on("upgrade", (_request, socket, head) => {
 *   // ...after writing the "101 Switching Protocols" answer to `socket`:
 *   const ws = new ServerSocket(socket, {
 *     maxMessageBytes: 32768,
 *     messagesPerSecond: 500,
 *     onMessage: (data) => console.log(data),
 *     onClose: (error) => error && console.warn(error.message),
 *   });
 *   ws.start(head);
 *   ws.sendText("hello");
 * });
 * ```
 *
 * @module
 */

import type { Duplex } from "node:stream";
import { WebSocketClosedError } from "./errors.ts";
import { RateLimiter } from "./rate_limit.ts";
import {
  CLOSE_CODE,
  encodeClose,
  encodeFrame,
  encodeText,
  FrameReader,
  OPCODE,
} from "./ws_frames.ts";

/** Options of {@linkcode ServerSocket}. */
export interface ServerSocketOptions {
  /** Largest message accepted, in bytes. */
  maxMessageBytes: number;
  /** Frames accepted per second (also the burst), control frames included. */
  messagesPerSecond: number;
  /** A complete text or binary message. */
  onMessage: (data: string | Uint8Array) => void;
  /**
   * Called once when the connection is over: with the violation when this end
   * closed it for one, else with nothing.
   */
  onClose: (error?: WebSocketClosedError) => void;
}

/** How long a closing connection may wait for the peer before it is cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * One WebSocket connection, server side.
 *
 * @example
 * ```ts
 * import type { ServerSocket } from "./ws_socket.ts";
 * declare const ws: ServerSocket;
 * ws.close(1001, "Game stopped");
 * ```
 */
export class ServerSocket {
  #socket: Duplex;
  #reader: FrameReader;
  #onMessage: (data: string | Uint8Array) => void;
  #onClose: (error?: WebSocketClosedError) => void;
  #open = true;
  #ended = false;
  #reported = false;
  #closed: Promise<void>;
  #grace: ReturnType<typeof setTimeout> | undefined;

  /** Wrap `socket`; nothing is read until {@linkcode ServerSocket.start}. */
  constructor(socket: Duplex, options: ServerSocketOptions) {
    this.#socket = socket;
    this.#onMessage = options.onMessage;
    this.#onClose = options.onClose;
    const limit = new RateLimiter({ perSecond: options.messagesPerSecond });
    this.#reader = new FrameReader({
      maxMessageBytes: options.maxMessageBytes,
      onFrame: () => {
        if (!limit.take()) {
          throw new WebSocketClosedError(
            CLOSE_CODE.policy,
            `Too many messages: the limit is ${options.messagesPerSecond} per second`,
          );
        }
      },
    });
    const { promise, resolve } = Promise.withResolvers<void>();
    this.#closed = promise;
    socket.on("close", () => {
      clearTimeout(this.#grace);
      this.#report();
      resolve();
    });
    // The peer vanished: "close" follows and ends the connection.
    socket.on("error", () => {});
  }

  /** Whether messages can still be sent. */
  get open(): boolean {
    return this.#open;
  }

  /** Bytes written but not yet sent (a slow page falls behind). */
  get bufferedAmount(): number {
    return this.#socket.writableLength;
  }

  /** Resolves once the TCP connection is gone. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  /**
   * Start reading; `head` holds bytes that came with the upgrade request.
   *
   * @example
   * ```ts
   * import type { ServerSocket } from "./ws_socket.ts";
   * declare const ws: ServerSocket;
   * ws.start(new Uint8Array(0));
   * ```
   */
  start(head: Uint8Array): void {
    this.#socket.on("data", (chunk: Uint8Array) => this.#data(chunk));
    if (head.length > 0) this.#data(head);
  }

  /**
   * Send a frame made by `encodeText` (so one encoding serves every page).
   *
   * @example
   * ```ts
   * import type { ServerSocket } from "./ws_socket.ts";
   * import { encodeText } from "./ws_frames.ts";
   * declare const ws: ServerSocket;
   * ws.sendFrame(encodeText("hi"));
   * ```
   */
  sendFrame(frame: Uint8Array): void {
    if (this.#open) this.#socket.write(frame);
  }

  /**
   * Send a text message.
   *
   * @example
   * ```ts
   * import type { ServerSocket } from "./ws_socket.ts";
   * declare const ws: ServerSocket;
   * ws.sendText('{"type":"console","lines":[]}');
   * ```
   */
  sendText(text: string): void {
    this.sendFrame(encodeText(text));
  }

  /**
   * Close with `code` and `reason`; the connection is cut if the peer does not
   * close its end within a second. Safe to call twice.
   *
   * @example
   * ```ts
   * import type { ServerSocket } from "./ws_socket.ts";
   * declare const ws: ServerSocket;
   * ws.close(1001, "Game stopped");
   * ```
   */
  close(code: number, reason: string): void {
    if (!this.#open) return;
    this.#open = false;
    this.#end(encodeClose(code, reason));
  }

  #end(last: Uint8Array): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#socket.end(last);
    this.#grace = setTimeout(() => this.#socket.destroy(), CLOSE_GRACE_MS);
  }

  /** Tell the owner, once, that the connection is over. */
  #report(error?: WebSocketClosedError): void {
    this.#open = false;
    if (this.#reported) return;
    this.#reported = true;
    this.#onClose(error);
  }

  #data(chunk: Uint8Array): void {
    for (const event of this.#reader.push(chunk)) {
      switch (event.type) {
        case "text":
          if (this.#open) this.#onMessage(event.text);
          break;
        case "binary":
          if (this.#open) this.#onMessage(event.data);
          break;
        case "ping":
          this.sendFrame(encodeFrame(OPCODE.pong, event.payload));
          break;
        case "pong":
          break;
        case "close":
          // Answer with the peer's code (or "normal") and hang up.
          this.#end(encodeClose(event.code ?? CLOSE_CODE.normal, ""));
          this.#report();
          break;
        case "error":
          this.#end(encodeClose(event.error.closeCode, event.error.message));
          this.#report(event.error);
          break;
      }
    }
  }
}
