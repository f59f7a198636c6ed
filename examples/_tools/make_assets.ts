/**
 * Makes the textures and sounds of the `shooter` and `shader_lab` examples
 * (nothing is downloaded): PNGs through the engine's own encoder, WAVs as
 * 16-bit mono PCM. Run from the repository root:
 *
 * ```sh
 * deno run -A examples/_tools/make_assets.ts
 * ```
 *
 * @module
 */
import { encodePngRgba } from "../../src/assets/png.ts";

type Rgba = [number, number, number, number];
type Painter = (x: number, y: number) => Rgba;

function png(width: number, height: number, paint: Painter): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 4);
  }
  return encodePngRgba({ width, height, data });
}

function wav(seconds: number, sample: (t: number) => number, rate = 22050): Uint8Array {
  const n = Math.floor(seconds * rate);
  const out = new Uint8Array(44 + n * 2);
  const v = new DataView(out.buffer);
  const text = (o: number, s: string) =>
    [...s].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)));
  text(0, "RIFF");
  v.setUint32(4, 36 + n * 2, true);
  text(8, "WAVEfmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, "data");
  v.setUint32(40, n * 2, true);
  for (let i = 0; i < n; i++) {
    const s = Math.max(-1, Math.min(1, sample(i / rate)));
    v.setInt16(44 + i * 2, Math.round(s * 32767), true);
  }
  return out;
}

// Deterministic noise so the files are the same on every run.
let seed = 12345;
function noise(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) / 0x800000 - 1;
}

const inCircle = (x: number, y: number, cx: number, cy: number, r: number) =>
  (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r;
const CLEAR: Rgba = [0, 0, 0, 0];

/** A 32x32 ship facing up, two frames (flame short / long) side by side. */
const ship: Painter = (x, y) => {
  const frame = x >= 32 ? 1 : 0;
  const lx = x % 32;
  const dx = Math.abs(lx + 0.5 - 16);
  if (y >= 4 && y < 24 && dx <= (y - 4) * 0.55) {
    return y > 18 ? [60, 140, 230, 255] : [200, 220, 255, 255];
  }
  if (y >= 24 && y < 28 + frame * 3 && dx <= 3) return [255, 170 - (y - 24) * 20, 40, 255];
  return CLEAR;
};

/** A 24x24 enemy, two frames (eye open / closed). */
const enemy: Painter = (x, y) => {
  const frame = x >= 24 ? 1 : 0;
  const lx = x % 24;
  if (!inCircle(lx, y, 12, 12, 11)) return CLEAR;
  if (inCircle(lx, y, 12, 10, 4) && (frame === 0 || Math.abs(y - 10) < 1)) {
    return [255, 255, 255, 255];
  }
  return [200, 50 + y * 4, 90, 255];
};

const bullet: Painter = (x, y) => inCircle(x, y, 4, 4, 4) ? [255, 240, 120, 255] : CLEAR;
const spark: Painter = (x, y) => inCircle(x, y, 2, 2, 2) ? [255, 200, 80, 255] : CLEAR;

/** 64x64 floor tiles: two kinds stacked (top: plain, bottom: with a rivet pattern). */
const tiles: Painter = (x, y) => {
  const edge = x % 64 === 0 || y % 64 === 0;
  const base = y < 64 ? 34 : 40;
  if (edge) return [base + 20, base + 24, base + 36, 255];
  if (y >= 64 && inCircle(x % 16, y % 16, 8, 8, 2)) return [90, 96, 120, 255];
  return [base, base + 4, base + 14, 255];
};

/** The shader lab's 128x128 logo: a crescent moon. */
const moon: Painter = (x, y) => {
  if (inCircle(x, y, 64, 64, 56) && !inCircle(x, y, 88, 48, 48)) return [250, 235, 170, 255];
  return CLEAR;
};

/** A 256x64 stripe of colour bars, so post-process effects have something to bend. */
const bars: Painter = (x, y) => {
  const i = Math.floor(x / 32);
  const c: Rgba[] = [
    [230, 60, 60, 255],
    [240, 150, 40, 255],
    [240, 230, 60, 255],
    [60, 200, 90, 255],
    [50, 160, 240, 255],
    [90, 80, 220, 255],
    [200, 80, 220, 255],
    [240, 240, 240, 255],
  ];
  return y % 16 === 0 ? [20, 20, 30, 255] : c[i] ?? CLEAR;
};

const tone = (f: number, decay: number) => (t: number) =>
  Math.sin(2 * Math.PI * f * t) * Math.exp(-t * decay) * 0.6;

const FILES: Record<string, Uint8Array> = {
  "shooter/assets/ship.png": png(64, 32, ship),
  "shooter/assets/enemy.png": png(48, 24, enemy),
  "shooter/assets/bullet.png": png(8, 8, bullet),
  "shooter/assets/spark.png": png(4, 4, spark),
  "shooter/assets/tiles.png": png(64, 128, tiles),
  "shooter/assets/shoot.wav": wav(0.12, (t) => tone(880 - t * 3000, 30)(t)),
  "shooter/assets/boom.wav": wav(0.4, (t) => noise() * Math.exp(-t * 9) * 0.7),
  "shooter/assets/hurt.wav": wav(0.3, tone(140, 8)),
  "shader_lab/assets/moon.png": png(128, 128, moon),
  "shader_lab/assets/bars.png": png(256, 64, bars),
  "shader_lab/assets/select.wav": wav(0.08, tone(660, 40)),
  "shader_lab/assets/apply.wav": wav(0.25, (t) => tone(523, 10)(t) + tone(784, 10)(t) * 0.5),
  // Four bars of a slow arpeggio that loops cleanly (whole periods of every note).
  "shader_lab/assets/music.wav": wav(4, (t) => {
    const notes = [220, 277.18, 329.63, 440];
    const f = notes[Math.floor(t * 4) % notes.length] ?? 220;
    const local = t % 0.25;
    return Math.sin(2 * Math.PI * f * t) * Math.exp(-local * 6) * 0.35;
  }),
};

const root = new URL("../", import.meta.url);
for (const [path, bytes] of Object.entries(FILES)) {
  const url = new URL(path, root);
  await Deno.mkdir(new URL("./", url), { recursive: true });
  await Deno.writeFile(url, bytes);
  console.log(`wrote examples/${path} (${bytes.length} bytes)`);
}
