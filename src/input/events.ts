/**
 * Input events: what a renderer (live) or an input log (replay) feeds into
 * the {@linkcode InputBuilder} during a frame, in order.
 *
 * A press/release name is either an action name (pressing the action
 * directly, whatever the bindings) or a raw key name (which drives the action
 * it is bound to, and shows in the raw key set).
 *
 * @example
 * ```ts
 * import { isInputName, type InputEvent } from "./events.ts";
 * const e: InputEvent = { type: "press", name: "space" };
 * isInputName(e.name); // true
 * ```
 *
 * @module
 */

import { isAction } from "./actions.ts";
import { isKeyName } from "./keys.ts";

/**
 * One input event. `console` carries a console line due this frame.
 *
 * @example
 * ```ts
 * import type { InputEvent } from "./events.ts";
 * const events: InputEvent[] = [{ type: "press", name: "space" }, { type: "mouse", x: 10, y: 20 }];
 * ```
 */
export type InputEvent =
  | { readonly type: "press"; readonly name: string }
  | { readonly type: "release"; readonly name: string }
  | { readonly type: "mouse"; readonly x: number; readonly y: number }
  | { readonly type: "console"; readonly line: string };

/**
 * Whether `name` may be pressed or released: an action name or a key name.
 *
 * @example
 * ```ts
 * import { isInputName } from "./events.ts";
 * isInputName("up"); // true (action)
 * isInputName("arrow_up"); // true (key)
 * isInputName("jump"); // false
 * ```
 */
export function isInputName(name: string): boolean {
  return isAction(name) || isKeyName(name);
}
