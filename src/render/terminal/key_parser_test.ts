import { assertEquals } from "@std/assert";
import { asciiToken, KeyParser, type KeyToken } from "./key_parser.ts";

/** The tokens as key names, `text:<text>` or their type, space-separated. */
function keys(tokens: KeyToken[]): string {
  return tokens.map((t) => t.type === "key" ? t.key : t.type === "text" ? `text:${t.text}` : t.type)
    .join(" ");
}

function parse(input: string): string {
  return keys(new KeyParser().feed(new TextEncoder().encode(input)));
}

// What inputs read as, by what they show: [input, keys].
const READS: Record<string, [string, string][]> = {
  "arrows in normal and application cursor mode, with modifiers": [
    ["\x1b[A\x1b[B\x1b[C\x1b[D", "arrow_up arrow_down arrow_right arrow_left"],
    ["\x1bOA\x1bOD", "arrow_up arrow_left"],
    ["\x1b[1;5C", "arrow_right"],
  ],
  "letters (shift folded), digits, space, enter, backspace, tab": [
    ["aZ09 \r\n\x7f\x08\t", "a z 0 9 space enter enter backspace backspace tab"],
  ],
  "punctuation keys and characters without a key name": [
    [
      "`-=[];',./\\!(",
      "backquote minus equal bracket_left bracket_right semicolon quote comma period slash " +
      "backslash text:! text:(",
    ],
  ],
  "a lone ESC is Escape, ESC ESC is two, ESC + key is Alt+key": [
    ["\x1b", "escape"],
    ["\x1b\x1b", "escape escape"],
    ["\x1b\x1b[A", "escape arrow_up"],
    ["\x1bx", "x"],
  ],
  "Ctrl-C is an interrupt, other control keys are dropped": [
    ["\x03", "interrupt"],
    ["\x01\x1a", ""],
  ],
  "editing and function keys": [
    [
      "\x1b[H\x1b[F\x1b[3~\x1b[2~\x1b[5~\x1b[6~\x1b[1~\x1b[4~",
      "home end delete insert page_up page_down home end",
    ],
    ["\x1bOP\x1b[15~\x1b[24~", "f1 f5 f12"],
  ],
  "unknown and private sequences are consumed whole": [["\x1b[?1;2c\x1b[99~\x1b[<0;3;4Ma", "a"]],
};

for (const [what, cases] of Object.entries(READS)) {
  Deno.test(`KeyParser: ${what}`, () => {
    for (const [input, keys] of cases) assertEquals(parse(input), keys, JSON.stringify(input));
  });
}

Deno.test("asciiToken folds shift into the key and keeps the text", () => {
  assertEquals(asciiToken("Z"), { type: "key", key: "z", text: "Z" });
});

Deno.test("KeyParser: a sequence split across reads is completed by the next one", () => {
  const p = new KeyParser();
  assertEquals(keys(p.feed(new Uint8Array([0x1b, 0x5b, 0x31, 0x3b]))), "");
  assertEquals(keys(p.feed(new Uint8Array([0x35, 0x42, 0x61]))), "arrow_down a");
  assertEquals(keys(p.feed(new Uint8Array([0x1b, 0x4f]))), "");
  assertEquals(keys(p.feed(new Uint8Array([0x43]))), "arrow_right");
});

Deno.test("KeyParser: UTF-8 characters are text, also when split", () => {
  const p = new KeyParser();
  const bytes = new TextEncoder().encode("é€");
  assertEquals(keys(p.feed(bytes.subarray(0, 3))), "text:é");
  assertEquals(keys(p.feed(bytes.subarray(3))), "text:€");
  assertEquals(keys(p.feed(new Uint8Array([0xff, 0x62]))), "b");
});
