/**
 * Errors used while applying commands.
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * Thrown by a processor to skip its command; the apply loop catches it and
 * writes one log line `<command>: <message>`. It never leaves the apply stage.
 *
 * @example
 * ```ts
 * import { SkippedCommandError } from "./errors.ts";
 * const e = new SkippedCommandError("entity 42 does not exist");
 * console.assert(e.name === "SkippedCommandError");
 * ```
 */
export class SkippedCommandError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "SKIPPED_COMMAND";
}
