/**
 * Lua 5.4's pattern matcher (`lstrlib.c`: `match`, `max_expand`, `min_expand`, captures, `%b`,
 * `%f`, back references; `lmemfind` is in `lua_plain_find.ts`), ported line for line to work on bytes in wasm memory, and
 * counting its work.
 *
 * Why a port: the C matcher backtracks with no hook inside, so one call can run for hours
 * (`("a"):rep(200):find(("a-"):rep(12) .. "b")` is exponential in the pattern, `"a*b"` over
 * 30,000 a's quadratic in the subject) while the instruction budget sees one instruction. This
 * copy gives the same results and errors, and reports its steps (one per pattern item tried, per
 * character tested, per byte compared) to a meter every {@link METER_STEPS} steps; the meter
 * charges them to the budget and throws once it is spent, which ends the match at once.
 *
 * Offsets are indices into the byte array given to each call; as in a Lua string, the byte just
 * after the subject and the one after the pattern must be 0.
 *
 * @example
 * ```ts
 * import { PatternMatcher } from "./lua_pattern.ts";
 * const bytes = new TextEncoder().encode("key=value\0(%w+)=(%w+)\0");
 * const m = new PatternMatcher(() => {});
 * m.scan(bytes, 0, 9, 10, 11, 0, false, -1); // true
 * console.log(m.start, m.end, m.level, m.capLen[0], m.capLen[1]); // 0 9 2 3 5
 * ```
 *
 * @module
 */
import {
  CAP_POSITION,
  CAP_UNFINISHED,
  matchBracketClass,
  matchClass,
  MAX_CAPTURES,
  PATTERN_CHAR,
  PatternError,
} from "./lua_pattern_syntax.ts";

/**
 * Steps between two calls of the meter.
 *
 * @example
 * ```ts
 * import { METER_STEPS } from "./lua_pattern.ts";
 * console.log(METER_STEPS); // 4096
 * ```
 */
export const METER_STEPS = 4096;

const MAXCCALLS = 200;
const { L_ESC, OPEN, CLOSE, DOLLAR, DOT, LBRACKET, RBRACKET, CARET, MINUS, STAR, PLUS, QMARK } =
  PATTERN_CHAR;
const C = (ch: string) => ch.charCodeAt(0);

/**
 * One matcher, reused for every call of a Lua state (a call never nests in another). After a
 * successful {@link PatternMatcher.scan} its fields describe the match.
 *
 * @example
 * ```ts
 * import { PatternMatcher } from "./lua_pattern.ts";
 * import { CAP_POSITION } from "./lua_pattern_syntax.ts";
 * const bytes = new TextEncoder().encode("hello\0()ll\0");
 * let steps = 0;
 * const m = new PatternMatcher((n) => steps += n);
 * m.scan(bytes, 0, 5, 6, 4, 0, false, -1);
 * console.log(m.start, m.capLen[0] === CAP_POSITION, m.capInit[0]); // 2 true 2
 * ```
 */
export class PatternMatcher {
  /** Where each capture starts (index into the bytes). */
  readonly capInit: Int32Array = new Int32Array(MAX_CAPTURES);
  /** Each capture's length, or {@link CAP_POSITION} / {@link CAP_UNFINISHED}. */
  readonly capLen: Int32Array = new Int32Array(MAX_CAPTURES);
  /** Number of captures of the last match. */
  level = 0;
  /** Where the last match starts. */
  start = 0;
  /** Where the last match ends (exclusive). */
  end = 0;
  #b: Uint8Array = new Uint8Array(1);
  #srcInit = 0;
  #srcEnd = 0;
  #pEnd = 0;
  #depth = MAXCCALLS;
  #steps = 0;
  readonly #meter: (steps: number) => void;

  /**
   * `meter(steps)` is told the steps done since its last call, every {@link METER_STEPS} steps
   * and once at the end of each call; it may throw to end the match.
   */
  constructor(meter: (steps: number) => void) {
    this.#meter = meter;
  }

