/**
 * Error classes of the terminal renderer.
 *
 * @module
 */

/**
 * The renderer was used out of order: drawn before `start()`, started
 * twice, or started again after `stop()`.
 *
 * @example
 * ```ts
 * import { RendererStateError } from "./errors.ts";
 * const e = new RendererStateError("Cannot draw before start()");
 * e.name; // "RendererStateError"
 * ```
 */
export class RendererStateError extends Error {
  /** Create the error with a complete message. */
  constructor(message: string) {
    super(message);
    this.name = "RendererStateError";
  }
}
