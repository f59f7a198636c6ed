/**
 * How a Lua VM turns a failed call into a {@linkcode LuaRunError}: the C
 * message handlers that record an error's text and traceback as the stack
 * unwinds, and the reading of the failed status afterwards (a syntax error, a
 * limit, the memory cap, a game's own error).
 *
 * @module
 */
import { LuaRunError } from "./errors.ts";
import type { GamePositions } from "./game_position.ts";
import { type Limits, MAX_ERROR_MESSAGE_CHARS } from "./limits.ts";
import {
  isLuaUnwind,
  LUA_ERRERR,
  LUA_ERRMEM,
  LUA_ERRSYNTAX,
  LUA_OK,
  LUA_TFUNCTION,
  LUA_TNIL,
  LUA_TNUMBER,
  LUA_TSTRING,
  type LuaStatePtr,
  type RawHelpers,
  type RawLuaModule,
} from "./raw_api.ts";

/**
 * The error side of one Lua state: its message handlers, what they recorded,
 * and the game line that last hit the memory cap.
 *
 * @example
 * ```ts
 * import { ErrorCapture } from "./error_capture.ts";
 * import type { GamePositions } from "./game_position.ts";
 * import type { Limits } from "./limits.ts";
 * import type { LuaStatePtr, RawHelpers, RawLuaModule } from "./raw_api.ts";
 * declare const m: RawLuaModule, h: RawHelpers, limits: Limits, positions: GamePositions;
 * declare const L: LuaStatePtr, status: number;
 * const errors = new ErrorCapture(m, h, limits, positions);
 * errors.clear(); // before a protected call
 * const error = errors.take(L, status); // after it failed
 * ```
 */
export class ErrorCapture {
  readonly #m: RawLuaModule;
  readonly #h: RawHelpers;
  readonly #limits: Limits;
  readonly #positions: GamePositions;
  #errMessage: string | undefined;
  #errTraceback = "";
  /** `"file:line: "` of the game code running when the allocator last refused a block. */
  memoryWhere = "";

  /** The error side of a state of `m` under `limits`. */
  constructor(m: RawLuaModule, h: RawHelpers, limits: Limits, positions: GamePositions) {
    this.#m = m;
    this.#h = h;
    this.#limits = limits;
    this.#positions = positions;
  }

  /** Forget the last recorded error: call before each top-level protected call. */
  clear(): void {
    this.#errMessage = undefined;
    this.#errTraceback = "";
  }

  /**
   * Message handler of every top-level pcall (a C function, so it runs no counted instructions).
   * Records the message and the traceback in JS; calls `__tostring` of an error object only under
   * a nested pcall, so a looping `__tostring` runs into the (already spent) budget.
   */
  messageHandler(L: LuaStatePtr): number {
    const m = this.#m, h = this.#h;
    try {
      const msg = this.#errorText(L);
      m._mg_traceback(L, L, 0, 1);
      this.#errTraceback = h.readString(L, -1);
      this.#errMessage = this.#positions.gameWhere(L, msg);
      m._lua_settop(L, 1);
      return 1;
    } catch (e) {
      if (isLuaUnwind(e)) throw e; // a Lua error: let it unwind
      this.#errMessage = `error in error handler: ${e instanceof Error ? e.message : e}`;
      return 1;
    }
  }

