import { assertEquals } from "@std/assert";
import {
  errorHeadline,
  errorWhere,
  gameErrorText,
  isGameSource,
  literalWhere,
} from "./error_text.ts";

// As the VM reports an error in a per-frame callback (one helper deep).
const CALLBACK_ERROR = [
  "main.lua:2: attempt to index a nil value (field 'nothing')",
  "stack traceback:",
  "\tmain.lua:2: in upvalue 'helper'",
  "\tmain.lua:6: in function <main.lua:5>",
  "\t[C]: in upvalue 'pcall_cb'",
  "\t=moonglow_runtime:553: in upvalue 'protected'",
  "\t=moonglow_runtime:685: in upvalue 'run_others'",
  "\t=moonglow_runtime:765: in function <=moonglow_runtime:724>",
].join("\n");

Deno.test("the traceback keeps only the game's own frames", () => {
  assertEquals(
    gameErrorText(CALLBACK_ERROR),
    [
      "main.lua:2: attempt to index a nil value (field 'nothing')",
      "stack traceback:",
      "\tmain.lua:2: in upvalue 'helper'",
      "\tmain.lua:6: in function <main.lua:5>",
    ].join("\n"),
  );
});

Deno.test("frames of required files stay; sandbox, C, text chunks and tail calls go", () => {
  const text = [
    "lib/enemy.lua:4: boom",
    "stack traceback:",
    "\t[C]: in function 'error'",
    "\tlib/enemy.lua:4: in field 'hit'",
    "\t(...tail calls...)",
    '\t[string "return hit()"]:1: in main chunk',
    "\t[moonglow sandbox]:160: in function 'require'",
    "\tmain.lua:9: in function <main.lua:8>",
  ].join("\n");
  assertEquals(
    gameErrorText(text),
    "lib/enemy.lua:4: boom\nstack traceback:\n\tlib/enemy.lua:4: in field 'hit'\n\tmain.lua:9: in function <main.lua:8>",
  );
});

Deno.test("a message without a game position gets the innermost game frame's", () => {
  const text = [
    "(error object is a table value)",
    "stack traceback:",
    "\t[C]: in global 'error'",
    "\tmain.lua:14: in function <main.lua:13>",
    "\t=moonglow_runtime:553: in upvalue 'protected'",
  ].join("\n");
  assertEquals(
    gameErrorText(text),
    "main.lua:14: (error object is a table value)\nstack traceback:\n\tmain.lua:14: in function <main.lua:13>",
  );
});

Deno.test("an engine chunk's position in the message is replaced by the game's", () => {
  const text = "=moonglow_runtime:3358: bad thing\nstack traceback:\n\tmain.lua:7: in main chunk";
  assertEquals(
    gameErrorText(text),
    "main.lua:7: bad thing\nstack traceback:\n\tmain.lua:7: in main chunk",
  );
  // No game frame at all: the engine position still goes, the traceback too.
  assertEquals(gameErrorText("=moonglow_runtime:12: lost\nstack traceback:\n\t[C]: in ?"), "lost");
});

Deno.test("text without a traceback is kept as it is", () => {
  assertEquals(
    gameErrorText("main.lua:1: unexpected symbol near '='"),
    "main.lua:1: unexpected symbol near '='",
  );
  assertEquals(gameErrorText("lost: gone"), "lost: gone");
});

Deno.test("isGameSource, errorWhere and errorHeadline", () => {
  assertEquals(
    [
      "main.lua",
      "lib/a.lua",
      "console",
      "=moonglow_runtime",
      "[C]",
      '[string "x"]',
      "(...tail calls...)",
      "",
    ]
      .map(isGameSource),
    [true, true, true, false, false, false, false, false],
  );
  assertEquals(errorWhere("lib/a.lua:40: boom"), "lib/a.lua:40");
  assertEquals(errorWhere("[moonglow sandbox]:3: boom"), undefined);
  assertEquals(errorWhere("boom"), undefined);
  assertEquals(
    errorHeadline(CALLBACK_ERROR),
    "main.lua:2: attempt to index a nil value (field 'nothing')",
  );
});

Deno.test("literalWhere finds the line that writes a path, main.lua first", () => {
  const files = new Map([
    ["a.lua", 'engine.load_sound("x", "s.wav")\n'],
    ["main.lua", "-- s.wav is loaded below\nlocal p = 's.wav'\n"],
    ["notes.txt", '"s.wav"'],
  ]);
  assertEquals(literalWhere(files, "s.wav"), "main.lua:2");
  assertEquals(literalWhere(new Map([["a.lua", 'x("s.wav")']]), "s.wav"), "a.lua:1");
  assertEquals(literalWhere(files, "other.wav"), undefined);
});
