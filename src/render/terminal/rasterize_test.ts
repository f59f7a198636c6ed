import { assertEquals } from "@std/assert";
import { fitView } from "./layout.ts";
import { rasterize, sortDrawables, toView } from "./rasterize.ts";
import type { Drawable } from "../../core/render_types.ts";
import type { PixelBuffer } from "./pixel_buffer.ts";
import type { TextureSampler } from "./texture_sampler.ts";
import { makeFrame, rect } from "./_test_helpers.ts";

const RED = [255, 0, 0, 255] as const;
const GREEN = [0, 255, 0, 255] as const;
const WHITE = [255, 255, 255, 255] as const;

/** The pixel grid as rows of letters, one per known colour. */
function picture(p: PixelBuffer): string[] {
  const names: Record<number, string> = {
    0: ".",
    0x0000ff: "b",
    0xff0000: "R",
    0x00ff00: "G",
    0xffffff: "W",
  };
  const rows: string[] = [];
  for (let y = 0; y < p.height; y++) {
    let row = "";
    for (let x = 0; x < p.width; x++) row += names[p.get(x, y)] ?? "?";
    rows.push(row);
  }
  return rows;
}

/**
 * The picture of `drawables` through a camera at (`x`, `y`, `zoom`) on a
 * `width` x `height` view, rasterized onto a terminal of `grid` cells: the
 * rows, space-separated.
 */
function drawn(
  [width, height]: [number, number],
  [x, y, zoom]: [number, number, number],
  drawables: Drawable[],
  grid = { columns: 8, rows: 3 },
  options?: Parameters<typeof rasterize>[2],
): string {
  const frame = makeFrame({ view: { width, height }, camera: { x, y, zoom }, drawables });
  return picture(rasterize(frame, fitView(frame.view, grid), options).pixels).join(" ");
}

Deno.test("toView applies the camera: (x - camera.x) * zoom + view.width / 2", () => {
  const frame = { view: { width: 100, height: 60 }, camera: { x: 40, y: 10, zoom: 2 } };
  assertEquals(toView({ x: 45, y: 0, w: 3, h: 4 }, frame), { x: 60, y: 10, w: 6, h: 8 });
  assertEquals(toView({ x: 45, y: 0, w: 3, h: 4, screen: true }, frame), {
    x: 45,
    y: 0,
    w: 3,
    h: 4,
  });
});

Deno.test("rasterize scales the view to the pixel grid, keeping what is thinner than a pixel", () => {
  // A 4x2 view on 8 columns x 2 game rows (8x4 pixels): scale 2.
  const scaledUp = drawn([4, 2], [2, 1, 1], [rect(1, 1, 0, 1, 1, RED)]);
  assertEquals(scaledUp, "bbRRbbbb bbRRbbbb bbbbbbbb bbbbbbbb");
  // A 16x8 view on 8x4 pixels: scale 0.5, a 1x1 ball is half a pixel and still shows.
  const scaledDown = drawn([16, 8], [8, 4, 1], [rect(1, 6.2, 2.2, 1, 1, RED)]);
  assertEquals(scaledDown, "bbbbbbbb bbbRbbbb bbbbbbbb bbbbbbbb");
});

Deno.test("rasterize follows the camera position and zoom", () => {
  const moved = makeFrame({
    view: { width: 4, height: 2 },
    camera: { x: 3, y: 1, zoom: 1 },
    drawables: [rect(1, 1, 0, 1, 1, RED)],
  });
  const layout = fitView(moved.view, { columns: 8, rows: 3 });
  assertEquals(picture(rasterize(moved, layout).pixels)[0], "RRbbbbbb");
  const zoomed = { ...moved, camera: { x: 2, y: 1, zoom: 2 } };
  // view x = (1 - 2) * 2 + 2 = 0, width 2 -> pixels 0..4; y = -1 clipped.
  assertEquals(
    picture(rasterize(zoomed, layout).pixels),
    "RRRRbbbb RRRRbbbb bbbbbbbb bbbbbbbb".split(" "),
  );
});

Deno.test("rasterize pillarboxes with the letterbox colour and clips drawables to the view", () => {
  assertEquals(
    drawn([4, 4], [2, 2, 1], [rect(1, -5, 0, 100, 1, RED)], { columns: 8, rows: 3 }, {
      letterbox: 0xffffff,
    }),
    "WWRRRRWW WWbbbbWW WWbbbbWW WWbbbbWW",
  );
});

