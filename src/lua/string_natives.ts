/**
 * `string.find`, `string.match`, `string.gmatch` and `string.gsub` as JS natives of the sandbox:
 * the same arguments, results and error messages as Lua 5.4's (`lstrlib.c`; arguments are checked
 * with the same `luaL_check*` calls, results built with the same `luaL_Buffer` calls), but the
 * matching is done by {@link PatternMatcher}, which charges its steps to the instruction budget.
 *
 * Why: the C functions run with no hook inside, so one call with a backtracking pattern, or a
 * plain search of a long needle, could run for hours and keep a core long after the engine gave
 * up on the worker. Here a call fails with the budget error once its work (plus the rest of the
 * callback's) exceeds the budget, and with the stop error once the host stops the worker.
 *
 * @example
 * ```ts
 * import type { Limits } from "./limits.ts";
 * import type { LuaStatePtr, RawHelpers, RawLuaModule } from "./raw_api.ts";
 * import { type Native, StringNatives } from "./string_natives.ts";
 * declare const m: RawLuaModule, helpers: RawHelpers, limits: Limits;
 * declare const tighten: (L: LuaStatePtr) => void, closure: (fn: Native) => number;
 * const natives = new StringNatives(m, helpers, limits, tighten, closure);
 * // pushed as C closures and installed as string.find, string.match, string.gmatch, string.gsub
 * natives.dispose();
 * ```
 *
 * @module
 */
import type { Limits } from "./limits.ts";
import { PatternMatcher } from "./lua_pattern.ts";
import { findPlain } from "./lua_plain_find.ts";
import { CAP_POSITION, CAP_UNFINISHED, PatternError } from "./lua_pattern_syntax.ts";
import {
  LUA_TFUNCTION,
  LUA_TNUMBER,
  LUA_TSTRING,
  LUA_TTABLE,
  type LuaStatePtr,
  luaUpvalueIndex,
  type RawHelpers,
  type RawLuaModule,
} from "./raw_api.ts";

/**
 * Matcher steps charged as one instruction. A step (an item tried, a character tested, a byte
 * compared) takes about half the time of one Lua instruction under the count hook in
 * this wasm build, so the budget bounds a call's time as it bounds plain Lua code.
 *
 * @example
 * ```ts
 * import { MATCH_STEPS_PER_INSTRUCTION } from "./string_natives.ts";
 * const charged = 1_000_000 / MATCH_STEPS_PER_INSTRUCTION;
 * ```
 */
export const MATCH_STEPS_PER_INSTRUCTION = 2;

/** A C function implemented in JS: reads its arguments from `L`, returns the result count. */
export type Native = (L: LuaStatePtr) => number;

const L_ESC = 0x25;
const CARET = 0x5e;
const ZERO = 0x30;
const NINE = 0x39;
const SPECIAL = new Uint8Array(256);
for (const c of "^$*+?.([%-") SPECIAL[c.charCodeAt(0)] = 1;
// sizeof(luaL_Buffer) is 528 in this wasm32 build (4 words, then an 8-aligned 512-byte area).
const LUAL_BUFFER_BYTES = 1024;
// A gmatch iterator's state, in a userdata (its third upvalue): subject, its length, pattern,
// its length (the first two upvalues keep both strings, so the addresses hold), next start
// and end of the last match, as offsets into the subject (-1: none).
const GM_WORDS = 6;
const GM_STATE = luaUpvalueIndex(3);
const LUA_TNONE = -1;
const LUA_TNIL = 0;

function noSpecials(b: Uint8Array, p: number, lp: number): boolean {
  for (let i = p; i < p + lp; i++) if (SPECIAL[b[i]!]) return false;
  return true;
}

/** `posrelatI(pos, len) - 1` (a 0-based start), capped at `len + 1` ("after the end"). */
function startOffset(pos: number, len: number): number {
  if (pos > 0) return pos > len + 1 ? len + 1 : pos - 1;
  if (pos === 0 || pos < -len) return 0;
  return len + pos;
}

