import { assert, assertEquals, assertThrows } from "@std/assert";
import { PngDecodeError } from "./errors.ts";
import { decodePngRgba, encodePngRgba, MAX_IMAGE_BYTES, MAX_PNG_SIDE, readPngSize } from "./png.ts";
import { chunk, makePng } from "./_png_test_helpers.ts";

const pixels = (img: { data: Uint8Array }) => [...img.data];

Deno.test("decodePngRgba round-trips 8-bit RGBA", () => {
  const data = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
  const img = decodePngRgba(encodePngRgba({ width: 2, height: 2, data }));
  assertEquals([img.width, img.height], [2, 2]);
  assertEquals(pixels(img), [...data]);
});

Deno.test("decodePngRgba expands grey, grey+alpha and RGB to RGBA", () => {
  const grey = makePng({ width: 2, height: 1, depth: 8, colorType: 0 }, [[10, 200]]);
  assertEquals(pixels(decodePngRgba(grey)), [10, 10, 10, 255, 200, 200, 200, 255]);
  const ga = makePng({ width: 1, height: 1, depth: 8, colorType: 4 }, [[50, 60]]);
  assertEquals(pixels(decodePngRgba(ga)), [50, 50, 50, 60]);
  const rgb = makePng({ width: 1, height: 1, depth: 8, colorType: 2 }, [[1, 2, 3]]);
  assertEquals(pixels(decodePngRgba(rgb)), [1, 2, 3, 255]);
});

Deno.test("decodePngRgba unpacks 1-bit and 4-bit grey rows and keeps the high byte of 16-bit", () => {
  // 1-bit, 10 pixels: 1010000011 -> bytes 0b10100000, 0b11000000.
  const one = makePng({ width: 10, height: 1, depth: 1, colorType: 0 }, [[0b10100000, 0b11000000]]);
  const img = decodePngRgba(one);
  const reds = Array.from({ length: 10 }, (_, i) => img.data[i * 4]);
  assertEquals(reds, [255, 0, 255, 0, 0, 0, 0, 0, 255, 255]);
  const four = makePng({ width: 3, height: 1, depth: 4, colorType: 0 }, [[0x0f, 0x80]]);
  assertEquals(pixels(decodePngRgba(four)).filter((_, i) => i % 4 === 0), [0, 255, 136]);
  const sixteen = makePng({ width: 1, height: 1, depth: 16, colorType: 6 }, [[
    0x12,
    0x34,
    0xab,
    0xcd,
    0xff,
    0x00,
    0x80,
    0x01,
  ]]);
  assertEquals(pixels(decodePngRgba(sixteen)), [0x12, 0xab, 0xff, 0x80]);
});

Deno.test("decodePngRgba maps palettes with tRNS alpha and applies RGB colour keys", () => {
  const plte = chunk("PLTE", new Uint8Array([255, 0, 0, 0, 0, 255]));
  const trns = chunk("tRNS", new Uint8Array([0]));
  const indexed = makePng({ width: 3, height: 1, depth: 2, colorType: 3 }, [[0b00010100]], [
    plte,
    trns,
  ]);
  assertEquals(pixels(decodePngRgba(indexed)), [255, 0, 0, 0, 0, 0, 255, 255, 0, 0, 255, 255]);
  const key = chunk("tRNS", new Uint8Array([0, 1, 0, 2, 0, 3]));
  // fast-png checks the key's length against the pixel count, so use enough pixels.
  const rgb = makePng({ width: 3, height: 1, depth: 8, colorType: 2 }, [[
    1,
    2,
    3,
    1,
    2,
    4,
    1,
    2,
    3,
  ]], [
    key,
  ]);
  assertEquals(pixels(decodePngRgba(rgb)), [1, 2, 3, 0, 1, 2, 4, 255, 1, 2, 3, 0]);
});

Deno.test("decodePngRgba refuses what is not a readable PNG with PngDecodeError", () => {
  assertThrows(() => decodePngRgba(new Uint8Array(0)), PngDecodeError, "Not a PNG file");
  assertThrows(
    () => decodePngRgba(new TextEncoder().encode("GIF89a................................")),
    PngDecodeError,
    "Not a PNG file",
  );
  const huge = makePng({ width: MAX_PNG_SIDE + 1, height: 1, depth: 8, colorType: 0 }, [[0]]);
  assertThrows(() => decodePngRgba(huge), PngDecodeError, "outside 1..16384");
  const good = encodePngRgba({ width: 4, height: 4, data: new Uint8Array(64).fill(7) });
  assertThrows(() => decodePngRgba(good.subarray(0, 45)), PngDecodeError);
  const outOfPalette = makePng({ width: 1, height: 1, depth: 8, colorType: 3 }, [[5]], [
    chunk("PLTE", new Uint8Array([1, 2, 3])),
  ]);
  assertThrows(() => decodePngRgba(outOfPalette), PngDecodeError);
});

Deno.test("an image declaring more RGBA than the ceiling is refused from its header, not decoded", () => {
  // 4097 x 4096 one-bit grey: a 2 MB stream of zeros that compresses to a few KB.
  const rows = Array.from({ length: 4096 }, () => new Array(513).fill(0));
  const big = makePng({ width: 4097, height: 4096, depth: 1, colorType: 0 }, rows);
  assert(big.length < 64 * 1024, `${big.length} bytes`);
  assertEquals(readPngSize(big), { width: 4097, height: 4096, rgbaBytes: 4097 * 4096 * 4 });
  assertThrows(
    () => decodePngRgba(big),
    PngDecodeError,
    `Image 4097x4096 would take ${
      4097 * 4096 * 4
    } bytes decoded, more than the ${MAX_IMAGE_BYTES} an image may take`,
  );
  const small = makePng({ width: 3, height: 2, depth: 8, colorType: 0 }, [[1, 2, 3], [4, 5, 6]]);
  assertEquals(decodePngRgba(small, { maxBytes: 24 }).data.length, 24);
  assertThrows(() => decodePngRgba(small, { maxBytes: 23 }), PngDecodeError, "more than the 23");
});

Deno.test("a PNG whose first chunk is not its header is refused", () => {
  const png = makePng({ width: 1, height: 1, depth: 8, colorType: 0 }, [[1]]);
  const moved = new Uint8Array(png);
  moved.set(new TextEncoder().encode("tEXt"), 12);
  assertThrows(() => readPngSize(moved), PngDecodeError, "Not a PNG file");
});
