/**
 * Errors of the asset loaders.
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * A file could not be read or decoded. `path` is the file as asked for;
 * the message says what went wrong, in one line.
 *
 * @example
 * ```ts
 * import { AssetLoadError } from "./errors.ts";
 * const e = new AssetLoadError("assets/ball.png", "Not a PNG file");
 * e.message; // "Cannot load assets/ball.png: Not a PNG file"
 * ```
 */
export class AssetLoadError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "ASSET_LOAD";
  /** The file as asked for. */
  readonly path: string;
  /** What went wrong, without the path. */
  readonly reason: string;

  /** Create the error. */
  constructor(path: string, reason: string, options?: ErrorOptions) {
    super(`Cannot load ${path}: ${reason}`, options);
    this.path = path;
    this.reason = reason;
  }
}

/**
 * Bytes that are not a PNG image this decoder can read.
 *
 * @example
 * ```ts
 * import { PngDecodeError } from "./errors.ts";
 * new PngDecodeError("Not a PNG file").message; // "Not a PNG file"
 * ```
 */
export class PngDecodeError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "PNG_DECODE";
}

/**
 * A map file that cannot be used; the message says what is wrong.
 *
 * @example
 * ```ts
 * import { TiledMapError } from "./errors.ts";
 * const e = new TiledMapError("layer 'ground' has base64 data");
 * console.assert(e.name === "TiledMapError");
 * ```
 */
export class TiledMapError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "TILED_MAP";
}
