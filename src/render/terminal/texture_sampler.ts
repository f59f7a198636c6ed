/**
 * The hook through which sprites get real pixels, and
 * {@linkcode PngTextureSampler}, which reads them from the game's PNG files.
 * Without a sampler the terminal renderer fills sprites with their colour.
 *
 * @example
 * ```ts
 * import type { TextureSampler } from "./texture_sampler.ts";
 * const checker: TextureSampler = {
 *   sample: (_key, _frame, u, v) =>
 *     (Math.floor(u * 2) + Math.floor(v * 2)) % 2 ? [255, 255, 255, 255] : [0, 0, 0, 255],
 * };
 * ```
 *
 * @module
 */

import { type AssetLoadError, TextureCache } from "../../assets/mod.ts";
import type { RenderAsset, RenderFrame, Rgba } from "../../core/render_types.ts";

/**
 * A source rectangle in texels (a drawable's animation frame).
 *
 * @example
 * ```ts
 * import type { TextureFrame } from "./texture_sampler.ts";
 * const secondFrame: TextureFrame = { x: 16, y: 0, w: 16, h: 16 };
 * ```
 */
export interface TextureFrame {
  /** Left texel. */
  x: number;
  /** Top texel. */
  y: number;
  /** Width in texels. */
  w: number;
  /** Height in texels. */
  h: number;
}

/**
 * Gives the colour of a texture at a point of a drawable.
 *
 * @example
 * ```ts
 * import type { TextureSampler } from "./texture_sampler.ts";
 * const red: TextureSampler = { sample: () => [255, 0, 0, 255] };
 * ```
 */
export interface TextureSampler {
  /**
   * The colour at (`u`, `v`), both in [0, 1), of `frame` in texture `key`
   * (the whole texture when `frame` is undefined). Flips are already applied
   * by the caller. Return `undefined` when the texture is unknown or not
   * loaded yet: the drawable's colour is used instead.
   */
  sample(key: string, frame: TextureFrame | undefined, u: number, v: number): Rgba | undefined;
  /** Called with each frame before it is drawn (e.g. to learn the texture files). */
  prepare?(frame: RenderFrame): void;
}

/** Options of {@linkcode PngTextureSampler}. */
export interface PngTextureSamplerOptions {
  /** Where decoded images are kept. Default: a new {@linkcode TextureCache}. */
  cache?: TextureCache;
  /** Told once per texture file that cannot be loaded (ignored when `cache` is given). */
  onError?: (error: AssetLoadError) => void;
}

/**
 * A {@linkcode TextureSampler} over the PNG files the game registered with
 * `load_texture`: it learns key -> file from each frame's `assets`, decodes a
 * file on first use and samples the nearest texel of the frame rectangle (the
 * whole image without one). An unknown key, or a file that is missing or
 * corrupt (reported once), samples as `undefined`, so the sprite keeps its colour.
 *
 * @example
 * ```ts
 * import { PngTextureSampler } from "./texture_sampler.ts";
 * const sampler = new PngTextureSampler({ onError: (e) => console.warn(e.message) });
 * sampler.sample("ball", undefined, 0.5, 0.5); // undefined until a frame names "ball"
 * ```
 */
export class PngTextureSampler implements TextureSampler {
  #cache: TextureCache;
  #textures: Readonly<Record<string, RenderAsset>> = {};

  /** Create a sampler; files are read lazily. */
  constructor(options: PngTextureSamplerOptions = {}) {
    this.#cache = options.cache ?? new TextureCache({ onError: options.onError });
  }

  /**
   * Take the texture files of `frame`.
   *
   * @example
   * ```ts
   * import { PngTextureSampler } from "./texture_sampler.ts";
   * const frame = { assets: { texture: {}, font: {}, sound: {}, music: {}, shader: {} } };
   * new PngTextureSampler().prepare(frame as never);
   * ```
   */
  prepare(frame: RenderFrame): void {
    if (frame.assets) this.#textures = frame.assets.texture;
  }

  /**
   * The nearest texel at (`u`, `v`) of `frame` in texture `key`.
   *
   * @example
   * ```ts
   * import { PngTextureSampler } from "./texture_sampler.ts";
   * new PngTextureSampler().sample("nothing", undefined, 0, 0); // undefined
   * ```
   */
  sample(key: string, frame: TextureFrame | undefined, u: number, v: number): Rgba | undefined {
    const asset = this.#textures[key];
    const image = asset && this.#cache.get(asset.resolved);
    if (!image) return undefined;
    const fx = frame?.x ?? 0;
    const fy = frame?.y ?? 0;
    const fw = frame?.w ?? image.width;
    const fh = frame?.h ?? image.height;
    const x = Math.min(image.width - 1, Math.max(0, Math.floor(fx + u * fw)));
    const y = Math.min(image.height - 1, Math.max(0, Math.floor(fy + v * fh)));
    const o = (y * image.width + x) * 4;
    const d = image.data;
    return [d[o] ?? 0, d[o + 1] ?? 0, d[o + 2] ?? 0, d[o + 3] ?? 0];
  }
}
