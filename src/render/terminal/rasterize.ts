/**
 * Turns a {@linkcode RenderFrame} into pixels and text placements on the
 * terminal's pixel grid: background, letterbox, camera, z-order, and the
 * optional texture sampler.
 *
 * @example
 * ```ts
 * import { rasterize } from "./rasterize.ts";
 * import { fitView } from "./layout.ts";
 * const frame = {
 *   frame: 0,
 *   view: { width: 2, height: 4 },
 *   camera: { x: 1, y: 2, zoom: 1 },
 *   background: [0, 0, 255, 255] as const,
 *   drawables: [],
 *   status: { fps: 60, entities: 0, frameMs: 1, errors: 0, scene: "main" },
 * };
 * const { pixels } = rasterize(frame, fitView(frame.view, { columns: 2, rows: 3 }));
 * pixels.get(0, 0); // 0x0000ff
 * ```
 *
 * @module
 */

import type { Drawable, RenderFrame, Rgba } from "../../core/render_types.ts";
import type { Layout } from "./layout.ts";
import { packRgb, PixelBuffer } from "./pixel_buffer.ts";
import type { TextureSampler } from "./texture_sampler.ts";

/** A rectangle in view units. */
export interface ViewRect {
  /** Left. */
  x: number;
  /** Top. */
  y: number;
  /** Width. */
  w: number;
  /** Height. */
  h: number;
}

/** Text to put on the cell grid (0-based cell coordinates). */
export interface TextPlacement {
  /** Column of the first character. */
  column: number;
  /** Row of the first line. */
  row: number;
  /** The text; `\n` starts a new row at the same column. */
  text: string;
  /** Packed `0xRRGGBB` foreground. */
  color: number;
}

/** Output of {@linkcode rasterize}. */
export interface Raster {
  /** The pixel grid (`layout.pixelWidth` x `layout.pixelHeight`). */
  pixels: PixelBuffer;
  /** Text in draw order: later entries win where they overlap. */
  texts: TextPlacement[];
}

/** Options of {@linkcode rasterize}. */
export interface RasterizeOptions {
  /** Sprite pixels; without one, sprites are filled with their colour. */
  sampler?: TextureSampler;
  /** Packed colour of the area outside the view. Default black. */
  letterbox?: number;
  /** A buffer to reuse when its size matches the layout (saves an allocation per frame). */
  reuse?: PixelBuffer;
}

/**
 * A drawable's rectangle in view units: world drawables go through the
 * camera (`(x - camera.x) * zoom + view.width / 2`), screen drawables are
 * already in view units.
 *
 * @example
 * ```ts
 * import { toView } from "./rasterize.ts";
 * const frame = { view: { width: 100, height: 50 }, camera: { x: 10, y: 0, zoom: 2 } };
 * toView({ x: 10, y: 0, w: 5, h: 5 }, frame); // { x: 50, y: 25, w: 10, h: 10 }
 * ```
 */
export function toView(
  d: Pick<Drawable, "x" | "y" | "w" | "h" | "screen">,
  frame: Pick<RenderFrame, "view" | "camera">,
): ViewRect {
  if (d.screen) return { x: d.x, y: d.y, w: d.w, h: d.h };
  const { camera, view } = frame;
  return {
    x: (d.x - camera.x) * camera.zoom + view.width / 2,
    y: (d.y - camera.y) * camera.zoom + view.height / 2,
    w: d.w * camera.zoom,
    h: d.h * camera.zoom,
  };
}

/**
 * A copy of `drawables` in draw order: z ascending, then id ascending (so
 * the same frame always draws the same way, whatever the engine's order).
 *
 * @example
 * ```ts
 * import { sortDrawables } from "./rasterize.ts";
 * const d = (id: number, z: number) => ({ id, z, x: 0, y: 0, w: 1, h: 1, color: [0, 0, 0, 255] as const });
 * sortDrawables([d(2, 1), d(3, 0), d(1, 1)]).map((x) => x.id); // [3, 1, 2]
 * ```
 */
export function sortDrawables(drawables: readonly Drawable[]): Drawable[] {
  return [...drawables].sort((a, b) => a.z - b.z || a.id - b.id);
}

/**
 * The pixel span [start, end) whose pixel centres fall in [a, b). A span
 * thinner than a pixel still covers the pixel holding its middle, so small
 * things (a ball on a big board) never vanish when scaled down.
 */
function span(a: number, b: number): [number, number] {
  let start = Math.ceil(a - 0.5);
  let end = Math.ceil(b - 0.5);
  if (end <= start && b > a) {
    start = Math.floor((a + b) / 2);
    end = start + 1;
  }
  return [start, end];
}

