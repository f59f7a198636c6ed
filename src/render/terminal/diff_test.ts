import { assertEquals } from "@std/assert";
import { CellBuffer } from "./cell_buffer.ts";
import { encodeDiff } from "./diff.ts";

function screen(lines: string[]): CellBuffer {
  const cells = new CellBuffer(lines[0]?.length ?? 0, lines.length);
  lines.forEach((line, r) => cells.putLine(r, line, 0xffffff, 0x000000));
  return cells;
}

Deno.test("encodeDiff with no previous screen clears and writes every cell", () => {
  assertEquals(
    encodeDiff(undefined, screen(["ab", "cd"])),
    "\x1b[0m\x1b[2J\x1b[1;1H\x1b[38;2;255;255;255;48;2;0;0;0mab\x1b[2;1Hcd",
  );
});

Deno.test("encodeDiff of identical screens is empty", () => {
  assertEquals(encodeDiff(screen(["abc", "def"]), screen(["abc", "def"])), "");
});

Deno.test("encodeDiff writes only changed runs, one cursor move per run", () => {
  assertEquals(
    encodeDiff(screen(["abcdef"]), screen(["aXYdeZ"])),
    "\x1b[1;2H\x1b[38;2;255;255;255;48;2;0;0;0mXY\x1b[1;6HZ",
  );
});

Deno.test("encodeDiff sets only the colour that changed", () => {
  const prev = screen(["ab"]);
  const next = screen(["ab"]);
  next.fg[0] = 0xff0000;
  next.fg[1] = 0xff0000;
  next.bg[1] = 0x00ff00;
  assertEquals(
    encodeDiff(prev, next),
    "\x1b[1;1H\x1b[38;2;255;0;0;48;2;0;0;0ma\x1b[48;2;0;255;0mb",
  );
});

Deno.test("encodeDiff redraws everything when the size changed", () => {
  const out = encodeDiff(screen(["ab"]), screen(["abc"]));
  assertEquals(out, "\x1b[0m\x1b[2J\x1b[1;1H\x1b[38;2;255;255;255;48;2;0;0;0mabc");
});
