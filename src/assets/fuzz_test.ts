// Fuzz: random and mutated bytes must give an image or a clear error, never a
// crash, a hang or a different exception type. Seeded, so failures replay.
import { assert, assertEquals } from "@std/assert";
import { PngDecodeError } from "./errors.ts";
import { decodePngRgba, encodePngRgba } from "./png.ts";
import { TextureCache } from "./texture_cache.ts";
import { chunk, makePng } from "./_png_test_helpers.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS: Uint8Array[] = [
  encodePngRgba({
    width: 8,
    height: 6,
    data: Uint8Array.from({ length: 8 * 6 * 4 }, (_, i) => (i * 37) & 255),
  }),
  makePng({ width: 5, height: 3, depth: 2, colorType: 3 }, [[0x1b, 0x40], [0xe4, 0x00], [0, 0]], [
    chunk("PLTE", new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])),
  ]),
  makePng({ width: 3, height: 2, depth: 16, colorType: 0 }, [[1, 2, 3, 4, 5, 6], [
    7,
    8,
    9,
    0,
    1,
    2,
  ]]),
];

function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const out = new Uint8Array(bytes);
  const kind = Math.floor(next() * 4);
  if (kind === 0) return out.subarray(0, Math.floor(next() * out.length));
  const flips = 1 + Math.floor(next() * 8);
  for (let i = 0; i < flips; i++) {
    // Most flips land past the signature so the decoder itself is exercised.
    const at = kind === 1 ? 8 + Math.floor(next() * (out.length - 8)) : Math.floor(next() * 40);
    out[at] = Math.floor(next() * 256);
  }
  return out;
}

function check(bytes: Uint8Array): "ok" | "refused" {
  try {
    const img = decodePngRgba(bytes);
    assertEquals(img.data.length, img.width * img.height * 4);
    return "ok";
  } catch (e) {
    if (!(e instanceof PngDecodeError)) throw new Error(`Unexpected error: ${e}`, { cause: e });
    assert(e.message.length > 0 && !e.message.includes("\n"));
    return "refused";
  }
}

Deno.test("fuzz: random bytes are refused with PngDecodeError", () => {
  const next = rng(1);
  for (let n = 0; n < 300; n++) {
    const bytes = Uint8Array.from({ length: Math.floor(next() * 200) }, () => next() * 256);
    // Half of them get a valid signature so they reach the chunk parser.
    if (n % 2 === 0 && bytes.length >= 8) bytes.set(SEEDS[0]!.subarray(0, 8));
    assertEquals(check(bytes), "refused");
  }
});

Deno.test("fuzz: mutated PNGs decode or are refused, and the cache never throws", () => {
  const next = rng(2);
  const counts = { ok: 0, refused: 0 };
  const files = new Map<string, Uint8Array>();
  for (let n = 0; n < 1500; n++) {
    const seed = SEEDS[n % SEEDS.length]!;
    const bytes = mutate(seed, next);
    counts[check(bytes)]++;
    if (n < 200) files.set(`f${n}.png`, bytes);
  }
  // Both outcomes happen, so the mutations neither all break nor all miss.
  assert(counts.ok > 0 && counts.refused > 0, JSON.stringify(counts));
  const cache = new TextureCache({ readFile: (p) => files.get(p) ?? new Uint8Array() });
  for (const path of files.keys()) cache.get(path);
  assert(cache.errors.every((e) => e.message.startsWith("Cannot load f")));
});
