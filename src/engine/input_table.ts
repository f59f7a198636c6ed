/**
 * The Lua views of an input snapshot: the `input` argument of callbacks
 * (`input.digital.<action>.pressed`, `input.mouse.x`) and the snapshot part
 * read by the `input` module (`input.isKeyPressed`).
 *
 * @module
 */
import { ACTIONS, type InputSnapshot } from "../input/actions.ts";
import type { LuaRecord } from "../lua/tagged_value.ts";

/**
 * The `input` table passed to scene, phase and timer callbacks: each action
 * under `digital` and, the same again, at the top level.
 *
 * @example
 * ```ts
 * import { InputBuilder } from "../input/input_builder.ts";
 * import { callbackInput } from "./input_table.ts";
 * const input = new InputBuilder();
 * input.press("up");
 * const t = callbackInput(input.endFrame(0)); // t.digital.up.pressed === true
 * ```
 */
export function callbackInput(input: InputSnapshot): LuaRecord {
  const digital: LuaRecord = {};
  for (const a of ACTIONS) {
    const s = input.actions[a];
    digital[a] = {
      pressed: s.pressed,
      just_pressed: s.just_pressed,
      just_released: s.just_released,
    };
  }
  const { x, y, buttons } = input.mouse;
  return {
    digital,
    // Games name the actions, not the nesting: `input.up.pressed` reads the
    // same as `input.digital.up.pressed`.
    ...digital,
    analog: {},
    mouse: { x, y, left: buttons.left, right: buttons.right, middle: buttons.middle },
  };
}

/**
 * The snapshot's `input` part: held actions and raw keys in `pressed`, and
 * the mouse position.
 *
 * @example
 * ```ts
 * import { InputBuilder } from "../input/input_builder.ts";
 * import { snapshotInput } from "./input_table.ts";
 * const input = new InputBuilder();
 * input.press("left");
 * const s = snapshotInput(input.endFrame(0)); // s.pressed.left === true
 * ```
 */
export function snapshotInput(input: InputSnapshot): LuaRecord {
  const pressed: LuaRecord = {};
  for (const a of ACTIONS) if (input.actions[a].pressed) pressed[a] = true;
  for (const k of input.keys) pressed[k] = true;
  return { pressed, mouse: { x: input.mouse.x, y: input.mouse.y } };
}
