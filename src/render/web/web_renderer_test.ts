import { assertEquals } from "@std/assert";
import { makePng } from "../../assets/_png_test_helpers.ts";
import type { AssetLoadError } from "../../assets/mod.ts";
import { WebRenderer } from "./web_renderer.ts";

Deno.test("a PNG that would decode past the image ceiling is not served; the error names it", async () => {
  const dir = await Deno.makeTempDir();
  const reports: AssetLoadError[] = [];
  const renderer = new WebRenderer({
    gameDir: dir,
    port: 0,
    onListen: () => {},
    onAssetError: (e) => reports.push(e),
  });
  try {
    // 4097 x 4096: a few KB of file, 64 MiB and more of RGBA.
    const rows = Array.from({ length: 4096 }, () => new Array(513).fill(0));
    await Deno.mkdir(`${dir}/assets`);
    await Deno.writeFile(
      `${dir}/assets/big.png`,
      makePng({ width: 4097, height: 4096, depth: 1, colorType: 0 }, rows),
    );
    await Deno.writeFile(
      `${dir}/assets/ok.png`,
      makePng({ width: 1, height: 1, depth: 8, colorType: 0 }, [[7]]),
    );
    await renderer.start();
    const big = await fetch(`${renderer.url}assets/assets/big.png`);
    assertEquals(big.status, 413);
    await big.body?.cancel();
    const ok = await fetch(`${renderer.url}assets/assets/ok.png`);
    assertEquals([ok.status, ok.headers.get("content-type")], [200, "image/png"]);
    await ok.body?.cancel();
    assertEquals(reports.map((e) => e.message), [
      `Cannot load assets/big.png: Image 4097x4096 would take ${
        4097 * 4096 * 4
      } bytes decoded, more than the 67108864 an image may take`,
    ]);
  } finally {
    await renderer.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
