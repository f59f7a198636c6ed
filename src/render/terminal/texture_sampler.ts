/**
 * The hook through which sprites get real pixels. Until PNG decoding lands
 * the terminal renderer has no sampler and fills sprites with their colour;
 * a decoder plugs in here without touching the rasterizer.
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

import type { Rgba } from "../types.ts";

/** A source rectangle in texels (a drawable's animation frame). */
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
}
