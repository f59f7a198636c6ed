/**
 * Where in the game's code an error or a refused allocation happened: the
 * stack is read through a `lua_Debug` (a C struct, read at fixed offsets),
 * and positions inside the sandbox's wrappers or the engine's own chunks are
 * skipped, since they mean nothing to a game.
 *
 * @module
 */
import type { LuaStatePtr, RawHelpers, RawLuaModule } from "./raw_api.ts";
import { SANDBOX_CHUNK_NAME } from "./sandbox.ts";

// lua_Debug in this wasm32 build of Lua 5.4: int event; 4 pointers; size_t srclen;
// int currentline (24), linedefined, lastlinedefined; 4 chars; 2 shorts;
// char short_src[LUA_IDSIZE] (44); CallInfo *i_ci.
const LUA_IDSIZE = 60;
const DEBUG_NAME = 4;
const DEBUG_CURRENTLINE = 24;
const DEBUG_SHORT_SRC = 44;
const LUA_DEBUG_BYTES = DEBUG_SHORT_SRC + LUA_IDSIZE + 8;

const ENGINE_WHERE_RE = /^[^\n]*?:\d+: /;
const SANDBOX_SRC = SANDBOX_CHUNK_NAME.slice(1);
const SANDBOX_WHERE_RE = new RegExp(`^(${SANDBOX_SRC.replace(/[[\]]/g, "\\$&")}:)\\d+: `);

/** The NUL-terminated string at `at` in `heap`, reading at most `max` bytes. */
function cString(heap: Uint8Array, at: number, max: number): string {
  const bytes = heap.subarray(at, at + max);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/**
 * Finds the game's position on a state's stack. Owns one `lua_Debug`, made
 * up front: {@linkcode GamePositions.frameWhere} runs inside the allocator
 * while it refuses a block, where nothing may be allocated.
 *
 * @example
 * ```ts
 * import { GamePositions } from "./game_position.ts";
 * import type { LuaStatePtr, RawHelpers, RawLuaModule } from "./raw_api.ts";
 * declare const m: RawLuaModule, h: RawHelpers, L: LuaStatePtr;
 * const positions = new GamePositions(m, h);
 * positions.addEngineChunk("engine");
 * console.log(positions.frameWhere(L)); // "main.lua:3: " or ""
 * positions.dispose();
 * ```
 */
export class GamePositions {
  readonly #m: RawLuaModule;
  readonly #h: RawHelpers;
  /** A `lua_Debug` for reading the stack where no Lua value may be made (in the allocator). */
  readonly #debugPtr: number;
  /** `"name:"` of each privileged chunk: positions in engine code mean nothing to a game. */
  readonly #engineWhere: string[] = [];

  /** Allocate the `lua_Debug` (and the C strings the walks pass) in `m`'s memory. */
  constructor(m: RawLuaModule, h: RawHelpers) {
    this.#m = m;
    this.#h = h;
    this.#debugPtr = m._malloc(LUA_DEBUG_BYTES);
    h.cstr("Sl"); // made now: the allocator must not allocate
  }

  /** Count positions in chunk `name` (`"engine"`) as the engine's, not the game's. */
  addEngineChunk(name: string): void {
    this.#engineWhere.push(`${name}:`);
  }

  /**
   * `"file:line: "` of the innermost game code on `L`'s stack, read with
   * `lua_getstack`/`lua_getinfo` only (no Lua value is made: this runs inside
   * the allocator while it refuses a block), or `""`.
   */
  frameWhere(L: LuaStatePtr): string {
    const m = this.#m, ar = this.#debugPtr, what = this.#h.cstr("Sl");
    for (let level = 0; level < 50 && m._lua_getstack(L, level, ar) === 1; level++) {
      m._lua_getinfo(L, what, ar);
      const line = (m.HEAPU32[(ar + DEBUG_CURRENTLINE) >>> 2] ?? 0) | 0; // an int: -1 for C
      if (line <= 0) continue;
      const bytes = m.HEAPU8.subarray(ar + DEBUG_SHORT_SRC, ar + DEBUG_SHORT_SRC + LUA_IDSIZE);
      const end = bytes.indexOf(0);
      const src = new TextDecoder().decode(bytes.subarray(0, end < 0 ? bytes.length : end));
      if (src === SANDBOX_SRC || this.#engineWhere.includes(`${src}:`)) continue;
      return `${src}:${line}: `;
    }
    return "";
  }

  /**
   * `"file:line: name: "` for an error raised deep inside engine code on behalf
   * of the game: the innermost game frame on `L`'s stack and the name it called
   * the engine function by (`set_string`, `build`, `print`), or `""`.
   */
  caller(L: LuaStatePtr): string {
    const m = this.#m, ar = this.#debugPtr, what = this.#h.cstr("Sln");
    let callee = "";
    for (let level = 0; level < 50 && m._lua_getstack(L, level, ar) === 1; level++) {
      m._lua_getinfo(L, what, ar);
      const line = (m.HEAPU32[(ar + DEBUG_CURRENTLINE) >>> 2] ?? 0) | 0;
      const src = cString(m.HEAPU8, ar + DEBUG_SHORT_SRC, LUA_IDSIZE);
      if (line > 0 && src !== SANDBOX_SRC && !this.#engineWhere.includes(`${src}:`)) {
        return `${src}:${line}: ${callee === "" ? "" : `${callee}: `}`;
      }
      const name = m.HEAPU32[(ar + DEBUG_NAME) >>> 2] ?? 0;
      callee = name === 0 ? "" : cString(m.HEAPU8, name, 256);
    }
    return "";
  }

  /**
   * Errors raised by C functions behind a sandbox wrapper (`string.rep`, `table.insert`, ...) name
   * the wrapper's line; point them at the game code that called it instead.
   */
  gameWhere(L: LuaStatePtr, msg: string): string {
    const match = SANDBOX_WHERE_RE.exec(msg);
    if (!match) return msg;
    const m = this.#m, h = this.#h;
    for (let lvl = 1; lvl < 12; lvl++) {
      m._luaL_where(L, lvl);
      const w = h.readString(L, -1);
      m._lua_settop(L, -2);
      if (w !== "" && !w.startsWith(match[1] ?? "")) return w + msg.slice(match[0].length);
    }
    return msg;
  }

  /** `msg` without the position it names when that is in engine code. */
  withoutEngineWhere(msg: string): string {
    return this.#engineWhere.some((w) => msg.startsWith(w))
      ? msg.replace(ENGINE_WHERE_RE, "")
      : msg;
  }

  /** Free the `lua_Debug`. */
  dispose(): void {
    this.#m._free(this.#debugPtr);
  }
}
