/**
 * The Lua C API as the engine calls it: the functions the Lua wasm module exports (one binary
 * buffer per batch crosses them, never a value at a time), with the constants of lua.h they need.
 *
 * @example
 * ```ts
 * import { LUA_OK } from "./raw_api.ts";
 * import { loadLuaModule } from "./wasm_module.ts";
 * const m = await loadLuaModule();
 * const L = m._luaL_newstate();
 * console.log(m._lua_gettop(L) === 0, LUA_OK);
 * m._lua_close(L);
 * ```
 *
 * @module
 */

/** A `lua_State*` (an address in wasm memory). */
export type LuaStatePtr = number;

/** The Lua wasm module: its memory, its function table and the C functions used here (wasm32: pointers are numbers). */
export interface RawLuaModule {
  /** Live view of wasm memory (replaced when memory grows: read it after each call). */
  readonly HEAPU8: Uint8Array;
  /** Live view of wasm memory (replaced when memory grows: read it after each call). */
  readonly HEAPU32: Uint32Array;
  /** Live view of wasm memory (replaced when memory grows: read it after each call). */
  readonly HEAP32: Int32Array;
  /** Live view of wasm memory (replaced when memory grows: read it after each call). */
  readonly HEAPF64: Float64Array;
  /** C `malloc`. */
  _malloc(size: number): number;
  /** C `free`. */
  _free(ptr: number): void;
  /** C `realloc`. */
  _realloc(ptr: number, size: number): number;
  /** Put a JS function in the function table as signature `sig` (`"vii"`: void of two i32); its pointer. */
  addFunction(fn: (...args: number[]) => number | void, signature: string): number;
  /** Free a pointer made by `addFunction`. */
  removeFunction(ptr: number): void;

