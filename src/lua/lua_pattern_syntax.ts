/**
 * What the words of a Lua pattern mean, for the matcher in `lua_pattern.ts`: its special
 * characters, the character classes (`%a`, `%d`, `%s`, ... as the C library's `isalpha`,
 * `isdigit`, `isspace`, ... give them in the "C" locale), sets (`[^%d_]`), the capture markers
 * and the error a malformed pattern raises.
 *
 * @example
 * ```ts
 * import { matchClass } from "./lua_pattern_syntax.ts";
 * matchClass(" ".charCodeAt(0), "s".charCodeAt(0)); // true
 * ```
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * Most captures a pattern may have (`LUA_MAXCAPTURES`).
 *
 * @example
 * ```ts
 * import { MAX_CAPTURES } from "./lua_pattern_syntax.ts";
 * "(a)".repeat(MAX_CAPTURES + 1); // "too many captures"
 * ```
 */
export const MAX_CAPTURES = 32;
/**
 * `capLen` of a capture not closed yet.
 *
 * @example
 * ```ts
 * import { PatternMatcher } from "./lua_pattern.ts";
 * import { CAP_UNFINISHED } from "./lua_pattern_syntax.ts";
 * const m = new PatternMatcher(() => {});
 * m.scan(new TextEncoder().encode("abc\0(a\0"), 0, 3, 4, 2, 0, false, -1);
 * m.capLen[0] === CAP_UNFINISHED; // true: string.find raises "unfinished capture"
 * ```
 */
export const CAP_UNFINISHED: number = -1;
/**
 * `capLen` of a position capture `()`.
 *
 * @example
 * ```ts
 * import { PatternMatcher } from "./lua_pattern.ts";
 * import { CAP_POSITION } from "./lua_pattern_syntax.ts";
 * const m = new PatternMatcher(() => {});
 * m.scan(new TextEncoder().encode("abc\0()b\0"), 0, 3, 4, 3, 0, false, -1);
 * m.capLen[0] === CAP_POSITION; // true: the capture is the position 2
 * ```
 */
export const CAP_POSITION: number = -2;
/**
 * A malformed pattern, or another error Lua's matcher raises (`luaL_error`); the message is
 * Lua's own text.
 *
 * @example
 * ```ts
 * import { PatternError } from "./lua_pattern_syntax.ts";
 * const e = new PatternError("malformed pattern (ends with '%')");
 * ```
 */
export class PatternError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "LUA_PATTERN";
}

/**
 * The characters with a meaning in a pattern, by their `lstrlib.c` names.
 *
 * @example
 * ```ts
 * import { PATTERN_CHAR } from "./lua_pattern_syntax.ts";
 * String.fromCharCode(PATTERN_CHAR.L_ESC); // "%"
 * ```
 */
export const PATTERN_CHAR = {
  L_ESC: 0x25, // '%'
  OPEN: 0x28, // '('
  CLOSE: 0x29, // ')'
  DOLLAR: 0x24, // '$'
  DOT: 0x2e, // '.'
  LBRACKET: 0x5b, // '['
  RBRACKET: 0x5d, // ']'
  CARET: 0x5e, // '^'
  MINUS: 0x2d, // '-'
  STAR: 0x2a, // '*'
  PLUS: 0x2b, // '+'
  QMARK: 0x3f, // '?'
} as const;
const { L_ESC, CARET, MINUS } = PATTERN_CHAR;

// The C library's character classes in the "C" locale, one bit per class letter.
const CLASS_BIT: Record<string, number> = {
  a: 1,
  c: 2,
  d: 4,
  g: 8,
  l: 16,
  p: 32,
  s: 64,
  u: 128,
  w: 256,
  x: 512,
  z: 1024,
};
const CLASSES = new Uint16Array(256);
for (let c = 0; c < 256; c++) {
  const upper = c >= 65 && c <= 90, lower = c >= 97 && c <= 122, digit = c >= 48 && c <= 57;
  const alpha = upper || lower, graph = c >= 33 && c <= 126;
  let bits = 0;
  if (alpha) bits |= CLASS_BIT.a!;
  if (c < 32 || c === 127) bits |= CLASS_BIT.c!;
  if (digit) bits |= CLASS_BIT.d!;
  if (graph) bits |= CLASS_BIT.g!;
  if (lower) bits |= CLASS_BIT.l!;
  if (graph && !alpha && !digit) bits |= CLASS_BIT.p!;
  if (c === 32 || (c >= 9 && c <= 13)) bits |= CLASS_BIT.s!;
  if (upper) bits |= CLASS_BIT.u!;
  if (alpha || digit) bits |= CLASS_BIT.w!;
  if (digit || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) bits |= CLASS_BIT.x!;
  if (c === 0) bits |= CLASS_BIT.z!;
  CLASSES[c] = bits;
}
// Class letter (either case) -> its bit, 0 for any other character.
const CLASS_OF = new Uint16Array(256);
for (const [letter, bit] of Object.entries(CLASS_BIT)) {
  CLASS_OF[letter.charCodeAt(0)] = bit;
  CLASS_OF[letter.toUpperCase().charCodeAt(0)] = bit;
}

/**
 * `match_class`: does byte `c` belong to the class letter `cl` (`%a`, `%A`, ...)? Any other
 * `cl` stands for itself.
 *
 * @example
 * ```ts
 * import { matchClass } from "./lua_pattern_syntax.ts";
 * const code = (ch: string) => ch.charCodeAt(0);
 * matchClass(code("7"), code("d")); // true
 * matchClass(code("7"), code("D")); // false: an upper-case letter is the complement
 * matchClass(code("."), code(".")); // true
 * ```
 */
export function matchClass(c: number, cl: number): boolean {
  const bit = CLASS_OF[cl]!;
  if (bit === 0) return cl === c;
  const res = (CLASSES[c]! & bit) !== 0;
  return (CLASSES[cl]! & CLASS_BIT.l!) !== 0 ? res : !res;
}

/**
 * `matchbracketclass`: does byte `c` belong to the set `[...]` whose `[` is at `b[p]` and whose
 * `]` is at `b[ec]`?
 *
 * @example
 * ```ts
 * import { matchBracketClass } from "./lua_pattern_syntax.ts";
 * const b = new TextEncoder().encode("[^%d_]");
 * matchBracketClass(b, "x".charCodeAt(0), 0, 5); // true
 * matchBracketClass(b, "_".charCodeAt(0), 0, 5); // false
 * ```
 */
export function matchBracketClass(b: Uint8Array, c: number, p: number, ec: number): boolean {
  let sig = true;
  if (b[p + 1] === CARET) {
    sig = false;
    p++;
  }
  while (++p < ec) {
    if (b[p] === L_ESC) {
      p++;
      if (matchClass(c, b[p]!)) return sig;
    } else if (b[p + 1] === MINUS && p + 2 < ec) {
      p += 2;
      if (b[p - 2]! <= c && c <= b[p]!) return sig;
    } else if (b[p] === c) return sig;
  }
  return !sig;
}