Deno.test("rasterize draws screen-space drawables without the camera", () => {
  assertEquals(
    drawn([4, 2], [100, 100, 3], [rect(1, 0, 0, 1, 1, RED, { screen: true })]).split(" ")[0],
    "RRbbbbbb",
  );
});

Deno.test("rasterize: higher z wins, then higher id, whatever the input order", () => {
  const frame = makeFrame({
    view: { width: 2, height: 2 },
    camera: { x: 1, y: 1, zoom: 1 },
    drawables: [
      rect(1, 0, 0, 2, 1, RED, { z: 5 }),
      rect(2, 0, 0, 2, 1, GREEN, { z: 1 }),
      rect(9, 0, 1, 2, 1, GREEN, { z: 0 }),
      rect(3, 0, 1, 2, 1, RED, { z: 0 }),
    ],
  });
  const { pixels } = rasterize(frame, fitView(frame.view, { columns: 2, rows: 2 }));
  assertEquals(picture(pixels), ["RR", "GG"]);
  assertEquals(sortDrawables(frame.drawables).map((d) => d.id), [3, 9, 2, 1]);
});

Deno.test("rasterize skips empty rectangles and blends translucent ones", () => {
  const frame = makeFrame({
    view: { width: 2, height: 2 },
    camera: { x: 1, y: 1, zoom: 1 },
    background: [0, 0, 0, 255],
    drawables: [rect(1, 0, 0, 0, 2, RED), rect(2, 0, 0, 1, 1, [255, 255, 255, 51])],
  });
  const { pixels } = rasterize(frame, fitView(frame.view, { columns: 2, rows: 2 }));
  assertEquals([...pixels.data], [0x333333, 0, 0, 0]);
});

Deno.test("rasterize asks the sampler for sprite pixels, flips applied, colour as fallback", () => {
  const calls: string[] = [];
  const sampler: TextureSampler = {
    sample(key, _frame, u, v) {
      calls.push(`${key} ${u.toFixed(2)} ${v.toFixed(2)}`);
      if (key === "missing") return undefined;
      return u < 0.5 ? RED : WHITE;
    },
  };
  const frame = makeFrame({
    view: { width: 2, height: 2 },
    camera: { x: 1, y: 1, zoom: 1 },
    drawables: [
      rect(1, 0, 0, 2, 1, GREEN, { texture: "ship", flipX: true }),
      rect(2, 0, 1, 2, 1, GREEN, { texture: "missing" }),
    ],
  });
  const { pixels } = rasterize(frame, fitView(frame.view, { columns: 2, rows: 2 }), { sampler });
  assertEquals(picture(pixels), ["WR", "GG"]);
  assertEquals(calls[0], "ship 0.75 0.50");
  // Without a sampler the sprite is its colour block.
  const plain = rasterize(frame, fitView(frame.view, { columns: 2, rows: 2 }));
  assertEquals(picture(plain.pixels), ["GG", "GG"]);
});

Deno.test("rasterize places text at the cell under its top-left corner, in z order", () => {
  // 8x8 view on 8 columns x 4 game rows: scale 1, cell row = pixel y / 2.
  const frame = makeFrame({
    view: { width: 8, height: 8 },
    camera: { x: 4, y: 4, zoom: 1 },
    drawables: [
      rect(2, 2, 5, 0, 0, RED, { z: 1, text: { value: "Hi", size: 8, color: WHITE } }),
      rect(1, 0, 0, 0, 0, RED, { text: { value: "", size: 8, color: WHITE } }),
      rect(3, 1, 1, 4, 4, GREEN, { text: { value: "A", size: 8, color: GREEN } }),
    ],
  });
  const { texts, pixels } = rasterize(frame, fitView(frame.view, { columns: 8, rows: 5 }));
  assertEquals(texts, [
    { column: 1, row: 0, text: "A", color: 0x00ff00 },
    { column: 2, row: 2, text: "Hi", color: 0xffffff },
  ]);
  // Text drawables put no rectangle.
  assertEquals(picture(pixels).every((row) => row === "bbbbbbbb"), true);
});
