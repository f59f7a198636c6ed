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
