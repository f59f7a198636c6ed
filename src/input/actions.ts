/**
 * The game-facing input vocabulary: the eight actions and the
 * per-frame {@linkcode InputSnapshot} that callbacks receive.
 *
 * @example
 * ```ts
 * import { ACTIONS, isAction } from "./actions.ts";
 * ACTIONS.length; // 8
 * isAction("action_1"); // true
 * ```
 *
 * @module
 */

/**
 * The action names, in a fixed order.
 *
 * @example
 * ```ts
 * import { ACTIONS } from "./actions.ts";
 * ACTIONS[0]; // "up"
 * ```
 */
export const ACTIONS = [
  "up",
  "down",
  "left",
  "right",
  "action_1",
  "action_2",
  "back",
  "special",
] as const;

/**
 * One of {@linkcode ACTIONS}.
 *
 * @example
 * ```ts
 * import type { Action } from "./actions.ts";
 * const fire: Action = "action_1";
 * ```
 */
export type Action = typeof ACTIONS[number];

const ACTION_SET: ReadonlySet<string> = new Set(ACTIONS);

/**
 * Whether `name` is an action name.
 *
 * @example
 * ```ts
 * import { isAction } from "./actions.ts";
 * isAction("jump"); // false
 * ```
 */
export function isAction(name: string): name is Action {
  return ACTION_SET.has(name);
}

/**
 * The state of one action during one frame.
 *
 * A press and a release inside the same frame (a tap shorter than a frame)
 * gives `just_pressed` and `just_released` both true with `pressed` false, so
 * short taps are never lost.
 */
export interface ActionState {
  /** Held at the end of the frame. */
  readonly pressed: boolean;
  /** Went from up to down during this frame. */
  readonly just_pressed: boolean;
  /** Went from down to up during this frame. */
  readonly just_released: boolean;
}

/** Mouse buttons held at the end of the frame. */
export interface MouseButtons {
  /** Left button. */
  readonly left: boolean;
  /** Right button. */
  readonly right: boolean;
  /** Middle button. */
  readonly middle: boolean;
}

/** Mouse position (world pixels, as reported by the renderer) and buttons. */
export interface MouseState {
  /** Horizontal position. */
  readonly x: number;
  /** Vertical position. */
  readonly y: number;
  /** Buttons held. */
  readonly buttons: MouseButtons;
}

/**
 * Everything a callback may know about input on one frame.
 *
 * @example
 * ```ts
 * import type { InputSnapshot } from "./actions.ts";
 * function jumping(input: InputSnapshot): boolean {
 *   return input.actions.action_1.just_pressed;
 * }
 * ```
 */
export interface InputSnapshot {
  /** The simulated frame this snapshot belongs to. */
  readonly frame: number;
  /** Every action, always present. */
  readonly actions: Readonly<Record<Action, ActionState>>;
  /** Mouse position and buttons. */
  readonly mouse: MouseState;
  /** Raw key names held at the end of the frame, sorted (for `input.isKeyPressed`). */
  readonly keys: readonly string[];
}
