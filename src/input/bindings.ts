/**
 * Key bindings: which raw key drives which action.
 *
 * Defaults ({@linkcode DEFAULT_BINDINGS}):
 *
 * | action | keys |
 * | --- | --- |
 * | `up` `down` `left` `right` | arrow keys, `w` `s` `a` `d` |
 * | `action_1` | `space`, `z` |
 * | `action_2` | `x` |
 * | `back` | `escape`, `backspace` |
 * | `special` | `enter` |
 *
 * `enter` is `special` (a "start" button) rather than a second `action_1`
 * so that games can tell confirm/fire from pause/start. `q` is left free
 * because the terminal renderer quits on it.
 *
 * @example
 * ```ts
 * import { DEFAULT_BINDINGS, withBindings } from "./bindings.ts";
 * const b = withBindings(DEFAULT_BINDINGS, { k: "action_1", z: null });
 * b.get("k"); // "action_1"
 * b.has("z"); // false
 * ```
 *
 * @module
 */

import { type Action, isAction } from "./actions.ts";
import { isKeyName } from "./keys.ts";
import { MoonglowError } from "../core/errors.ts";

/**
 * Key name -> action. One action per key; several keys may share an action.
 *
 * @example
 * ```ts
 * import type { KeyBindings } from "./bindings.ts";
 * const b: KeyBindings = new Map([["k", "action_1"]]);
 * ```
 */
export type KeyBindings = ReadonlyMap<string, Action>;

/**
 * Thrown when a binding names an unknown key or action.
 *
 * @example
 * ```ts
 * import { DEFAULT_BINDINGS, KeyBindingError, withBindings } from "./bindings.ts";
 * try {
 *   withBindings(DEFAULT_BINDINGS, { k: "jump" });
 * } catch (e) {
 *   e instanceof KeyBindingError; // true
 * }
 * ```
 */
export class KeyBindingError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "KEY_BINDING";
  /**
   * Create the error.
   *
   * @param message What is wrong with the binding.
   */
  constructor(message: string) {
    super(message);
  }
}

/**
 * The default bindings (see the module docs).
 *
 * @example
 * ```ts
 * import { DEFAULT_BINDINGS } from "./bindings.ts";
 * DEFAULT_BINDINGS.get("arrow_up"); // "up"
 * ```
 */
export const DEFAULT_BINDINGS: KeyBindings = new Map<string, Action>([
  ["arrow_up", "up"],
  ["w", "up"],
  ["arrow_down", "down"],
  ["s", "down"],
  ["arrow_left", "left"],
  ["a", "left"],
  ["arrow_right", "right"],
  ["d", "right"],
  ["space", "action_1"],
  ["z", "action_1"],
  ["x", "action_2"],
  ["escape", "back"],
  ["backspace", "back"],
  ["enter", "special"],
]);

/**
 * A copy of `base` with `overrides` applied: a key mapped to an action binds
 * it, a key mapped to `null` unbinds it. Unknown keys or actions throw
 * {@linkcode KeyBindingError}.
 *
 * @example
 * ```ts
 * import { DEFAULT_BINDINGS, withBindings } from "./bindings.ts";
 * withBindings(DEFAULT_BINDINGS, { enter: "action_1" }).get("enter"); // "action_1"
 * ```
 */
export function withBindings(
  base: KeyBindings,
  overrides: Readonly<Record<string, string | null>>,
): KeyBindings {
  const out = new Map(base);
  for (const [key, action] of Object.entries(overrides)) {
    if (!isKeyName(key)) throw new KeyBindingError(`Unknown key "${key}" in key bindings`);
    if (action === null) {
      out.delete(key);
    } else if (isAction(action)) {
      out.set(key, action);
    } else {
      throw new KeyBindingError(`Unknown action "${action}" bound to key "${key}"`);
    }
  }
  return out;
}
