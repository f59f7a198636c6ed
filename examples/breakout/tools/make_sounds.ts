/**
 * Writes the breakout example's sound effects as 16-bit mono PCM WAV files:
 * short enveloped tones, so the example ships only assets the project made.
 *
 *   deno run -A examples/breakout/tools/make_sounds.ts
 */
const RATE = 22050;

function tone(freqs: number[], seconds: number, volume = 0.4): Int16Array {
  const n = Math.floor(RATE * seconds);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    const f = freqs[Math.min(freqs.length - 1, Math.floor((i / n) * freqs.length))] ?? 440;
    const env = Math.min(1, i / 200) * (1 - i / n); // click-free attack, linear decay
    out[i] = Math.round(Math.sin(2 * Math.PI * f * t) * env * volume * 32767);
  }
  return out;
}

function wav(samples: Int16Array): Uint8Array {
  const buf = new ArrayBuffer(44 + samples.length * 2);
  const v = new DataView(buf);
  const ascii = (at: number, s: string) =>
    [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  v.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, RATE, true);
  v.setUint32(28, RATE * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, samples.length * 2, true);
  new Int16Array(buf, 44).set(samples);
  return new Uint8Array(buf);
}

const dir = new URL("../assets/", import.meta.url);
await Deno.mkdir(dir, { recursive: true });
await Deno.writeFile(new URL("hit.wav", dir), wav(tone([660, 880], 0.08)));
await Deno.writeFile(new URL("paddle.wav", dir), wav(tone([330], 0.06)));
await Deno.writeFile(new URL("lost.wav", dir), wav(tone([440, 330, 220], 0.4)));
await Deno.writeFile(new URL("start.wav", dir), wav(tone([523, 659, 784], 0.3)));