/**
 * Draw `frame` for `layout`. Drawables with `text` put text (which overrides
 * pixels, one character per cell, `text.size` ignored) and no rectangle;
 * the others fill their rectangle, clipped to the view, with their colour
 * or the sampler's texels. Rotation is not drawn yet.
 *
 * @example
 * ```ts
 * import { rasterize } from "./rasterize.ts";
 * import { fitView } from "./layout.ts";
 * const frame = {
 *   frame: 0,
 *   view: { width: 4, height: 4 },
 *   camera: { x: 2, y: 2, zoom: 1 },
 *   background: [0, 0, 0, 255] as const,
 *   drawables: [{ id: 1, x: 0, y: 0, w: 1, h: 1, z: 0, color: [255, 0, 0, 255] as const }],
 *   status: { fps: 60, entities: 1, frameMs: 1, errors: 0, scene: "main" },
 * };
 * rasterize(frame, fitView(frame.view, { columns: 4, rows: 3 })).pixels.get(0, 0); // 0xff0000
 * ```
 */
export function rasterize(
  frame: RenderFrame,
  layout: Layout,
  options: RasterizeOptions = {},
): Raster {
  const { reuse } = options;
  const pixels = reuse && reuse.width === layout.pixelWidth && reuse.height === layout.pixelHeight
    ? reuse
    : new PixelBuffer(layout.pixelWidth, layout.pixelHeight);
  pixels.fill(options.letterbox ?? 0);
  const vx0 = layout.viewportX;
  const vy0 = layout.viewportY;
  const vx1 = vx0 + layout.viewportWidth;
  const vy1 = vy0 + layout.viewportHeight;
  pixels.fillRect(
    vx0,
    vy0,
    layout.viewportWidth,
    layout.viewportHeight,
    packRgb(frame.background),
    255,
  );

  const texts: TextPlacement[] = [];
  const s = layout.scale;
  for (const d of sortDrawables(frame.drawables)) {
    const r = toView(d, frame);
    const ax = vx0 + r.x * s;
    const ay = vy0 + r.y * s;
    if (d.text) {
      if (d.text.value !== "") {
        texts.push({
          column: Math.floor(ax),
          row: Math.floor(ay / 2),
          text: d.text.value,
          color: packRgb(d.text.color),
        });
      }
      continue;
    }
    if (!(r.w > 0 && r.h > 0)) continue;
    const bx = ax + r.w * s;
    const by = ay + r.h * s;
    const [sx0, sx1] = span(ax, bx);
    const [sy0, sy1] = span(ay, by);
    const x0 = Math.max(sx0, vx0);
    const x1 = Math.min(sx1, vx1);
    const y0 = Math.max(sy0, vy0);
    const y1 = Math.min(sy1, vy1);
    if (x0 >= x1 || y0 >= y1) continue;
    if (d.texture !== undefined && options.sampler) {
      drawSampled(pixels, d, options.sampler, [ax, ay, bx, by], [x0, y0, x1, y1]);
    } else {
      pixels.fillRect(x0, y0, x1 - x0, y1 - y0, packRgb(d.color), d.color[3]);
    }
  }
  return { pixels, texts };
}

const BELOW_ONE = 1 - 1e-9;

/** A texel multiplied by a tint, channel by channel (255 = unchanged). */
function modulate(c: Rgba, tint: Rgba): Rgba {
  return [(c[0] * tint[0]) / 255, (c[1] * tint[1]) / 255, (c[2] * tint[2]) / 255, c[3]];
}

function drawSampled(
  pixels: PixelBuffer,
  d: Drawable,
  sampler: TextureSampler,
  [ax, ay, bx, by]: [number, number, number, number],
  [x0, y0, x1, y1]: [number, number, number, number],
): void {
  const fallback = packRgb(d.color);
  const key = d.texture ?? "";
  const tint = d.tint;
  for (let py = y0; py < y1; py++) {
    let v = Math.min(BELOW_ONE, Math.max(0, (py + 0.5 - ay) / (by - ay)));
    if (d.flipY) v = BELOW_ONE - v;
    for (let px = x0; px < x1; px++) {
      let u = Math.min(BELOW_ONE, Math.max(0, (px + 0.5 - ax) / (bx - ax)));
      if (d.flipX) u = BELOW_ONE - u;
      const c = sampler.sample(key, d.frame, u, v);
      if (c === undefined) pixels.blend(px, py, fallback, d.color[3]);
      else if (tint === undefined) pixels.blend(px, py, packRgb(c), c[3]);
      else pixels.blend(px, py, packRgb(modulate(c, tint)), (c[3] * tint[3]) / 255);
    }
  }
}
