import { assertEquals } from "@std/assert";
import { InputBuilder } from "../input/input_builder.ts";
import { callbackInput, snapshotInput } from "./input_table.ts";

Deno.test("callback input: each action under digital and at the top level", () => {
  const input = new InputBuilder();
  input.press("space");
  const t = callbackInput(input.endFrame(0)) as Record<string, Record<string, unknown>>;
  const pressed = { pressed: true, just_pressed: true, just_released: false };
  assertEquals(t.digital?.action_1, pressed);
  assertEquals(t.action_1, pressed);
  assertEquals(t.up, { pressed: false, just_pressed: false, just_released: false });
});

Deno.test("snapshot input: held actions and raw keys are both pressed", () => {
  const input = new InputBuilder();
  input.press("space");
  assertEquals(snapshotInput(input.endFrame(0)).pressed, { action_1: true, space: true });
});
