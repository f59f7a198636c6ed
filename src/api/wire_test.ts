import { assertEquals } from "@std/assert";
import { Reader, Writer } from "./wire.ts";

// The hash of the recent-strings cache (length, then h * 31 + byte, low 8 bits).
function hash(s: string): number {
  let h = s.length;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) & 0xff;
  return h;
}

Deno.test("strings read back exactly, also when their cache slots collide", () => {
  // Two different keys of one length that land in the same cache slot.
  const first = "ka";
  let second = "";
  for (let c = 32; c < 127 && second === ""; c++) {
    for (let d = 32; d < 127; d++) {
      const s = String.fromCharCode(c, d);
      if (s !== first && hash(s) === hash(first)) second = s;
      if (second !== "") break;
    }
  }
  const words = [first, second, first, "ünïcode", "", "x".repeat(40), second, first];
  const w = new Writer();
  for (const s of words) w.string(s);
  const r = new Reader(w.finish());
  assertEquals(words.map((_, i) => r.string(`word ${i}`)), words);
});

Deno.test("a reader over a range stops at its end and counts offsets from the buffer start", () => {
  const w = new Writer();
  w.u16(7);
  w.u16(8);
  w.u16(9);
  const r = new Reader(w.finish(), 2, 4);
  assertEquals([r.pos, r.u16("opcode"), r.remaining], [2, 8, 0]);
});
