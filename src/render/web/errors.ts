/**
 * Errors of the web renderer.
 *
 * @module
 */

/**
 * A message from the page that does not follow the protocol (bad JSON, an
 * unknown type, a key name the engine does not know, an oversized line).
 *
 * @example
 * ```ts
 * import { WebProtocolError } from "./errors.ts";
 * new WebProtocolError("Unknown key name 'Foo'").message; // "Unknown key name 'Foo'"
 * ```
 */
export class WebProtocolError extends Error {
  /** Create the error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "WebProtocolError";
  }
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
export class WebRendererStateError extends Error {
  /** Create the error. */
  constructor(message: string) {
    super(message);
    this.name = "WebRendererStateError";
  }
}
