import { assertEquals } from "@std/assert";
import { encodePngRgba } from "../../assets/mod.ts";
import type { RenderAssets, RenderFrame } from "../../core/render_types.ts";
import { fitView } from "./layout.ts";
import { rasterize } from "./rasterize.ts";
import { PngTextureSampler } from "./texture_sampler.ts";
import { makeFrame, rect } from "./_test_helpers.ts";

const R = [255, 0, 0, 255];
const G = [0, 255, 0, 255];
const B = [0, 0, 255, 255];
const W = [255, 255, 255, 255];

function assets(texture: RenderAssets["texture"]): RenderAssets {
  return { texture, font: {}, sound: {}, music: {}, shader: {} };
}

async function withSheet(run: (path: string) => void): Promise<void> {
  // A 4x1 sheet: two 2x1 animation frames, red|green then blue|white.
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/sheet.png`;
    const data = new Uint8Array([...R, ...G, ...B, ...W]);
    await Deno.writeFile(path, encodePngRgba({ width: 4, height: 1, data }));
    run(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const hex = (n: number) => n.toString(16).padStart(6, "0");

Deno.test("PngTextureSampler draws a sprite's PNG pixels, its animation frame and its tint", async () => {
  await withSheet((path) => {
    const sampler = new PngTextureSampler();
    const draw = (frame: RenderFrame) => {
      sampler.prepare(frame);
      const { pixels } = rasterize(frame, fitView(frame.view, { columns: 2, rows: 2 }), {
        sampler,
      });
      return [pixels.get(0, 0), pixels.get(1, 0)].map(hex);
    };
    const base = {
      view: { width: 2, height: 2 },
      camera: { x: 1, y: 1, zoom: 1 },
      assets: assets({ sheet: { path: "sheet.png", resolved: path } }),
    };
    const sprite = (extra: object) =>
      makeFrame({
        ...base,
        drawables: [rect(1, 0, 0, 2, 1, [9, 9, 9, 255], { texture: "sheet", ...extra })],
      });
    // The whole 4x1 image squeezed into 2 pixels: the texels under the pixel centres, 1 and 3.
    assertEquals(draw(sprite({})), ["00ff00", "ffffff"]);
    assertEquals(draw(sprite({ frame: { x: 0, y: 0, w: 2, h: 1 } })), ["ff0000", "00ff00"]);
    assertEquals(draw(sprite({ frame: { x: 2, y: 0, w: 2, h: 1 } })), ["0000ff", "ffffff"]);
    assertEquals(
      draw(sprite({ frame: { x: 2, y: 0, w: 2, h: 1 }, tint: [255, 0, 0, 255] })),
      ["000000", "ff0000"],
    );
  });
});

Deno.test("PngTextureSampler keeps the colour for unknown keys and bad files, reported once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/bad.png`, new TextEncoder().encode("not a png at all"));
    const reports: string[] = [];
    const sampler = new PngTextureSampler({ onError: (e) => reports.push(e.reason) });
    const frame = makeFrame({
      view: { width: 2, height: 1 },
      camera: { x: 1, y: 0.5, zoom: 1 },
      assets: assets({
        bad: { path: "bad.png", resolved: `${dir}/bad.png` },
        gone: { path: "gone.png", resolved: `${dir}/gone.png` },
      }),
      drawables: [
        rect(1, 0, 0, 1, 1, [0, 255, 0, 255], { texture: "bad" }),
        rect(2, 1, 0, 1, 1, [255, 0, 0, 255], { texture: "gone" }),
        rect(3, 1, 0, 1, 1, [0, 0, 255, 255], { texture: "never_loaded", z: -1 }),
      ],
    });
    for (let i = 0; i < 3; i++) {
      sampler.prepare(frame);
      const { pixels } = rasterize(frame, fitView(frame.view, { columns: 2, rows: 2 }), {
        sampler,
      });
      assertEquals([pixels.get(0, 0), pixels.get(1, 0)].map(hex), ["00ff00", "ff0000"]);
    }
    assertEquals(reports, ["Not a PNG file", "File not found"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