  /** The C stack pointer (Emscripten's `stackSave`). */
  _stackSave(): number;
  /**
   * Set the C stack pointer (Emscripten's `stackRestore`): a JS exception that crosses C frames
   * skips the code that would have popped them.
   */
  _stackRestore(sp: number): void;
  /** `luaL_newstate` from the Lua C API. */
  _luaL_newstate(): LuaStatePtr;
  /** `lua_newstate` from the Lua C API. */
  _lua_newstate(alloc: number, ud: number): LuaStatePtr;
  /**
   * A zeroed `MgLimits` (tools/lua_wasm/hot_path.c; see limit_cells.ts), or 0; free it with
   * `_mg_limits_free`.
   */
  _mg_limits_new(): number;
  /** Free an `MgLimits` and the blocks it holds (after its state is closed). */
  _mg_limits_free(limits: number): void;
  /** The engine's allocator (a `lua_Alloc` whose user data is an `MgLimits`). */
  _mg_allocator(): number;
  /** The batch runner's protected call (a `lua_CFunction`; see vm_natives.ts). */
  _mg_call_function(): number;
  /** The profiled batch's protected call (a `lua_CFunction`; see vm_natives.ts). */
  _mg_counted_call_function(): number;
  /** Each callback's cost from here on, in a profiled batch (a `lua_CFunction`; see hot_path.c). */
  _mg_each_costs_function(): number;
  /** The costs each_costs recorded, as bytes (a `lua_CFunction`; see hot_path.c). */
  _mg_take_costs_function(): number;
  /** The command sink's opener (a `lua_CFunction`; see tools/lua_wasm/command_sink.c). */
  _mg_sink_library_function(): number;
  /** The read bindings' maker (a `lua_CFunction`; see tools/lua_wasm/snapshot_read.c). */
  _mg_read_binding_function(): number;
  /** The unpacker maker (a `lua_CFunction`; see tools/lua_wasm/fixed_unpack.c). */
  _mg_unpacker_function(): number;
  /** The component reader maker (a `lua_CFunction`; see tools/lua_wasm/component_read.c). */
  _mg_component_reader_function(): number;
  /** The per-callback seeded math.random maker (a `lua_CFunction`; see tools/lua_wasm/seeded_random.c). */
  _mg_seeded_random_function(): number;
  /** The pending random seed setter (a `lua_CFunction`; see tools/lua_wasm/seeded_random.c). */
  _mg_set_seed_function(): number;
  /** The table sealer (a `lua_CFunction`; see tools/lua_wasm/sealed_table.c). */
  _mg_seal_function(): number;
  /** The table field exchanger (a `lua_CFunction`; see tools/lua_wasm/sealed_table.c). */
  _mg_exchange_function(): number;
  /** The tagged-value encoder's maker (a `lua_CFunction`; see tools/lua_wasm/tagged_encoder.c). */
  _mg_tagged_encoder_function(): number;
  /** What a callback reads of its context (a `lua_CFunction`; see tools/lua_wasm/context_reads.c). */
  _mg_context_reads_function(): number;
  /** `luaL_traceback` keeping the global names it finds (see tools/lua_wasm/name_cache.c). */
  _mg_traceback(L: LuaStatePtr, L1: LuaStatePtr, msg: number, level: number): void;
  /** The same as a Lua function, `traceback(msg, level)` (a `lua_CFunction`). */
  _mg_traceback_function(): number;
  /** `lua_close` from the Lua C API. */
  _lua_close(L: LuaStatePtr): void;
  /** `lua_atpanic` from the Lua C API. */
  _lua_atpanic(L: LuaStatePtr, fn: number): number;
  /** `luaL_openlibs` from the Lua C API. */
  _luaL_openlibs(L: LuaStatePtr): void;
  /** `luaL_loadbufferx` from the Lua C API. */
  _luaL_loadbufferx(L: LuaStatePtr, buf: number, size: number, name: number, mode: number): number;
  /** `lua_pcallk` from the Lua C API. */
  _lua_pcallk(
    L: LuaStatePtr,
    nargs: number,
    nresults: number,
    msgh: number,
    ctx: number,
    k: number,
  ): number;
  /** `lua_gettop` from the Lua C API. */
  _lua_gettop(L: LuaStatePtr): number;
  /** `lua_settop` from the Lua C API. */
  _lua_settop(L: LuaStatePtr, idx: number): void;
  /** `lua_pushvalue` from the Lua C API. */
  _lua_pushvalue(L: LuaStatePtr, idx: number): void;
  /** `lua_copy` from the Lua C API. */
  _lua_copy(L: LuaStatePtr, from: number, to: number): void;
  /** `lua_rotate` from the Lua C API. */
  _lua_rotate(L: LuaStatePtr, idx: number, n: number): void;
  /** `lua_type` from the Lua C API. */
  _lua_type(L: LuaStatePtr, idx: number): number;
  /** `lua_typename` from the Lua C API. */
  _lua_typename(L: LuaStatePtr, type: number): number;
  /** `lua_toboolean` from the Lua C API. */
  _lua_toboolean(L: LuaStatePtr, idx: number): number;
  /** `lua_tonumberx` from the Lua C API. */
  _lua_tonumberx(L: LuaStatePtr, idx: number, isnum: number): number;
  /** `lua_tolstring` from the Lua C API. */
  _lua_tolstring(L: LuaStatePtr, idx: number, lenPtr: number): number;
  /** `lua_pushnil` from the Lua C API. */
  _lua_pushnil(L: LuaStatePtr): void;
  /** `lua_pushnumber` from the Lua C API. */
  _lua_pushnumber(L: LuaStatePtr, n: number): void;
  /** `lua_pushboolean` from the Lua C API. */
  _lua_pushboolean(L: LuaStatePtr, b: number): void;
  /** `lua_pushlstring` from the Lua C API. */
  _lua_pushlstring(L: LuaStatePtr, ptr: number, len: number): number;
  /** `lua_pushstring` from the Lua C API. */
  _lua_pushstring(L: LuaStatePtr, ptr: number): number;
  /** `lua_pushcclosure` from the Lua C API. */
  _lua_pushcclosure(L: LuaStatePtr, fn: number, nup: number): void;
  /** `lua_createtable` from the Lua C API. */
  _lua_createtable(L: LuaStatePtr, narr: number, nrec: number): void;
  /** `lua_getfield` from the Lua C API. */
  _lua_getfield(L: LuaStatePtr, idx: number, key: number): number;
  /** `lua_setfield` from the Lua C API. */
  _lua_setfield(L: LuaStatePtr, idx: number, key: number): void;
  /** `lua_getglobal` from the Lua C API. */
  _lua_getglobal(L: LuaStatePtr, name: number): number;
  /** `lua_concat` from the Lua C API. */
  _lua_concat(L: LuaStatePtr, n: number): void;
  /** `lua_error` from the Lua C API. */
  _lua_error(L: LuaStatePtr): number;
  /** `luaL_where` from the Lua C API. */
  _luaL_where(L: LuaStatePtr, level: number): void;
  /** `luaL_traceback` from the Lua C API. */
  _luaL_traceback(L: LuaStatePtr, L1: LuaStatePtr, msg: number, level: number): void;
  /** `luaL_getmetafield` from the Lua C API. */
  _luaL_getmetafield(L: LuaStatePtr, idx: number, field: number): number;
  /** `lua_sethook` from the Lua C API. */
  _lua_sethook(L: LuaStatePtr, fn: number, mask: number, count: number): void;
  /** `lua_gethookcount` from the Lua C API. */
  _lua_gethookcount(L: LuaStatePtr): number;
  /** `lua_getstack` from the Lua C API (`ar` points to a `lua_Debug`). */
  _lua_getstack(L: LuaStatePtr, level: number, ar: number): number;
  /** `lua_getinfo` from the Lua C API. */
  _lua_getinfo(L: LuaStatePtr, what: number, ar: number): number;
  /** `lua_pushinteger` from the Lua C API (a 64-bit integer: a BigInt). */
  _lua_pushinteger(L: LuaStatePtr, n: bigint): void;
  /** `lua_tointegerx` from the Lua C API. */
  _lua_tointegerx(L: LuaStatePtr, idx: number, isnum: number): bigint;
  /** `lua_isinteger` from the Lua C API. */
  _lua_isinteger(L: LuaStatePtr, idx: number): number;
  /** `lua_newuserdatauv` from the Lua C API. */
  _lua_newuserdatauv(L: LuaStatePtr, size: number, nuvalue: number): number;
  /** `lua_touserdata` from the Lua C API. */
  _lua_touserdata(L: LuaStatePtr, idx: number): number;
  /** `lua_isstring` from the Lua C API. */
  _lua_isstring(L: LuaStatePtr, idx: number): number;
  /** `lua_gettable` from the Lua C API. */
  _lua_gettable(L: LuaStatePtr, idx: number): number;
  /** `lua_callk` from the Lua C API. */
  _lua_callk(L: LuaStatePtr, nargs: number, nresults: number, ctx: number, k: number): void;
  /** `luaL_checklstring` from the Lua C API. */
  _luaL_checklstring(L: LuaStatePtr, arg: number, lenPtr: number): number;
  /** `luaL_optinteger` from the Lua C API. */
  _luaL_optinteger(L: LuaStatePtr, arg: number, def: bigint): bigint;
  /** `luaL_checkstack` from the Lua C API. */
  _luaL_checkstack(L: LuaStatePtr, n: number, msg: number): void;
  /** `luaL_typeerror` from the Lua C API. */
  _luaL_typeerror(L: LuaStatePtr, arg: number, tname: number): number;
  /** `luaL_buffinit` from the Lua C API (`B` points to a `luaL_Buffer`). */
  _luaL_buffinit(L: LuaStatePtr, B: number): void;
  /** `luaL_addlstring` from the Lua C API. */
  _luaL_addlstring(B: number, ptr: number, len: number): void;
  /** `luaL_addvalue` from the Lua C API. */
  _luaL_addvalue(B: number): void;
  /** `luaL_pushresult` from the Lua C API. */
  _luaL_pushresult(B: number): void;
}

