import { assertEquals } from "@std/assert";
import { KeyboardInput } from "./keyboard.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("KeyboardInput: press now, release synthesized when repeats stop", () => {
  const kb = new KeyboardInput({ hold: { firstRepeatMs: 500, repeatGapMs: 100 } });
  kb.feed(bytes("\x1b[A"), 0);
  assertEquals(kb.poll(10), [{ type: "press", key: "arrow_up" }]);
  kb.feed(bytes("\x1b[A"), 480); // first OS repeat
  kb.feed(bytes("\x1b[A"), 520);
  assertEquals(kb.poll(610), []);
  assertEquals(kb.poll(620), [{ type: "release", key: "arrow_up" }]);
  assertEquals(kb.poll(5000), []);
});

Deno.test("KeyboardInput: a lapsed key pressed again gives release then press, in order", () => {
  const kb = new KeyboardInput({ hold: { firstRepeatMs: 100, repeatGapMs: 50 } });
  kb.feed(bytes("a"), 0);
  kb.feed(bytes("a"), 300);
  assertEquals(kb.poll(300), [
    { type: "press", key: "a" },
    { type: "release", key: "a" },
    { type: "press", key: "a" },
  ]);
});

Deno.test("KeyboardInput: q quits (exit 0), Ctrl-C quits with 130, also inside the console", () => {
  const kb = new KeyboardInput();
  kb.feed(bytes("q"), 0);
  kb.feed(bytes("Q"), 0);
  assertEquals(kb.poll(0), [{ type: "quit" }, { type: "quit" }]);
  kb.feed(bytes("\x03"), 0);
  assertEquals(kb.poll(0), [{ type: "quit", exitCode: 130 }]);
  kb.feed(bytes("`q\x03"), 0);
  assertEquals(kb.poll(0), [{ type: "quit", exitCode: 130 }]);
  assertEquals(kb.promptText, "q");
});

Deno.test("KeyboardInput: backtick opens the console, releasing held keys", () => {
  const kb = new KeyboardInput();
  kb.feed(bytes("d"), 0);
  kb.feed(bytes("`"), 10);
  assertEquals(kb.poll(10), [{ type: "press", key: "d" }, { type: "release", key: "d" }]);
  assertEquals(kb.consoleOpen, true);
});

Deno.test("KeyboardInput: typing goes to the prompt, Enter emits the line, Escape closes", () => {
  const kb = new KeyboardInput();
  kb.feed(bytes("`set r_fov 9x"), 0);
  kb.feed(bytes("\x7f"), 0);
  kb.feed(bytes("0\x1b[D\x1b[D!"), 0);
  assertEquals([kb.promptText, kb.promptCaret], ["set r_fov !90", 11]);
  kb.feed(bytes("\x1b[3~\x1b[F\r"), 0);
  assertEquals(kb.poll(0), [{ type: "console", line: "set r_fov !0" }]);
  assertEquals([kb.consoleOpen, kb.promptText], [true, ""]);
  kb.feed(bytes("\r"), 0); // blank line: nothing
  kb.feed(bytes("abc\x1b"), 0);
  assertEquals([kb.consoleOpen, kb.promptText], [false, ""]);
  assertEquals(kb.poll(0), []);
  kb.feed(bytes("a"), 0); // back to the game
  assertEquals(kb.poll(0), [{ type: "press", key: "a" }]);
});

Deno.test("KeyboardInput: text without a key name is ignored by the game", () => {
  const kb = new KeyboardInput();
  kb.feed(bytes("!é"), 0);
  assertEquals(kb.poll(0), []);
});
