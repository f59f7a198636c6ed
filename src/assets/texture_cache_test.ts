import { assert, assertEquals, assertInstanceOf } from "@std/assert";
import { AssetLoadError } from "./errors.ts";
import { encodePngRgba } from "./png.ts";
import { TextureCache } from "./texture_cache.ts";

const RED = encodePngRgba({ width: 1, height: 1, data: new Uint8Array([255, 0, 0, 255]) });

Deno.test("TextureCache decodes a file once and serves it from the cache", () => {
  const reads: string[] = [];
  const cache = new TextureCache({ readFile: (p) => (reads.push(p), RED) });
  assertEquals([...cache.get("a.png")?.data ?? []], [255, 0, 0, 255]);
  assert(cache.get("a.png") === cache.get("a.png"));
  assertEquals(reads, ["a.png"]);
  cache.clear("a.png");
  cache.get("a.png");
  assertEquals(reads, ["a.png", "a.png"]);
});

Deno.test("TextureCache reports a missing or corrupt file once and returns undefined", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/bad.png`, RED.subarray(0, 40));
    const reports: AssetLoadError[] = [];
    const cache = new TextureCache({ onError: (e) => reports.push(e) });
    for (let i = 0; i < 3; i++) {
      assertEquals(cache.get(`${dir}/missing.png`), undefined);
      assertEquals(cache.get(`${dir}/bad.png`), undefined);
    }
    assertEquals(reports.map((e) => e.reason), ["File not found", reports[1]?.reason]);
    assertEquals(reports[0]?.message, `Cannot load ${dir}/missing.png: File not found`);
    assertInstanceOf(reports[1], AssetLoadError);
    assert(reports[1].reason.length > 0 && !reports[1].reason.includes("File not found"));
    assertEquals(cache.errors.length, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("TextureCache refuses an image over its own or the total ceiling, checked before decoding", () => {
  const png = (w: number, h: number) =>
    encodePngRgba({ width: w, height: h, data: new Uint8Array(w * h * 4) });
  const files: Record<string, Uint8Array> = { a: png(2, 2), b: png(2, 2), c: png(3, 3) };
  const reports: string[] = [];
  const cache = new TextureCache({
    readFile: (p) => files[p]!,
    onError: (e) => reports.push(e.message),
    maxImageBytes: 32,
    maxTotalBytes: 40,
  });
  assertEquals(cache.get("a")?.data.length, 16);
  assertEquals(cache.get("c"), undefined);
  assertEquals(cache.get("b")?.data.length, 16);
  assertEquals(cache.totalBytes, 32);
  cache.clear("b");
  const d = encodePngRgba({ width: 3, height: 2, data: new Uint8Array(24) });
  files.d = d;
  assertEquals(cache.get("d")?.data.length, 24);
  cache.clear("a");
  files.e = d;
  assertEquals(cache.get("e"), undefined);
  assertEquals(reports, [
    "Cannot load c: Image 3x3 would take 36 bytes decoded, more than the 32 an image may take",
    "Cannot load e: Image 3x2 would take the decoded images to 48 bytes, more than the 40 they may take together",
  ]);
  cache.clear();
  assertEquals(cache.totalBytes, 0);
});
