/**
 * A packed-RGB pixel grid (one `Uint32Array` of `0xRRGGBB`) with alpha-blended
 * rectangle fills: what the rasterizer draws into before pixels are paired
 * into half-block cells.
 *
 * @example
 * ```ts
 * import { PixelBuffer, packRgb } from "./pixel_buffer.ts";
 * const p = new PixelBuffer(4, 2);
 * p.fill(packRgb([255, 0, 0, 255]));
 * p.get(3, 1); // 0xff0000
 * ```
 *
 * @module
 */

import type { Rgba } from "../../core/render_types.ts";

/**
 * Pack the RGB channels of a colour into `0xRRGGBB` (alpha dropped; channels
 * clamped and rounded).
 *
 * @example
 * ```ts
 * import { packRgb } from "./pixel_buffer.ts";
 * packRgb([1, 2, 3, 255]); // 0x010203
 * ```
 */
export function packRgb(color: Rgba): number {
  return (channel(color[0]) << 16) | (channel(color[1]) << 8) | channel(color[2]);
}

function channel(v: number): number {
  return v >= 255 ? 255 : v > 0 ? Math.round(v) : 0;
}

/**
 * Blend packed `src` over packed `dst` with coverage `alpha` in 0..1.
 *
 * @example
 * ```ts
 * import { blendRgb } from "./pixel_buffer.ts";
 * blendRgb(0xffffff, 0x000000, 0.5); // 0x808080
 * ```
 */
export function blendRgb(src: number, dst: number, alpha: number): number {
  const mix = (shift: number) => {
    const s = (src >>> shift) & 0xff;
    const d = (dst >>> shift) & 0xff;
    return Math.round(d + (s - d) * alpha) << shift;
  };
  return mix(16) | mix(8) | mix(0);
}

/**
 * A grid's two sides, truncated to non-negative integers.
 *
 * @example
 * ```ts
 * import { gridSize } from "./pixel_buffer.ts";
 * gridSize(3.7, -1); // [3, 0]
 * ```
 */
export function gridSize(a: number, b: number): [number, number] {
  return [Math.max(0, Math.trunc(a)), Math.max(0, Math.trunc(b))];
}

/**
 * A `width` x `height` grid of packed RGB pixels, row-major.
 *
 * @example
 * ```ts
 * import { PixelBuffer } from "./pixel_buffer.ts";
 * const p = new PixelBuffer(2, 2);
 * p.fillRect(1, 0, 1, 2, 0x00ff00, 255);
 * [p.get(0, 0), p.get(1, 1)]; // [0, 0x00ff00]
 * ```
 */
export class PixelBuffer {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** The pixels, `0xRRGGBB`, index `y * width + x`. */
  readonly data: Uint32Array;

  /** Create a black buffer. Sizes are truncated to non-negative integers. */
  constructor(width: number, height: number) {
    [this.width, this.height] = gridSize(width, height);
    this.data = new Uint32Array(this.width * this.height);
  }

  /**
   * The pixel at (x, y); 0 outside the buffer.
   *
   * @example
   * ```ts
   * import { PixelBuffer } from "./pixel_buffer.ts";
   * new PixelBuffer(1, 1).get(5, 5); // 0
   * ```
   */
  get(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return 0;
    return this.data[y * this.width + x] ?? 0;
  }

  /**
   * Set every pixel to `rgb`.
   *
   * @example
   * ```ts
   * import { PixelBuffer } from "./pixel_buffer.ts";
   * new PixelBuffer(2, 2).fill(0x123456);
   * ```
   */
  fill(rgb: number): void {
    this.data.fill(rgb);
  }

  /**
   * Fill the integer rectangle [x, x+w) x [y, y+h), clipped to the buffer,
   * with `rgb` at `alpha` 0..255 (255 replaces, 0 does nothing).
   *
   * @example
   * ```ts
   * import { PixelBuffer } from "./pixel_buffer.ts";
   * const p = new PixelBuffer(4, 4);
   * p.fillRect(-2, -2, 3, 3, 0xffffff, 255); // only (0,0) is inside
   * ```
   */
  fillRect(x: number, y: number, w: number, h: number, rgb: number, alpha: number): void {
    if (alpha <= 0) return;
    const x0 = Math.max(0, x);
    const y0 = Math.max(0, y);
    const x1 = Math.min(this.width, x + w);
    const y1 = Math.min(this.height, y + h);
    const a = alpha / 255;
    for (let py = y0; py < y1; py++) {
      const row = py * this.width;
      if (alpha >= 255) {
        this.data.fill(rgb, row + x0, row + x1);
        continue;
      }
      for (let px = x0; px < x1; px++) {
        this.data[row + px] = blendRgb(rgb, this.data[row + px] ?? 0, a);
      }
    }
  }

  /**
   * Blend one pixel (`alpha` 0..255); ignored outside the buffer.
   *
   * @example
   * ```ts
   * import { PixelBuffer } from "./pixel_buffer.ts";
   * const p = new PixelBuffer(1, 1);
   * p.blend(0, 0, 0xffffff, 255);
   * p.get(0, 0); // 0xffffff
   * ```
   */
  blend(x: number, y: number, rgb: number, alpha: number): void {
    if (alpha <= 0 || x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = y * this.width + x;
    this.data[i] = alpha >= 255 ? rgb : blendRgb(rgb, this.data[i] ?? 0, alpha / 255);
  }
}