  /**
   * Message handler of `priv.call`: replaces the error object with the text
   * `"<file:line: message>\nstack traceback:\n..."`. A C function, so it runs no counted
   * instructions even when the budget is spent.
   */
  callbackMessageHandler(L: LuaStatePtr): number {
    const m = this.#m, h = this.#h;
    try {
      // `error(msg, 2)` in a callback names its caller, the engine's runtime;
      // Lua called from C would name no position, and neither do we.
      let msg = this.#positions.withoutEngineWhere(
        this.#positions.gameWhere(L, this.#errorText(L)),
      );
      // error(huge_string) must not cost the batch its memory: keep the start.
      if (msg.length > MAX_ERROR_MESSAGE_CHARS) {
        const cut = msg.length - MAX_ERROR_MESSAGE_CHARS;
        msg = `${msg.slice(0, MAX_ERROR_MESSAGE_CHARS)}... (${cut} more characters cut)`;
      }
      m._lua_settop(L, 0);
      h.pushString(L, msg + "\n");
      m._mg_traceback(L, L, 0, 1);
      m._lua_concat(L, 2);
      return 1;
    } catch (e) {
      if (isLuaUnwind(e)) throw e; // a Lua error: let it unwind
      m._lua_settop(L, 0);
      h.pushString(L, `error in error handler: ${e instanceof Error ? e.message : e}`);
      return 1;
    }
  }

  /** The error object at index 1 as text; `__tostring` runs under a nested pcall. */
  #errorText(L: LuaStatePtr): string {
    const m = this.#m, h = this.#h;
    const t = m._lua_type(L, 1);
    if (t === LUA_TSTRING || t === LUA_TNUMBER) return h.readString(L, 1);
    let msg = `(error object is a ${h.typeName(t)} value)`;
    if (t !== LUA_TNIL && m._luaL_getmetafield(L, 1, h.cstr("__tostring")) !== LUA_TNIL) {
      m._lua_pushvalue(L, 1);
      const st = m._lua_pcallk(L, 1, 1, 0, 0, 0);
      if (st === LUA_OK && m._lua_type(L, -1) === LUA_TSTRING) msg = h.readString(L, -1);
      // A limit error of `__tostring` is caught here: the game's error is the one reported.
      else if (st !== LUA_OK) this.#limits.limitRaised = false;
      m._lua_settop(L, 1);
    }
    return msg;
  }

  /** The memory cap's error text, with the game line that hit it when known. */
  memoryMessage(): string {
    const where = this.memoryWhere;
    this.memoryWhere = "";
    return where + this.#limits.memoryMessage();
  }

  /** Turn the failed status `st` (error object on top) into a LuaRunError and clear the stack. */
  take(L: LuaStatePtr, st: number): LuaRunError {
    const limits = this.#limits;
    let message: string;
    let traceback = "";
    let kind: LuaRunError["kind"] = "runtime";
    if (st === LUA_ERRMEM) {
      message = limits.memoryHit ? this.memoryMessage() : "not enough memory";
      kind = "memory";
    } else if (st === LUA_ERRSYNTAX) {
      message = this.#errorObjectText(L, -1);
      kind = "syntax";
    } else if (st === LUA_ERRERR) {
      message = limits.exceeded ? limits.limitMessage() : "error in error handling";
      kind = limits.exceeded ? "budget" : "runtime";
    } else {
      message = this.#errMessage ?? this.#errorObjectText(L, -1);
      traceback = this.#errTraceback;
      // Told apart by what the limits recorded, not by the text: a game may raise any text.
      if (limits.limitRaised) kind = "budget";
      else if (limits.memoryHit) {
        // Lua's own "not enough memory", carried up by a coroutine or a `__close` handler.
        message = this.memoryMessage();
        kind = "memory";
      }
    }
    this.#m._lua_settop(L, 0);
    if (limits.stopped) return new LuaRunError(message, traceback, "stopped");
    if (kind === "memory") this.#collectAfterMemoryError(L);
    return new LuaRunError(message, traceback, kind);
  }

  /**
   * After a memory bomb, give the memory back now: the string table only halves once per GC
   * cycle, so one cycle leaves a bomb of many small strings holding a large table.
   */
  #collectAfterMemoryError(L: LuaStatePtr): void {
    const m = this.#m, h = this.#h;
    this.#limits.reset();
    for (let i = 0; i < 4; i++) {
      if (m._lua_getglobal(L, h.cstr("collectgarbage")) !== LUA_TFUNCTION) break;
      h.pushString(L, "collect");
      if (m._lua_pcallk(L, 1, 0, 0, 0, 0) !== LUA_OK) break;
    }
    m._lua_settop(L, 0);
    this.#limits.reset();
  }

  #errorObjectText(L: LuaStatePtr, idx: number): string {
    const t = this.#m._lua_type(L, idx);
    if (t === LUA_TSTRING || t === LUA_TNUMBER) return this.#h.readString(L, idx);
    return `(error object is a ${this.#h.typeName(t)} value)`;
  }
}
