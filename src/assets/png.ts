/**
 * PNG decoding to 8-bit RGBA, whatever the PNG's colour type and bit depth.
 * The inflate and filter work is `npm:fast-png`; this module only turns its
 * output (packed low depths, 16-bit samples, palettes, colour keys) into one
 * layout that renderers can use as is.
 *
 * @example
 * ```ts
 * import { decodePngRgba, encodePngRgba } from "./png.ts";
 * const png = encodePngRgba({ width: 1, height: 1, data: new Uint8Array([255, 0, 0, 255]) });
 * decodePngRgba(png).data; // Uint8Array [255, 0, 0, 255]
 * ```
 *
 * @module
 */

import { decode, encode } from "fast-png";
import { MAX_IMAGE_BYTES, MAX_PNG_SIDE } from "../core/ceilings.ts";
import { PngDecodeError } from "./errors.ts";

export { MAX_IMAGE_BYTES, MAX_PNG_SIDE };

/** An image as 8-bit RGBA rows, top row first, no padding. */
export interface RgbaImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** `width * height * 4` bytes: R, G, B, A per pixel. */
  readonly data: Uint8Array;
}

/**
 * Options of {@linkcode decodePngRgba}.
 *
 * @example
 * ```ts
 * import type { PngDecodeOptions } from "./png.ts";
 * const o: PngDecodeOptions = { maxBytes: 1024 * 1024 };
 * ```
 */
export interface PngDecodeOptions {
  /** Most bytes the decoded RGBA may take. Default {@linkcode MAX_IMAGE_BYTES}. */
  maxBytes?: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = [0x49, 0x48, 0x44, 0x52];

/**
 * Width and height of a PNG, read from its header without decoding it, and
 * the bytes its RGBA would take.
 *
 * @throws {PngDecodeError} when the bytes are not a PNG starting with its
 * header, or a side is outside 1..{@linkcode MAX_PNG_SIDE}.
 * @example
 * ```ts
 * import { encodePngRgba, readPngSize } from "./png.ts";
 * const png = encodePngRgba({ width: 3, height: 2, data: new Uint8Array(24) });
 * readPngSize(png); // { width: 3, height: 2, rgbaBytes: 24 }
 * ```
 */
export function readPngSize(
  bytes: Uint8Array,
): { width: number; height: number; rgbaBytes: number } {
  // The header is the first chunk: what a decoder allocates is known before it runs.
  if (
    bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b) ||
    IHDR.some((b, i) => bytes[12 + i] !== b)
  ) {
    throw new PngDecodeError("Not a PNG file");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0 || width > MAX_PNG_SIDE || height > MAX_PNG_SIDE) {
    throw new PngDecodeError(`Image size ${width}x${height} is outside 1..${MAX_PNG_SIDE}`);
  }
  return { width, height, rgbaBytes: width * height * 4 };
}

/**
 * Why an image of `size` may not be decoded, or `undefined` when its RGBA
 * fits in `maxBytes` (default {@linkcode MAX_IMAGE_BYTES}).
 *
 * @example
 * ```ts
 * import { overImageCeiling } from "./png.ts";
 * overImageCeiling({ width: 16384, height: 16384, rgbaBytes: 2 ** 30 });
 * // "Image 16384x16384 would take 1073741824 bytes decoded, more than the 67108864 an image may take"
 * ```
 */
export function overImageCeiling(
  size: { width: number; height: number; rgbaBytes: number },
  maxBytes: number = MAX_IMAGE_BYTES,
): string | undefined {
  if (size.rgbaBytes <= maxBytes) return undefined;
  return `Image ${size.width}x${size.height} would take ${size.rgbaBytes} bytes decoded, ` +
    `more than the ${maxBytes} an image may take`;
}

/**
 * Decode PNG bytes to {@linkcode RgbaImage}. Grey, grey+alpha, RGB, RGBA and
 * indexed images at every legal bit depth are converted; 16-bit samples keep
 * their high byte. An image whose header declares more than
 * `options.maxBytes` of RGBA is refused before anything is decoded: a small
 * file can declare gigabytes. Anything else throws {@linkcode PngDecodeError}.
 *
 * @example
 * ```ts
 * import { decodePngRgba } from "./png.ts";
 * try {
 *   decodePngRgba(new Uint8Array([1, 2, 3]));
 * } catch (e) {
 *   (e as Error).message; // "Not a PNG file"
 * }
 * ```
 */