/**
 * The four pattern functions of one Lua state, with a matcher and a length cell of their own.
 * `tighten(L)` switches `L`'s count hook to every instruction (as a spent budget does);
 * `closure(fn)` registers a native and returns its function pointer.
 *
 * @example
 * ```ts
 * import type { Limits } from "./limits.ts";
 * import type { LuaStatePtr, RawHelpers, RawLuaModule } from "./raw_api.ts";
 * import { type Native, StringNatives } from "./string_natives.ts";
 * declare const m: RawLuaModule, helpers: RawHelpers, limits: Limits;
 * declare const tighten: (L: LuaStatePtr) => void, closure: (fn: Native) => number;
 * const natives = new StringNatives(m, helpers, limits, tighten, closure);
 * natives.gsub; // installed as string.gsub
 * natives.dispose();
 * ```
 */
export class StringNatives {
  /** `string.find(s, pattern [, init [, plain]])`. */
  readonly find: Native;
  /** `string.match(s, pattern [, init])`. */
  readonly match: Native;
  /** `string.gmatch(s, pattern [, init])`. */
  readonly gmatch: Native;
  /** `string.gsub(s, pattern, repl [, n])`. */
  readonly gsub: Native;
  readonly #m: RawLuaModule;
  readonly #h: RawHelpers;
  readonly #cell: number;
  readonly #matcher: PatternMatcher;
  /** The thread of the running call, for the meter's error. */
  #L: LuaStatePtr = 0;
  readonly #meter: (steps: number) => void;
  #gmatchAux = 0;
  /** The buffer of the outermost `gsub` (a replacement function may call `gsub` again). */
  readonly #buffer: number;
  #gsubDepth = 0;

  /** Build the natives; see the class doc. */
  constructor(
    m: RawLuaModule,
    h: RawHelpers,
    limits: Limits,
    tighten: (L: LuaStatePtr) => void,
    closure: (fn: Native) => number,
  ) {
    this.#m = m;
    this.#h = h;
    this.#cell = m._malloc(8);
    this.#buffer = m._malloc(LUAL_BUFFER_BYTES);
    this.#meter = (steps) => {
      limits.used += steps / MATCH_STEPS_PER_INSTRUCTION;
      if (limits.exceeded) {
        tighten(this.#L);
        limits.raise(m, h, this.#L, 1);
      }
    };
    this.#matcher = new PatternMatcher(this.#meter);
    this.find = (L) => this.#findAux(L, true);
    this.match = (L) => this.#findAux(L, false);
    this.gmatch = (L) => this.#gmatch(L);
    this.gsub = (L) => this.#gsub(L);
    this.#gmatchAux = closure((L) => this.#gmatchAux_(L));
  }

  /** Free the length cell and the buffer. */
  dispose(): void {
    this.#m._free(this.#cell);
    this.#m._free(this.#buffer);
  }

  #len(): number {
    return this.#m.HEAPU32[this.#cell >>> 2] ?? 0;
  }

