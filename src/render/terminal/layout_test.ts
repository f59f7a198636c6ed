import { assertEquals } from "@std/assert";
import { fitView } from "./layout.ts";

Deno.test("fitView leaves the last row for the status line and doubles rows into pixels", () => {
  const l = fitView({ width: 2, height: 4 }, { columns: 2, rows: 3 });
  assertEquals([l.gameRows, l.pixelWidth, l.pixelHeight, l.scale], [2, 2, 4, 1]);
  assertEquals([l.viewportX, l.viewportY, l.viewportWidth, l.viewportHeight], [0, 0, 2, 4]);
});

Deno.test("fitView keeps the aspect ratio: pillarbox when the terminal is wide", () => {
  const l = fitView({ width: 4, height: 4 }, { columns: 8, rows: 3 });
  assertEquals([l.scale, l.viewportX, l.viewportY, l.viewportWidth, l.viewportHeight], [
    1,
    2,
    0,
    4,
    4,
  ]);
});

Deno.test("fitView keeps the aspect ratio: letterbox when the terminal is tall", () => {
  const l = fitView({ width: 320, height: 240 }, { columns: 80, rows: 41 });
  assertEquals(l.scale, 0.25);
  assertEquals([l.viewportX, l.viewportY, l.viewportWidth, l.viewportHeight], [0, 10, 80, 60]);
});

Deno.test("fitView of a degenerate view or terminal is empty, never NaN", () => {
  const a = fitView({ width: 0, height: 10 }, { columns: 80, rows: 24 });
  assertEquals([a.scale, a.viewportWidth, a.viewportHeight], [0, 0, 0]);
  const b = fitView({ width: 10, height: 10 }, { columns: 10, rows: 1 });
  assertEquals([b.gameRows, b.pixelHeight, b.viewportWidth, b.viewportHeight], [0, 0, 0, 0]);
});