/**
 * The C functions of {@link RawLuaModule} by their C names: what the Lua wasm build exports
 * (`tools/lua_wasm/build.sh` reads the interface) and what the loader checks for.
 *
 * @example
 * ```ts
 * import { C_FUNCTIONS } from "./raw_api.ts";
 * C_FUNCTIONS.includes("lua_pcallk"); // true
 * ```
 */
export const C_FUNCTIONS = [
  "malloc",
  "free",
  "realloc",
  "stackSave",
  "stackRestore",
  "luaL_newstate",
  "lua_newstate",
  "mg_limits_new",
  "mg_limits_free",
  "mg_allocator",
  "mg_call_function",
  "mg_counted_call_function",
  "mg_each_costs_function",
  "mg_take_costs_function",
  "mg_sink_library_function",
  "mg_read_binding_function",
  "mg_unpacker_function",
  "mg_component_reader_function",
  "mg_seeded_random_function",
  "mg_set_seed_function",
  "mg_seal_function",
  "mg_exchange_function",
  "mg_tagged_encoder_function",
  "mg_context_reads_function",
  "mg_traceback",
  "mg_traceback_function",
  "lua_close",
  "lua_atpanic",
  "luaL_openlibs",
  "luaL_loadbufferx",
  "lua_pcallk",
  "lua_gettop",
  "lua_settop",
  "lua_pushvalue",
  "lua_copy",
  "lua_rotate",
  "lua_type",
  "lua_typename",
  "lua_toboolean",
  "lua_tonumberx",
  "lua_tolstring",
  "lua_pushnil",
  "lua_pushnumber",
  "lua_pushboolean",
  "lua_pushlstring",
  "lua_pushstring",
  "lua_pushcclosure",
  "lua_createtable",
  "lua_getfield",
  "lua_setfield",
  "lua_getglobal",
  "lua_concat",
  "lua_error",
  "luaL_where",
  "luaL_traceback",
  "luaL_getmetafield",
  "lua_sethook",
  "lua_gethookcount",
  "lua_getstack",
  "lua_getinfo",
  "lua_pushinteger",
  "lua_tointegerx",
  "lua_isinteger",
  "lua_newuserdatauv",
  "lua_touserdata",
  "lua_isstring",
  "lua_gettable",
  "lua_callk",
  "luaL_checklstring",
  "luaL_optinteger",
  "luaL_checkstack",
  "luaL_typeerror",
  "luaL_buffinit",
  "luaL_addlstring",
  "luaL_addvalue",
  "luaL_pushresult",
] as const satisfies readonly CFunctionName[];

