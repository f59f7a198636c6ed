/**
 * Decoded textures by file path, loaded on first use. A missing or corrupt
 * file is reported once (through `onError`) and then remembered as missing,
 * so a renderer asking for it every frame neither crashes nor floods the log.
 *
 * @example
 * ```ts
 * import { TextureCache } from "./texture_cache.ts";
 * const seen: string[] = [];
 * const cache = new TextureCache({ onError: (e) => seen.push(e.message) });
 * cache.get("/nowhere/ball.png"); // undefined
 * cache.get("/nowhere/ball.png"); // undefined, and no second report
 * seen.length; // 1
 * ```
 *
 * @module
 */

import { MAX_IMAGE_BYTES, MAX_TOTAL_IMAGE_BYTES } from "../core/ceilings.ts";
import { AssetLoadError } from "./errors.ts";
import { decodePngRgba, readPngSize, type RgbaImage } from "./png.ts";

export { MAX_TOTAL_IMAGE_BYTES };

/** Options of {@linkcode TextureCache}. */
export interface TextureCacheOptions {
  /** Reads a file. Default `Deno.readFileSync`. */
  readFile?: (path: string) => Uint8Array;
  /** Told once per path that cannot be loaded. Default: nothing (see `errors`). */
  onError?: (error: AssetLoadError) => void;
  /** Most bytes one decoded image may take. Default {@linkcode MAX_IMAGE_BYTES}. */
  maxImageBytes?: number;
  /**
   * Most bytes the decoded images of the cache may take together. Default
   * {@linkcode MAX_TOTAL_IMAGE_BYTES}.
   */
  maxTotalBytes?: number;
}

/**
 * A cache of decoded PNG textures keyed by path. Each image's size is read
 * from its header before it is decoded: an image larger than
 * `maxImageBytes`, or one that would take the cache past `maxTotalBytes`,
 * is a load error like a missing file.
 *
 * @example
 * ```ts
 * import { TextureCache } from "./texture_cache.ts";
 * import { encodePngRgba } from "./png.ts";
 * const png = encodePngRgba({ width: 1, height: 1, data: new Uint8Array([9, 8, 7, 255]) });
 * const cache = new TextureCache({ readFile: () => png });
 * cache.get("any.png")?.data[0]; // 9
 * ```
 */
export class TextureCache {
  #readFile: (path: string) => Uint8Array;
  #onError: ((error: AssetLoadError) => void) | undefined;
  #images = new Map<string, RgbaImage | AssetLoadError>();
  #maxImageBytes: number;
  #maxTotalBytes: number;
  #totalBytes = 0;

  /** Create an empty cache. */
  constructor(options: TextureCacheOptions = {}) {
    this.#readFile = options.readFile ?? ((path) => Deno.readFileSync(path));
    this.#onError = options.onError;
    this.#maxImageBytes = options.maxImageBytes ?? MAX_IMAGE_BYTES;
    this.#maxTotalBytes = options.maxTotalBytes ?? MAX_TOTAL_IMAGE_BYTES;
  }

  /**
   * Bytes the decoded images of the cache take.
   *
   * @example
   * ```ts
   * import { TextureCache } from "./texture_cache.ts";
   * new TextureCache().totalBytes; // 0
   * ```
   */
  get totalBytes(): number {
    return this.#totalBytes;
  }

  /**
   * The decoded image at `path`, or `undefined` when it cannot be read or
   * decoded (reported once).
   *
   * @example
   * ```ts
   * import { TextureCache } from "./texture_cache.ts";
   * new TextureCache({ readFile: () => new Uint8Array([0]) }).get("bad.png"); // undefined
   * ```
   */
  get(path: string): RgbaImage | undefined {
    let entry = this.#images.get(path);
    if (entry === undefined) {
      entry = this.#load(path);
      this.#images.set(path, entry);
      if (entry instanceof AssetLoadError) this.#onError?.(entry);
    }
    return entry instanceof AssetLoadError ? undefined : entry;
  }

  /**
   * Every load failure so far, one per path.
   *
   * @example
   * ```ts
   * import { TextureCache } from "./texture_cache.ts";
   * const cache = new TextureCache({ readFile: () => new Uint8Array(0) });
   * cache.get("empty.png");
   * cache.errors[0]?.message; // "Cannot load empty.png: Not a PNG file"
   * ```
   */
  get errors(): AssetLoadError[] {
    return [...this.#images.values()].filter((e) => e instanceof AssetLoadError);
  }

  /**
   * Forget `path` (or everything), so the next `get` reads the file again.
   *
   * @example
   * ```ts
   * import { TextureCache } from "./texture_cache.ts";
   * new TextureCache().clear();
   * ```
   */
  clear(path?: string): void {
    for (const [key, entry] of this.#images) {
      if (path !== undefined && key !== path) continue;
      if (!(entry instanceof AssetLoadError)) this.#totalBytes -= entry.data.length;
      this.#images.delete(key);
    }
  }

  #load(path: string): RgbaImage | AssetLoadError {
    let bytes: Uint8Array;
    try {
      bytes = this.#readFile(path);
    } catch (e) {
      const reason = e instanceof Deno.errors.NotFound ? "File not found" : (e as Error).message;
      return new AssetLoadError(path, reason, { cause: e });
    }
    try {
      const { width, height, rgbaBytes } = readPngSize(bytes);
      // An image too big by itself is refused as such by the decoder.
      const fits = rgbaBytes <= this.#maxImageBytes;
      if (fits && this.#totalBytes + rgbaBytes > this.#maxTotalBytes) {
        return new AssetLoadError(
          path,
          `Image ${width}x${height} would take the decoded images to ` +
            `${this.#totalBytes + rgbaBytes} bytes, more than the ${this.#maxTotalBytes} ` +
            `they may take together`,
        );
      }
      const image = decodePngRgba(bytes, { maxBytes: this.#maxImageBytes });
      this.#totalBytes += image.data.length;
      return image;
    } catch (e) {
      return new AssetLoadError(path, (e as Error).message, { cause: e });
    }
  }
}