export function decodePngRgba(bytes: Uint8Array, options: PngDecodeOptions = {}): RgbaImage {
  const header = readPngSize(bytes);
  const tooBig = overImageCeiling(header, options.maxBytes);
  if (tooBig !== undefined) throw new PngDecodeError(tooBig);
  let png;
  try {
    png = decode(bytes);
  } catch (e) {
    throw new PngDecodeError(`Corrupt PNG data (${(e as Error).message})`, { cause: e });
  }
  const { width, height, depth, channels, palette, transparency } = png;
  if (width !== header.width || height !== header.height) {
    throw new PngDecodeError(`Image size ${width}x${height} differs from its header`);
  }
  const src = png.data;
  const rowSamples = width * channels;
  const rowLength = depth < 8 ? Math.ceil((rowSamples * depth) / 8) : rowSamples;
  if (src.length < rowLength * height) {
    throw new PngDecodeError(`Truncated pixel data (${src.length} of ${rowLength * height})`);
  }
  if (palette !== undefined && (channels !== 1 || palette.length === 0)) {
    throw new PngDecodeError("Unsupported palette layout");
  }
  if (palette === undefined && ![1, 2, 3, 4].includes(channels)) {
    throw new PngDecodeError(`Unsupported channel count ${channels}`);
  }
  const max = (1 << depth) - 1;
  const sample = (row: number, i: number): number => {
    if (depth >= 8) return src[row * rowLength + i] ?? 0;
    const bit = i * depth;
    const byte = src[row * rowLength + (bit >> 3)] ?? 0;
    return (byte >> (8 - depth - (bit & 7))) & max;
  };
  // Samples to 0..255: 16-bit keeps the high byte, low depths are stretched.
  const to8 = (v: number) => depth === 16 ? v >> 8 : depth === 8 ? v : Math.round((v * 255) / max);
  const key = transparency && palette === undefined ? [...transparency] : undefined;
  const out = new Uint8Array(width * height * 4);
  const raw = [0, 0, 0, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      for (let c = 0; c < channels; c++) raw[c] = sample(y, x * channels + c);
      if (palette !== undefined) {
        const entry = palette[raw[0] ?? 0];
        if (entry === undefined) throw new PngDecodeError(`Palette index ${raw[0]} out of range`);
        out[o] = entry[0] ?? 0;
        out[o + 1] = entry[1] ?? 0;
        out[o + 2] = entry[2] ?? 0;
        out[o + 3] = entry[3] ?? 255;
        continue;
      }
      const grey = channels <= 2;
      out[o] = to8(raw[0] ?? 0);
      out[o + 1] = to8(grey ? raw[0] ?? 0 : raw[1] ?? 0);
      out[o + 2] = to8(grey ? raw[0] ?? 0 : raw[2] ?? 0);
      const alpha = channels === 2 ? raw[1] : channels === 4 ? raw[3] : undefined;
      let a = alpha === undefined ? 255 : to8(alpha);
      // A tRNS colour key makes exactly that colour transparent.
      if (key && key.every((k, i) => k === raw[grey ? 0 : i])) a = 0;
      out[o + 3] = a;
    }
  }
  return { width, height, data: out };
}

/**
 * Encode an {@linkcode RgbaImage} as an 8-bit RGBA PNG (used to make the
 * example games' assets and test images).
 *
 * @example
 * ```ts
 * import { encodePngRgba } from "./png.ts";
 * const png = encodePngRgba({ width: 2, height: 1, data: new Uint8Array(8) });
 * png[1]; // 0x50 ("P")
 * ```
 */
export function encodePngRgba(image: RgbaImage): Uint8Array {
  if (image.data.length !== image.width * image.height * 4) {
    throw new RangeError(
      `RGBA data is ${image.data.length} bytes, expected ${image.width * image.height * 4}`,
    );
  }
  return encode({ ...image, channels: 4, depth: 8 });
}
