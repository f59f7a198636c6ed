/**
 * Error classes of the terminal renderer.
 *
 * @module
 */
import { MoonglowError } from "../../core/errors.ts";

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
export class RendererStateError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "TERMINAL_RENDERER_STATE";
}
