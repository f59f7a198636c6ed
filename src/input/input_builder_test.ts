import { assertEquals, assertThrows } from "@std/assert";
import { DEFAULT_BINDINGS, withBindings } from "./bindings.ts";
import { InputBuilder } from "./input_builder.ts";

const state = (pressed: boolean, just_pressed: boolean, just_released: boolean) => ({
  pressed,
  just_pressed,
  just_released,
});

Deno.test("just_pressed is true only on the frame of the press", () => {
  const input = new InputBuilder();
  assertEquals(input.endFrame(0).actions.action_1, state(false, false, false));
  input.press("space");
  assertEquals(input.endFrame(1).actions.action_1, state(true, true, false));
  assertEquals(input.endFrame(2).actions.action_1, state(true, false, false));
  input.release("space");
  assertEquals(input.endFrame(3).actions.action_1, state(false, false, true));
  assertEquals(input.endFrame(4).actions.action_1, state(false, false, false));
});

Deno.test("a tap inside one frame is seen as pressed and released", () => {
  const input = new InputBuilder();
  input.press("x");
  input.release("x");
  assertEquals(input.endFrame(0).actions.action_2, state(false, true, true));
});

Deno.test("two keys bound to one action act as one button", () => {
  const input = new InputBuilder();
  input.press("arrow_up");
  input.endFrame(0);
  input.press("w");
  assertEquals(input.endFrame(1).actions.up, state(true, false, false));
  input.release("arrow_up");
  assertEquals(input.endFrame(2).actions.up, state(true, false, false));
  input.release("w");
  assertEquals(input.endFrame(3).actions.up, state(false, false, true));
});

Deno.test("actions can be pressed directly and key repeat is ignored", () => {
  const input = new InputBuilder();
  input.press("back");
  input.press("back");
  const snap = input.endFrame(0);
  assertEquals(snap.actions.back, state(true, true, false));
  assertEquals(snap.keys, []);
  input.press("escape"); // already down through the action itself
  assertEquals(input.endFrame(1).actions.back, state(true, false, false));
});

Deno.test("raw keys, mouse position and buttons are reported", () => {
  const input = new InputBuilder();
  input.press("q");
  input.press("mouse_left");
  input.press("a");
  input.apply({ type: "mouse", x: 12.5, y: -3 });
  input.apply({ type: "console", line: "list" });
  const snap = input.endFrame(5);
  assertEquals(snap.frame, 5);
  assertEquals(snap.keys, ["a", "mouse_left", "q"]);
  assertEquals(snap.mouse, {
    x: 12.5,
    y: -3,
    buttons: { left: true, right: false, middle: false },
  });
  assertEquals(snap.actions.left.pressed, true);
});

Deno.test("custom bindings are honoured", () => {
  const input = new InputBuilder(withBindings(DEFAULT_BINDINGS, { k: "special", enter: null }));
  input.press("enter");
  input.press("k");
  assertEquals(input.endFrame(0).actions.special, state(true, true, false));
  input.release("k");
  assertEquals(input.endFrame(1).actions.special, state(false, false, true));
});

Deno.test("unknown names are a RangeError", () => {
  assertThrows(() => new InputBuilder().press("jump"), RangeError, 'Unknown input name "jump"');
});
