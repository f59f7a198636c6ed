import { assertEquals } from "@std/assert";
import { blendRgb, packRgb, PixelBuffer } from "./pixel_buffer.ts";

Deno.test("packRgb packs, rounds and clamps channels", () => {
  assertEquals(packRgb([255, 128, 0, 255]), 0xff8000);
  assertEquals(packRgb([300, -5, 1.6, 0]), 0xff0002);
});

Deno.test("fillRect clips to the buffer and replaces at full alpha", () => {
  const p = new PixelBuffer(3, 2);
  p.fillRect(2, -1, 5, 2, 0xabcdef, 255);
  assertEquals([...p.data], [0, 0, 0xabcdef, 0, 0, 0]);
});

Deno.test("fillRect blends partial alpha and skips zero alpha", () => {
  const p = new PixelBuffer(1, 1);
  p.fill(0x000000);
  p.fillRect(0, 0, 1, 1, 0xffffff, 0);
  assertEquals(p.get(0, 0), 0);
  p.fillRect(0, 0, 1, 1, 0xff0000, 128);
  assertEquals(p.get(0, 0), 0x800000);
  assertEquals(blendRgb(0x00ff00, 0x0000ff, 0.25), 0x0040bf);
});

Deno.test("get outside the buffer is 0 and blend outside is ignored", () => {
  const p = new PixelBuffer(1, 1);
  p.blend(4, 0, 0xffffff, 255);
  assertEquals(p.get(-1, 0), 0);
  assertEquals([...p.data], [0]);
});