  #pushInt(L: LuaStatePtr, n: number): void {
    this.#m._lua_pushinteger(L, BigInt(n));
  }

  /**
   * `luaL_optinteger(L, arg, def)` as a number (beyond 2^53 it only has to stay beyond any
   * string length). An integer argument is read without a BigInt.
   */
  #optInteger(L: LuaStatePtr, arg: number, def: number): number {
    const m = this.#m;
    const t = m._lua_type(L, arg);
    if (t === LUA_TNONE || t === LUA_TNIL) return def;
    if (t === LUA_TNUMBER && m._lua_isinteger(L, arg)) return m._lua_tonumberx(L, arg, 0);
    const v = m._luaL_optinteger(L, arg, BigInt(def));
    return v > 2n ** 53n ? 2 ** 53 : v < -(2n ** 53n) ? -(2 ** 53) : Number(v);
  }

  /** `push_onecapture`: capture `i`, or the whole match `[st, e)` when there are none. */
  #pushOneCapture(L: LuaStatePtr, s0: number, i: number, st: number, e: number): void {
    const mt = this.#matcher, m = this.#m;
    if (i >= mt.level) {
      if (i !== 0) throw new PatternError(`invalid capture index %${i + 1}`);
      m._lua_pushlstring(L, st, e - st);
      return;
    }
    const len = mt.capLen[i]!;
    if (len === CAP_UNFINISHED) throw new PatternError("unfinished capture");
    if (len === CAP_POSITION) this.#pushInt(L, mt.capInit[i]! - s0 + 1);
    else m._lua_pushlstring(L, mt.capInit[i]!, len);
  }

  /** `push_captures`; `st < 0` is C's `s == NULL` (find: no whole match when no captures). */
  #pushCaptures(L: LuaStatePtr, s0: number, st: number, e: number): number {
    const level = this.#matcher.level;
    const n = level === 0 && st >= 0 ? 1 : level;
    if (n > 16) this.#m._luaL_checkstack(L, n, this.#h.cstr("too many captures"));
    for (let i = 0; i < n; i++) this.#pushOneCapture(L, s0, i, st, e);
    return n;
  }

  #findAux(L: LuaStatePtr, find: boolean): number {
    const m = this.#m, mt = this.#matcher, cell = this.#cell;
    const s = m._luaL_checklstring(L, 1, cell);
    const ls = this.#len();
    let p = m._luaL_checklstring(L, 2, cell);
    let lp = this.#len();
    const init = startOffset(this.#optInteger(L, 3, 1), ls);
    if (init > ls) {
      m._lua_pushnil(L);
      return 1;
    }
    this.#L = L;
    if (find && (m._lua_toboolean(L, 4) || noSpecials(m.HEAPU8, p, lp))) {
      const at = findPlain(m.HEAPU8, s, ls, p, lp, s + init, this.#meter);
      if (at >= 0) {
        this.#pushInt(L, at - s + 1);
        this.#pushInt(L, at - s + lp);
        return 2;
      }
    } else {
      const anchor = m.HEAPU8[p] === CARET;
      if (anchor) p++, lp--;
      if (mt.scan(m.HEAPU8, s, ls, p, lp, s + init, anchor, -1)) {
        const st = mt.start, e = mt.end;
        if (!find) return this.#pushCaptures(L, s, st, e);
        this.#pushInt(L, st - s + 1);
        this.#pushInt(L, e - s);
        return this.#pushCaptures(L, s, -1, e) + 2;
      }
    }
    m._lua_pushnil(L);
    return 1;
  }

  #gmatch(L: LuaStatePtr): number {
    const m = this.#m, cell = this.#cell;
    const s = m._luaL_checklstring(L, 1, cell);
    const ls = this.#len();
    const p = m._luaL_checklstring(L, 2, cell);
    const lp = this.#len();
    const init = Math.min(startOffset(this.#optInteger(L, 3, 1), ls), ls + 1);
    m._lua_settop(L, 2);
    const ud = m._lua_newuserdatauv(L, GM_WORDS * 4, 0) >>> 2;
    m.HEAP32.set([s, ls, p, lp, init, -1], ud);
    m._lua_pushcclosure(L, this.#gmatchAux, 3);
    return 1;
  }

  #gmatchAux_(L: LuaStatePtr): number {
    const m = this.#m, mt = this.#matcher;
    const ud = m._lua_touserdata(L, GM_STATE) >>> 2;
    const w = m.HEAP32;
    const s = w[ud]! >>> 0, ls = w[ud + 1]! >>> 0, p = w[ud + 2]! >>> 0, lp = w[ud + 3]! >>> 0;
    const src = w[ud + 4]!, last = w[ud + 5]!;
    this.#L = L;
    if (!mt.scan(m.HEAPU8, s, ls, p, lp, s + src, false, last < 0 ? -1 : s + last)) return 0;
    const st = mt.start, e = mt.end;
    m.HEAP32[ud + 4] = m.HEAP32[ud + 5] = e - s;
    return this.#pushCaptures(L, s, st, e);
  }

  #gsub(L: LuaStatePtr): number {
    const m = this.#m, mt = this.#matcher, cell = this.#cell;
    const src = m._luaL_checklstring(L, 1, cell);
    const srcl = this.#len();
    let p = m._luaL_checklstring(L, 2, cell);
    let lp = this.#len();
    const tr = m._lua_type(L, 3);
    const max = Math.min(this.#optInteger(L, 4, srcl + 1), srcl + 1);
    const anchor = m.HEAPU8[p] === CARET;
    if (tr !== LUA_TNUMBER && tr !== LUA_TSTRING && tr !== LUA_TFUNCTION && tr !== LUA_TTABLE) {
      m._luaL_typeerror(L, 3, this.#h.cstr("string/function/table"));
    }
    // A plain replacement (no '%') is added as it is, without looking at it for each match.
    let plain = -1;
    if (tr === LUA_TNUMBER || tr === LUA_TSTRING) {
      const r = m._lua_tolstring(L, 3, cell);
      const rl = this.#len();
      if (m.HEAPU8.subarray(r, r + rl).indexOf(L_ESC) < 0) plain = rl;
    }
    const B = this.#gsubDepth === 0 ? this.#buffer : m._malloc(LUAL_BUFFER_BYTES);
    this.#gsubDepth++;
    try {
      m._luaL_buffinit(L, B);
      if (anchor) p++, lp--;
      this.#L = L;
      const repl = plain >= 0 ? m._lua_tolstring(L, 3, 0) : 0;
      let n = 0, at = src, last = -1, changed = false;
      // lstrlib copies unmatched characters one by one; a scan skips to the next match instead.
      while (n < max) {
        if (!mt.scan(m.HEAPU8, src, srcl, p, lp, at, anchor, last)) break;
        const st = mt.start, e = mt.end;
        if (st > at) m._luaL_addlstring(B, at, st - at);
        n++;
        if (plain >= 0) {
          m._luaL_addlstring(B, repl, plain);
          changed = true;
        } else if (this.#addValue(L, B, src, st, e, tr)) changed = true;
        at = last = e;
        this.#L = L;
        if (anchor) break;
      }
      if (!changed) m._lua_pushvalue(L, 1);
      else {
        m._luaL_addlstring(B, at, src + srcl - at);
        m._luaL_pushresult(B);
      }
      this.#pushInt(L, n);
      return 2;
    } finally {
      if (--this.#gsubDepth > 0) m._free(B);
    }
  }

  /** `add_value`: whether the subject changed. */
  #addValue(L: LuaStatePtr, B: number, s0: number, st: number, e: number, tr: number): boolean {
    const m = this.#m;
    if (tr === LUA_TFUNCTION) {
      m._lua_pushvalue(L, 3);
      const n = this.#pushCaptures(L, s0, st, e);
      m._lua_callk(L, n, 1, 0, 0);
    } else if (tr === LUA_TTABLE) {
      this.#pushOneCapture(L, s0, 0, st, e);
      m._lua_gettable(L, 3);
    } else {
      this.#addS(L, B, s0, st, e);
      return true;
    }
    if (!m._lua_toboolean(L, -1)) {
      m._lua_settop(L, -2);
      m._luaL_addlstring(B, st, e - st);
      return false;
    }
    if (!m._lua_isstring(L, -1)) {
      const t = this.#h.typeName(m._lua_type(L, -1));
      throw new PatternError(`invalid replacement value (a ${t})`);
    }
    m._luaL_addvalue(B);
    return true;
  }

  /** `add_s`: the replacement string with `%0`-`%9` and `%%` expanded. */
  #addS(L: LuaStatePtr, B: number, s0: number, st: number, e: number): void {
    const m = this.#m, mt = this.#matcher;
    let news = m._lua_tolstring(L, 3, this.#cell);
    let l = this.#len();
    for (;;) {
      // Memory may grow (and HEAPU8 be replaced) at every buffer call: read it afresh.
      const at = l > 0 ? m.HEAPU8.subarray(news, news + l).indexOf(L_ESC) : -1;
      if (at < 0) break;
      const q = news + at + 1; // the character after the escape (the string's 0 at its end)
      m._luaL_addlstring(B, news, at);
      const c = m.HEAPU8[q]!;
      if (c === L_ESC) m._luaL_addlstring(B, q, 1);
      else if (c === ZERO) m._luaL_addlstring(B, st, e - st);
      else if (c > ZERO && c <= NINE) {
        const i = c - ZERO - 1;
        const len = i < mt.level ? mt.capLen[i]! : 0;
        if (i < mt.level && len === CAP_POSITION) {
          this.#pushInt(L, mt.capInit[i]! - s0 + 1);
          m._luaL_addvalue(B);
        } else if (i < mt.level && len !== CAP_UNFINISHED) {
          m._luaL_addlstring(B, mt.capInit[i]!, len);
        } else {
          this.#pushOneCapture(L, s0, i, st, e); // the whole match, or the error lstrlib raises
          m._luaL_addvalue(B);
        }
      } else throw new PatternError("invalid use of '%' in replacement string");
      l -= q + 1 - news;
      news = q + 1;
    }
    m._luaL_addlstring(B, news, l);
  }
}