/** The C name of each `_name` function of {@link RawLuaModule}. */
type CFunctionName = keyof RawLuaModule extends infer K ? K extends `_${infer N}` ? N : never
  : never;
// Every function of the interface is in the list (the other way round is checked by `satisfies`).
const listed: [Exclude<CFunctionName, typeof C_FUNCTIONS[number]>] extends [never] ? true : never =
  true;
void listed;

/** `LUA_REGISTRYINDEX` for LUAI_MAXSTACK = 1,000,000. */
export const LUA_REGISTRYINDEX: number = -1_001_000;
/** `LUA_MULTRET`. */
export const LUA_MULTRET: number = -1;
/**
 * `lua_upvalueindex(i)`: the pseudo-index of a C closure's upvalue `i` (from 1).
 *
 * @example
 * ```ts
 * import { LUA_REGISTRYINDEX, luaUpvalueIndex } from "./raw_api.ts";
 * luaUpvalueIndex(1) === LUA_REGISTRYINDEX - 1; // true
 * ```
 */
export function luaUpvalueIndex(i: number): number {
  return LUA_REGISTRYINDEX - i;
}

/** `LUA_MASKCOUNT`: the hook mask of the count hook. */
export const LUA_MASKCOUNT: number = 8;

/** Status codes returned by `lua_pcall` / `luaL_loadbuffer` (lua.h); 4 is the allocator's refusal. */
export const LUA_OK = 0, LUA_ERRRUN = 2, LUA_ERRSYNTAX = 3, LUA_ERRMEM = 4, LUA_ERRERR = 5;

/** `lua_type` codes of the simple values (lua.h). */
export const LUA_TNIL = 0, LUA_TBOOLEAN = 1, LUA_TNUMBER = 3, LUA_TSTRING = 4;
/** `lua_type` codes of tables and functions (lua.h). */
export const LUA_TTABLE = 5, LUA_TFUNCTION = 6;

const encoder = new TextEncoder();
// A leading byte order mark is text a Lua string holds: kept, not dropped.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Small helpers over a {@link RawLuaModule}: one reusable length cell, a growable input buffer,
 * and interned C strings (names and fixed messages are allocated once and freed on `dispose`).
 *
 * @example
 * ```ts
 * import { RawHelpers } from "./raw_api.ts";
 * import { loadLuaModule } from "./wasm_module.ts";
 * const m = await loadLuaModule();
 * const h = new RawHelpers(m);
 * const L = m._luaL_newstate();
 * h.pushBytes(L, new Uint8Array([0, 255]));
 * console.log(h.readBytes(L, -1));
 * m._lua_close(L);
 * h.dispose();
 * ```
 */
export class RawHelpers {
  readonly #m: RawLuaModule;
  readonly #lenPtr: number;
  #buf = 0;
  #bufSize = 0;
  readonly #cstrings = new Map<string, number>();

  /** Allocate the helper's fixed cells in `m`'s memory. */
  constructor(m: RawLuaModule) {
    this.#m = m;
    this.#lenPtr = m._malloc(4);
  }

  /** A NUL-terminated copy of `s` in wasm memory, kept until `dispose` (for names and fixed texts). */
  cstr(s: string): number {
    let p = this.#cstrings.get(s);
    if (p === undefined) {
      const bytes = encoder.encode(s);
      p = this.#m._malloc(bytes.length + 1);
      this.#m.HEAPU8.set(bytes, p);
      this.#m.HEAPU8[p + bytes.length] = 0;
      this.#cstrings.set(s, p);
    }
    return p;
  }

