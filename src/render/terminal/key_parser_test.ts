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

Deno.test("KeyParser: arrows in normal and application cursor mode, with modifiers", () => {
  assertEquals(parse("\x1b[A\x1b[B\x1b[C\x1b[D"), "arrow_up arrow_down arrow_right arrow_left");
  assertEquals(parse("\x1bOA\x1bOD"), "arrow_up arrow_left");
  assertEquals(parse("\x1b[1;5C"), "arrow_right");
});

Deno.test("KeyParser: letters (shift folded), digits, space, enter, backspace, tab", () => {
  assertEquals(
    parse("aZ09 \r\n\x7f\x08\t"),
    "a z 0 9 space enter enter backspace backspace tab",
  );
  assertEquals(asciiToken("Z"), { type: "key", key: "z", text: "Z" });
});

Deno.test("KeyParser: punctuation keys and characters without a key name", () => {
  assertEquals(
    parse("`-=[];',./\\!("),
    "backquote minus equal bracket_left bracket_right semicolon quote comma period slash backslash " +
      "text:! text:(",
  );
});

Deno.test("KeyParser: a lone ESC is Escape, ESC ESC is two, ESC + key is Alt+key", () => {
  assertEquals(parse("\x1b"), "escape");
  assertEquals(parse("\x1b\x1b"), "escape escape");
  assertEquals(parse("\x1b\x1b[A"), "escape arrow_up");
  assertEquals(parse("\x1bx"), "x");
});

Deno.test("KeyParser: Ctrl-C is an interrupt, other control keys are dropped", () => {
  assertEquals(parse("\x03"), "interrupt");
  assertEquals(parse("\x01\x1a"), "");
});

Deno.test("KeyParser: editing and function keys", () => {
  assertEquals(
    parse("\x1b[H\x1b[F\x1b[3~\x1b[2~\x1b[5~\x1b[6~\x1b[1~\x1b[4~"),
    "home end delete insert page_up page_down home end",
  );
  assertEquals(parse("\x1bOP\x1b[15~\x1b[24~"), "f1 f5 f12");
});

Deno.test("KeyParser: unknown and private sequences are consumed whole", () => {
  assertEquals(parse("\x1b[?1;2c\x1b[99~\x1b[<0;3;4Ma"), "a");
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