  /**
   * The loop of `str_find_aux` / `gmatch_aux` / `str_gsub`: try to match the pattern
   * `b[p, p + plen)` at `init`, `init + 1`, ... up to the subject's end `s + slen` (only at
   * `init` when `anchor`), skipping a match that ends at `lastmatch` (give -1 for none).
   * Returns whether a match was found.
   *
   * @throws {PatternError} for a malformed pattern, with Lua's message.
   * @example
   * ```ts
   * import { PatternMatcher } from "./lua_pattern.ts";
   * const b = new TextEncoder().encode("aaa\0a*\0");
   * new PatternMatcher(() => {}).scan(b, 0, 3, 4, 2, 0, true, -1); // true (end 3)
   * ```
   */
  scan(
    b: Uint8Array,
    s: number,
    slen: number,
    p: number,
    plen: number,
    init: number,
    anchor: boolean,
    lastmatch: number,
  ): boolean {
    this.#b = b;
    this.#srcInit = s;
    this.#srcEnd = s + slen;
    this.#pEnd = p + plen;
    this.#depth = MAXCCALLS;
    try {
      for (let src = init; src <= this.#srcEnd; src++) {
        this.level = 0;
        const e = this.#match(src, p);
        if (e !== -1 && e !== lastmatch) {
          this.start = src;
          this.end = e;
          return true;
        }
        if (anchor) break;
      }
      return false;
    } finally {
      this.#depth = MAXCCALLS; // an error may leave it anywhere
      this.#flush();
    }
  }

