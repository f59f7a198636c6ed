import { assertEquals } from "@std/assert";
import { CellBuffer, HALF_BLOCK } from "./cell_buffer.ts";
import { PixelBuffer } from "./pixel_buffer.ts";

function glyphs(cells: CellBuffer, row: number): string {
  const start = row * cells.columns;
  return String.fromCodePoint(...cells.glyph.subarray(start, start + cells.columns));
}

Deno.test("drawPixels pairs pixel rows: fg = upper pixel, bg = lower pixel", () => {
  const p = new PixelBuffer(2, 4);
  p.data.set([1, 2, 3, 4, 5, 6, 7, 8]);
  const cells = new CellBuffer(2, 3);
  cells.drawPixels(p, 2);
  assertEquals([...cells.glyph], [HALF_BLOCK, HALF_BLOCK, HALF_BLOCK, HALF_BLOCK, 0x20, 0x20]);
  assertEquals([...cells.fg.subarray(0, 4)], [1, 2, 5, 6]);
  assertEquals([...cells.bg.subarray(0, 4)], [3, 4, 7, 8]);
});

Deno.test("putText overrides half blocks, with the pixels' average as background", () => {
  const p = new PixelBuffer(3, 2);
  p.data.set([0xff0000, 0xff0000, 0xff0000, 0x0000ff, 0x0000ff, 0x0000ff]);
  const cells = new CellBuffer(3, 2);
  cells.drawPixels(p, 1);
  cells.putText(1, 0, "ok!", 0xffffff, 1);
  assertEquals(glyphs(cells, 0), "\u2580ok");
  assertEquals([cells.fg[1], cells.bg[1]], [0xffffff, 0x7f007f]);
  assertEquals([cells.fg[0], cells.bg[0]], [0xff0000, 0x0000ff]);
});

Deno.test("putText clips to the row limit, wraps on newline and blanks control characters", () => {
  const cells = new CellBuffer(4, 3);
  cells.putText(1, 0, "a\x1b[2Jb\ncd\nef", 0xffffff, 2);
  assertEquals(glyphs(cells, 0), " a [");
  assertEquals(glyphs(cells, 1), " cd ");
  assertEquals(glyphs(cells, 2), "    ");
});

Deno.test("putLine pads and truncates a whole row", () => {
  const cells = new CellBuffer(5, 2);
  cells.putLine(1, "ab", 0x111111, 0x222222);
  assertEquals(glyphs(cells, 1), "ab   ");
  assertEquals([...cells.bg.subarray(5)], [0x222222, 0x222222, 0x222222, 0x222222, 0x222222]);
  cells.putLine(0, "abcdefgh", 0, 0);
  assertEquals(glyphs(cells, 0), "abcde");
  cells.putLine(7, "ignored", 0, 0);
});
