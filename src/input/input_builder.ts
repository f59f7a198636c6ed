/**
 * Turns a frame's press/release/mouse events into an {@linkcode InputSnapshot}.
 *
 * @example
 * ```ts
 * import { InputBuilder } from "./input_builder.ts";
 * const input = new InputBuilder();
 * input.press("space");
 * input.endFrame(0).actions.action_1.just_pressed; // true
 * input.endFrame(1).actions.action_1.just_pressed; // false, still pressed
 * ```
 *
 * @module
 */

import { type Action, ACTIONS, type ActionState, type InputSnapshot, isAction } from "./actions.ts";
import { DEFAULT_BINDINGS, type KeyBindings } from "./bindings.ts";
import type { InputEvent } from "./events.ts";
import { isKeyName } from "./keys.ts";

/**
 * Accumulates the events of the current frame; {@linkcode InputBuilder.endFrame}
 * returns that frame's snapshot and starts the next one. Repeated presses of a
 * held name (key repeat) and releases of a name that is not held are ignored.
 *
 * @example
 * ```ts
 * import { InputBuilder } from "./input_builder.ts";
 * const input = new InputBuilder();
 * input.apply({ type: "press", name: "left" });
 * input.apply({ type: "mouse", x: 10, y: 20 });
 * const snap = input.endFrame(0);
 * // snap.actions.left.pressed === true, snap.mouse.x === 10
 * ```
 */
export class InputBuilder {
  #bindings: KeyBindings;
  #keys = new Set<string>();
  #direct = new Set<Action>();
  #mouse = { x: 0, y: 0 };
  #wentDown = new Set<Action>();
  #wentUp = new Set<Action>();

  /**
   * Create a builder with no input held.
   *
   * @param bindings Key -> action map; defaults to {@linkcode DEFAULT_BINDINGS}.
   */
  constructor(bindings: KeyBindings = DEFAULT_BINDINGS) {
    this.#bindings = bindings;
  }

  /**
   * Apply one event. `console` events are not input state and are ignored.
   *
   * @example
   * ```ts
   * import { InputBuilder } from "./input_builder.ts";
   * new InputBuilder().apply({ type: "release", name: "x" }); // no-op: not held
   * ```
   */
  apply(event: InputEvent): void {
    switch (event.type) {
      case "press":
        this.press(event.name);
        break;
      case "release":
        this.release(event.name);
        break;
      case "mouse":
        this.moveMouse(event.x, event.y);
        break;
      case "console":
        break;
    }
  }

  /**
   * Press an action or key. Throws `RangeError` for an unknown name.
   *
   * @example
   * ```ts
   * import { InputBuilder } from "./input_builder.ts";
   * const input = new InputBuilder();
   * input.press("w");
   * input.endFrame(0).keys; // ["w"]
   * ```
   */
  press(name: string): void {
    this.#change(name, true);
  }

  /**
   * Release an action or key. Throws `RangeError` for an unknown name.
   *
   * @example
   * ```ts
   * import { InputBuilder } from "./input_builder.ts";
   * const input = new InputBuilder();
   * input.press("up");
   * input.release("up");
   * input.endFrame(0).actions.up.just_released; // true
   * ```
   */
  release(name: string): void {
    this.#change(name, false);
  }

  /**
   * Set the mouse position.
   *
   * @example
   * ```ts
   * import { InputBuilder } from "./input_builder.ts";
   * const input = new InputBuilder();
   * input.moveMouse(3, 4);
   * input.endFrame(0).mouse.y; // 4
   * ```
   */
  moveMouse(x: number, y: number): void {
    this.#mouse = { x, y };
  }

  /**
   * The snapshot of the frame that just ended; per-frame flags then reset.
   *
   * @example
   * ```ts
   * import { InputBuilder } from "./input_builder.ts";
   * new InputBuilder().endFrame(7).frame; // 7
   * ```
   */
  endFrame(frame: number): InputSnapshot {
    const actions = {} as Record<Action, ActionState>;
    for (const action of ACTIONS) {
      actions[action] = {
        pressed: this.#isDown(action),
        just_pressed: this.#wentDown.has(action),
        just_released: this.#wentUp.has(action),
      };
    }
    this.#wentDown.clear();
    this.#wentUp.clear();
    return {
      frame,
      actions,
      mouse: {
        x: this.#mouse.x,
        y: this.#mouse.y,
        buttons: {
          left: this.#keys.has("mouse_left"),
          right: this.#keys.has("mouse_right"),
          middle: this.#keys.has("mouse_middle"),
        },
      },
      keys: [...this.#keys].sort(),
    };
  }

  #isDown(action: Action): boolean {
    if (this.#direct.has(action)) return true;
    for (const key of this.#keys) {
      if (this.#bindings.get(key) === action) return true;
    }
    return false;
  }

  // Transitions are tracked per action (not per key) so that two keys bound to
  // the same action behave as one button.
  #change(name: string, down: boolean): void {
    let action: Action | undefined;
    let set: Set<string>;
    if (isAction(name)) {
      action = name;
      set = this.#direct;
    } else if (isKeyName(name)) {
      action = this.#bindings.get(name);
      set = this.#keys;
    } else {
      throw new RangeError(`Unknown input name "${name}"`);
    }
    const before = action !== undefined && this.#isDown(action);
    if (down) set.add(name);
    else set.delete(name);
    if (action === undefined) return;
    const after = this.#isDown(action);
    if (!before && after) this.#wentDown.add(action);
    if (before && !after) this.#wentUp.add(action);
  }
}
