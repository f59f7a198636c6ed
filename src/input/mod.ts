/**
 * Input: the eight actions, key bindings, per-frame snapshots,
 * and input logs for replay (`--input`) and recording (`--record`).
 *
 * @example
 * ```ts
 * import { InputBuilder } from "./mod.ts";
 * const input = new InputBuilder();
 * input.press("space");
 * const snap = input.endFrame(0);
 * snap.actions.action_1.just_pressed; // true
 * ```
 *
 * @module
 */
export {
  type Action as InputAction,
  ACTIONS,
  type ActionState,
  type InputSnapshot,
  isAction,
  type MouseButtons,
  type MouseState,
} from "./actions.ts";
export { DEFAULT_BINDINGS, KeyBindingError, type KeyBindings, withBindings } from "./bindings.ts";
export { type InputEvent, isInputName } from "./events.ts";
export { InputBuilder } from "./input_builder.ts";
export * from "./input_log.ts";
export { InputRecorder } from "./input_recorder.ts";
export { entryEvents, InputReplayer } from "./input_replayer.ts";
export { isKeyName, KEY_NAMES, MOUSE_BUTTON_KEYS } from "./keys.ts";