  /** Report the steps done so far to the meter. */
  #flush(): void {
    const n = this.#steps;
    this.#steps = 0;
    if (n > 0) this.#meter(n);
  }

  #step(n: number): void {
    if ((this.#steps += n) >= METER_STEPS) this.#flush();
  }

  #classEnd(p: number): number {
    const b = this.#b;
    const c = b[p++]!;
    if (c === L_ESC) {
      if (p === this.#pEnd) throw new PatternError("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c === LBRACKET) {
      const from = p;
      if (b[p] === CARET) p++;
      do {
        if (p === this.#pEnd) throw new PatternError("malformed pattern (missing ']')");
        if (b[p++] === L_ESC && p < this.#pEnd) p++;
      } while (b[p] !== RBRACKET);
      this.#step(p - from);
      return p + 1;
    }
    return p;
  }

  #singleMatch(s: number, p: number, ep: number): boolean {
    if (s >= this.#srcEnd) return false;
    const b = this.#b;
    const c = b[s]!;
    switch (b[p]) {
      case DOT:
        this.#steps++;
        return true;
      case L_ESC:
        this.#steps++;
        return matchClass(c, b[p + 1]!);
      case LBRACKET:
        this.#steps += ep - p;
        return matchBracketClass(this.#b, c, p, ep - 1);
      default:
        this.#steps++;
        return b[p] === c;
    }
  }

  #matchBalance(s: number, p: number): number {
    if (p >= this.#pEnd - 1) {
      throw new PatternError("malformed pattern (missing arguments to '%b')");
    }
    const b = this.#b;
    if (b[s] !== b[p]) return -1;
    const open = b[p]!, close = b[p + 1]!, from = s;
    let cont = 1;
    let found = -1;
    while (++s < this.#srcEnd) {
      if (b[s] === close) {
        if (--cont === 0) {
          found = s + 1;
          break;
        }
      } else if (b[s] === open) cont++;
    }
    this.#step(s - from);
    return found;
  }

  #maxExpand(s: number, p: number, ep: number): number {
    let i = 0;
    while (this.#singleMatch(s + i, p, ep)) {
      i++;
      if (this.#steps >= METER_STEPS) this.#flush();
    }
    while (i >= 0) {
      const res = this.#match(s + i, ep + 1);
      if (res !== -1) return res;
      i--;
    }
    return -1;
  }

  #minExpand(s: number, p: number, ep: number): number {
    for (;;) {
      const res = this.#match(s, ep + 1);
      if (res !== -1) return res;
      if (this.#singleMatch(s, p, ep)) s++;
      else return -1;
    }
  }

  #startCapture(s: number, p: number, what: number): number {
    const level = this.level;
    if (level >= MAX_CAPTURES) throw new PatternError("too many captures");
    this.capInit[level] = s;
    this.capLen[level] = what;
    this.level = level + 1;
    const res = this.#match(s, p);
    if (res === -1) this.level--;
    return res;
  }

  #endCapture(s: number, p: number): number {
    const l = this.#captureToClose();
    this.capLen[l] = s - this.capInit[l]!;
    const res = this.#match(s, p);
    if (res === -1) this.capLen[l] = CAP_UNFINISHED;
    return res;
  }

  #captureToClose(): number {
    for (let level = this.level - 1; level >= 0; level--) {
      if (this.capLen[level] === CAP_UNFINISHED) return level;
    }
    throw new PatternError("invalid pattern capture");
  }

  #checkCapture(l: number): number {
    l -= C("1");
    if (l < 0 || l >= this.level || this.capLen[l] === CAP_UNFINISHED) {
      throw new PatternError(`invalid capture index %${l + 1}`);
    }
    return l;
  }

  #matchCapture(s: number, l: number): number {
    l = this.#checkCapture(l);
    const len = this.capLen[l]!;
    // A position capture has a negative length: C compares it as a huge size_t and fails.
    if (len < 0 || this.#srcEnd - s < len) return -1;
    const b = this.#b, init = this.capInit[l]!;
    this.#step(len);
    for (let k = 0; k < len; k++) if (b[init + k] !== b[s + k]) return -1;
    return s + len;
  }

  #match(s: number, p: number): number {
    if (this.#depth-- === 0) throw new PatternError("pattern too complex");
    const b = this.#b;
    this.#step(1);
    // `continue` is lstrlib's `goto init` (tail recursion); `break` ends with `s`.
    for (;;) {
      if (p === this.#pEnd) break;
      this.#steps++;
      const pc = b[p]!;
      if (pc === OPEN) {
        if (b[p + 1] === CLOSE) s = this.#startCapture(s, p + 2, CAP_POSITION);
        else s = this.#startCapture(s, p + 1, CAP_UNFINISHED);
        break;
      }
      if (pc === CLOSE) {
        s = this.#endCapture(s, p + 1);
        break;
      }
      if (pc === DOLLAR && p + 1 === this.#pEnd) {
        s = s === this.#srcEnd ? s : -1;
        break;
      }
      if (pc === L_ESC) {
        const next = b[p + 1]!;
        if (next === C("b")) {
          s = this.#matchBalance(s, p + 2);
          if (s !== -1) {
            p += 4;
            continue;
          }
          break;
        }
        if (next === C("f")) {
          p += 2;
          if (b[p] !== LBRACKET) throw new PatternError("missing '[' after '%f' in pattern");
          const ep = this.#classEnd(p);
          const previous = s === this.#srcInit ? 0 : b[s - 1]!;
          if (
            !matchBracketClass(b, previous, p, ep - 1) &&
            matchBracketClass(b, b[s]!, p, ep - 1)
          ) {
            p = ep;
            continue;
          }
          s = -1;
          break;
        }
        if (next >= C("0") && next <= C("9")) {
          s = this.#matchCapture(s, next);
          if (s !== -1) {
            p += 2;
            continue;
          }
          break;
        }
      }
      // default: a single character class plus an optional suffix
      const ep = this.#classEnd(p);
      const suffix = b[ep];
      if (!this.#singleMatch(s, p, ep)) {
        if (suffix === STAR || suffix === QMARK || suffix === MINUS) {
          p = ep + 1;
          continue;
        }
        s = -1;
        break;
      }
      if (suffix === QMARK) {
        const res = this.#match(s + 1, ep + 1);
        if (res !== -1) {
          s = res;
          break;
        }
        p = ep + 1;
        continue;
      }
      if (suffix === PLUS) {
        s = this.#maxExpand(s + 1, p, ep);
        break;
      }
      if (suffix === STAR) {
        s = this.#maxExpand(s, p, ep);
        break;
      }
      if (suffix === MINUS) {
        s = this.#minExpand(s, p, ep);
        break;
      }
      s++;
      p = ep;
    }
    this.#depth++;
    return s;
  }
}
