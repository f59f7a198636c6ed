/**
 * Errors of the web renderer.
 *
 * @module
 */
import { MoonglowError } from "../../core/errors.ts";

/**
 * Input from a client that does not follow the protocol (bad JSON, an
 * unknown type, a key name the engine does not know, an oversized line).
 * The subclasses say which refusal it was.
 *
 * @example
 * ```ts
 * import { WebProtocolError } from "./errors.ts";
 * new WebProtocolError("Unknown key name 'Foo'").message; // "Unknown key name 'Foo'"
 * ```
 */
export class WebProtocolError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code: string = "WEB_PROTOCOL";
}

/**
 * The web renderer was used out of order (drawing before `start()`,
 * starting twice).
 *
 * @example
 * ```ts
 * import { WebRendererStateError } from "./errors.ts";
 * new WebRendererStateError("The web renderer is already started");
 * ```
 */
export class WebRendererStateError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "WEB_RENDERER_STATE";
}

/**
 * A request the web renderer refused before it reached the game: a host name
 * it does not serve, a socket from another origin, a missing or wrong token.
 * `status` is the HTTP status it answered with.
 *
 * @example
 * ```ts
 * import { WebAccessError } from "./errors.ts";
 * const e = new WebAccessError(403, "Refused a socket without the page's token");
 * e.status; // 403
 * ```
 */
export class WebAccessError extends WebProtocolError {
  /** Stable code of this failure. */
  static override readonly code = "WEB_ACCESS";
  /** Create the error; `status` is the HTTP status the request was answered with. */
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * A page's socket broke the WebSocket rules or a limit (an unmasked frame, a
 * message too big, too many messages) and was closed. `closeCode` is the
 * close code sent (1002 protocol error, 1007 bad text, 1008 policy, 1009 too big).
 *
 * @example
 * ```ts
 * import { WebSocketClosedError } from "./errors.ts";
 * const e = new WebSocketClosedError(1009, "Message of 70000 bytes is over the limit");
 * e.closeCode; // 1009
 * ```
 */
export class WebSocketClosedError extends WebProtocolError {
  /** Stable code of this failure. */
  static override readonly code = "WEB_SOCKET_CLOSED";
  /** Create the error; `closeCode` is the WebSocket close code sent to the page. */
  constructor(readonly closeCode: number, message: string) {
    super(message);
  }
}