  /** Copy `bytes` into the reusable input buffer and return its address (valid until the next call). */
  stage(bytes: Uint8Array): number {
    if (bytes.length + 1 > this.#bufSize) {
      if (this.#buf) this.#m._free(this.#buf);
      this.#bufSize = Math.max(256, 2 ** Math.ceil(Math.log2(bytes.length + 1)));
      this.#buf = this.#m._malloc(this.#bufSize);
      if (!this.#buf) {
        this.#bufSize = 0;
        throw new RangeError(`Could not allocate ${bytes.length} bytes in wasm memory`);
      }
    }
    this.#m.HEAPU8.set(bytes, this.#buf);
    return this.#buf;
  }

  /**
   * Load `source` as a chunk named `chunkName` onto `L`'s stack; Lua's status (the function, or
   * the error message, on top). The name is kept like {@linkcode RawHelpers.cstr}'s: for fixed
   * names.
   */
  loadString(L: LuaStatePtr, source: string, chunkName: string): number {
    const src = encoder.encode(source);
    return this.#m._luaL_loadbufferx(L, this.stage(src), src.length, this.cstr(chunkName), 0);
  }

  /** Push `bytes` as one Lua string (binary safe). */
  pushBytes(L: LuaStatePtr, bytes: Uint8Array): void {
    const p = this.stage(bytes);
    this.#m._lua_pushlstring(L, p, bytes.length);
  }

  /** Push a JS string as a UTF-8 Lua string. */
  pushString(L: LuaStatePtr, s: string): void {
    this.pushBytes(L, encoder.encode(s));
  }

  /** Copy the string (or number, converted in place) at `idx` out of wasm memory. */
  readBytes(L: LuaStatePtr, idx: number): Uint8Array {
    const p = this.#m._lua_tolstring(L, idx, this.#lenPtr);
    if (!p) return new Uint8Array(0);
    const len = this.#m.HEAPU32[this.#lenPtr >>> 2] ?? 0;
    return this.#m.HEAPU8.slice(p, p + len);
  }

  /** A view of the string at `idx` in wasm memory (valid while the string is referenced and memory does not grow). */
  viewBytes(L: LuaStatePtr, idx: number): Uint8Array {
    const p = this.#m._lua_tolstring(L, idx, this.#lenPtr);
    if (!p) return new Uint8Array(0);
    const len = this.#m.HEAPU32[this.#lenPtr >>> 2] ?? 0;
    return this.#m.HEAPU8.subarray(p, p + len);
  }

  /** The string at `idx` decoded as UTF-8 (invalid bytes become U+FFFD). */
  readString(L: LuaStatePtr, idx: number): string {
    const p = this.#m._lua_tolstring(L, idx, this.#lenPtr);
    if (!p) return "";
    const len = this.#m.HEAPU32[this.#lenPtr >>> 2] ?? 0;
    return decoder.decode(this.#m.HEAPU8.subarray(p, p + len));
  }

  /** The name of Lua type code `t` ("nil", "table", ...). */
  typeName(t: number): string {
    const names = [
      "nil",
      "boolean",
      "userdata",
      "number",
      "string",
      "table",
      "function",
      "userdata",
    ];
    return t === 8 ? "thread" : names[t] ?? "no value";
  }

  /** Free everything this helper allocated. */
  dispose(): void {
    for (const p of this.#cstrings.values()) this.#m._free(p);
    this.#cstrings.clear();
    if (this.#buf) this.#m._free(this.#buf);
    this.#buf = 0;
    this.#bufSize = 0;
    this.#m._free(this.#lenPtr);
  }
}

// WebAssembly.Exception is missing from Deno's type declarations.
const WasmException = (WebAssembly as unknown as { Exception: abstract new () => object })
  .Exception;

/**
 * Whether `e`, caught by JS code that Lua called, is a Lua error unwinding: `lua_error` throws a
 * WebAssembly exception that must pass through the JS frame to the `lua_pcallk` that catches it.
 *
 * @example
 * ```ts
 * import { isLuaUnwind } from "./raw_api.ts";
 * console.log(isLuaUnwind(new Error("a JS failure"))); // false
 * ```
 */
export function isLuaUnwind(e: unknown): boolean {
  return e instanceof WasmException;
}
