/**
 * The raw key names the engine understands: what renderers report, what
 * key bindings map and what an input log may press besides action names.
 *
 * Names are lowercase snake_case. Arrow keys are `arrow_up` etc. so that they
 * never collide with the action names `up`/`down`/`left`/`right`; mouse
 * buttons are keys too (`mouse_left`, `mouse_right`, `mouse_middle`) so the
 * input log can press and release them like any other key.
 *
 * @example
 * ```ts
 * import { isKeyName } from "./keys.ts";
 * isKeyName("space"); // true
 * isKeyName("Space"); // false: names are lowercase
 * ```
 *
 * @module
 */

const LETTERS = "abcdefghijklmnopqrstuvwxyz".split("");
const DIGITS = "0123456789".split("");
const FUNCTION_KEYS = Array.from({ length: 12 }, (_, i) => `f${i + 1}`);

/** The mouse buttons, as key names. */
export const MOUSE_BUTTON_KEYS = ["mouse_left", "mouse_right", "mouse_middle"] as const;

/**
 * Every valid key name, sorted.
 *
 * @example
 * ```ts
 * import { KEY_NAMES } from "./keys.ts";
 * KEY_NAMES.includes("arrow_up"); // true
 * ```
 */
export const KEY_NAMES: readonly string[] = Object.freeze(
  [
    ...LETTERS,
    ...DIGITS,
    ...FUNCTION_KEYS,
    ...MOUSE_BUTTON_KEYS,
    "arrow_up",
    "arrow_down",
    "arrow_left",
    "arrow_right",
    "space",
    "enter",
    "escape",
    "backspace",
    "tab",
    "shift",
    "control",
    "alt",
    "insert",
    "delete",
    "home",
    "end",
    "page_up",
    "page_down",
    "minus",
    "equal",
    "comma",
    "period",
    "slash",
    "backslash",
    "semicolon",
    "quote",
    "backquote",
    "bracket_left",
    "bracket_right",
  ].sort(),
);

const KEY_SET: ReadonlySet<string> = new Set(KEY_NAMES);

/**
 * Whether `name` is one of {@linkcode KEY_NAMES}.
 *
 * @example
 * ```ts
 * import { isKeyName } from "./keys.ts";
 * isKeyName("mouse_left"); // true
 * ```
 */
export function isKeyName(name: string): boolean {
  return KEY_SET.has(name);
}
