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

import { AssetLoadError } from "./errors.ts";
import { decodePngRgba, type RgbaImage } from "./png.ts";

/** Options of {@linkcode TextureCache}. */
export interface TextureCacheOptions {
  /** Reads a file. Default `Deno.readFileSync`. */
  readFile?: (path: string) => Uint8Array;
  /** Told once per path that cannot be loaded. Default: nothing (see `errors`). */
  onError?: (error: AssetLoadError) => void;
}

/**
 * A cache of decoded PNG textures keyed by path.
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

  /** Create an empty cache. */
  constructor(options: TextureCacheOptions = {}) {
    this.#readFile = options.readFile ?? ((path) => Deno.readFileSync(path));
    this.#onError = options.onError;
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
    if (path === undefined) this.#images.clear();
    else this.#images.delete(path);
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
      return decodePngRgba(bytes);
    } catch (e) {
      return new AssetLoadError(path, (e as Error).message, { cause: e });
    }
  }
}
