// DOM KeyboardEvent.code and mouse buttons -> the engine's key names (src/input/keys.ts).
// Plain ES module with no DOM use, so Deno tests can import it.

const SPECIAL = {
  NumpadEnter: "enter",
  ShiftLeft: "shift",
  ShiftRight: "shift",
  ControlLeft: "control",
  ControlRight: "control",
  AltLeft: "alt",
  AltRight: "alt",
};

/** The engine key name of a `KeyboardEvent.code`, or undefined for keys the engine has no name for. */
export function keyName(code) {
  if (typeof code !== "string") return undefined;
  if (code in SPECIAL) return SPECIAL[code];
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return m[1].toLowerCase();
  m = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (m) return m[1];
  // ArrowUp -> arrow_up, PageDown -> page_down, BracketLeft -> bracket_left, F5 -> f5.
  return code.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The engine key name of a `MouseEvent.button`. */
export function mouseButtonName(button) {
  return ["mouse_left", "mouse_middle", "mouse_right"][button];
}
