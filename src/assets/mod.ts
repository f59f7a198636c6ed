/**
 * Asset loading: PNG decoding to RGBA and a per-path texture cache that
 * reports a missing or corrupt file once instead of failing.
 *
 * @example
 * ```ts
 * import { TextureCache } from "./mod.ts";
 * const textures = new TextureCache({ onError: (e) => console.warn(e.message) });
 * ```
 *
 * @module
 */

export * from "./errors.ts";
export * from "./png.ts";
export * from "./texture_cache.ts";
