/**
 * Loading the Lua wasm module (`wasm/lua.wasm`, built by `tools/lua_wasm/build.sh`): once per
 * thread, shared by the thread's states. The engine calls its exports directly; JavaScript
 * functions reach Lua through its function table.
 *
 * @module
 */
import { LuaWasmLoadError } from "./errors.ts";
import { FunctionTable } from "./function_table.ts";
import { C_FUNCTIONS, type RawLuaModule } from "./raw_api.ts";
import { luaWasmImports } from "./wasm_imports.ts";

/** Where the module is, beside this file (a file: URL from a checkout, https: from a registry). */
export const LUA_WASM_URL: URL = new URL("./wasm/lua.wasm", import.meta.url);

let loaded: Promise<RawLuaModule> | undefined;

/**
 * The Lua module of this thread, loaded on first use; a failed load is forgotten so that the
 * next call tries again.
 *
 * @throws {LuaWasmLoadError} when the module cannot be read, lacks a C function or fails to start.
 * @example
 * ```ts
 * import { loadLuaModule } from "./wasm_module.ts";
 * const m = await loadLuaModule();
 * console.log(typeof m._lua_gettop); // "function"
 * ```
 */
export function loadLuaModule(): Promise<RawLuaModule> {
  loaded ??= instantiateLuaWasm(LUA_WASM_URL).catch((e) => {
    loaded = undefined;
    throw e;
  });
  return loaded;
}

/**
 * A new instance of the Lua wasm module at `url` (tests use this for a module of their own).
 *
 * @throws {LuaWasmLoadError} when the module cannot be read, lacks a C function or fails to start.
 * @example
 * ```ts
 * import { instantiateLuaWasm, LUA_WASM_URL } from "./wasm_module.ts";
 * const m = await instantiateLuaWasm(LUA_WASM_URL);
 * console.log(m.HEAPU8.length > 0); // true
 * ```
 */
export async function instantiateLuaWasm(url: URL): Promise<RawLuaModule> {
  const fail = (reason: string) => new LuaWasmLoadError(url.href, reason);
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(await readBytes(url));
  } catch (e) {
    throw fail(e instanceof Error ? e.message : String(e));
  }
  const views = new MemoryViews();
  const imports = luaWasmImports({ memory: () => views.memory, grew: () => views.refresh() });
  let exports: WebAssembly.Exports;
  try {
    exports = (await WebAssembly.instantiate(module, imports)).exports;
  } catch (e) {
    throw fail(e instanceof Error ? e.message : String(e));
  }
  if (!(exports.memory instanceof WebAssembly.Memory)) throw fail("it exports no memory");
  if (!(exports.__indirect_function_table instanceof WebAssembly.Table)) {
    throw fail("it exports no function table");
  }
  views.memory = exports.memory;
  views.refresh();
  const missing = C_FUNCTIONS.filter((name) => typeof exports[name] !== "function");
  if (missing.length > 0) throw fail(`it lacks the C functions ${missing.join(", ")}`);
  if (typeof exports._initialize === "function") exports._initialize(); // C static constructors
  const table = new FunctionTable(exports.__indirect_function_table);
  const raw: Record<string, unknown> = Object.create(views);
  for (const name of C_FUNCTIONS) raw[`_${name}`] = exports[name];
  raw.addFunction = (fn: (...args: number[]) => number | void, sig: string) => table.add(fn, sig);
  raw.removeFunction = (ptr: number) => table.remove(ptr);
  return raw as unknown as RawLuaModule;
}

/** The module's memory and its typed views, replaced when it grows (its buffer is then new). */
class MemoryViews {
  memory: WebAssembly.Memory = new WebAssembly.Memory({ initial: 0 });
  HEAPU8: Uint8Array = new Uint8Array(0);
  HEAPU32: Uint32Array = new Uint32Array(0);
  HEAP32: Int32Array = new Int32Array(0);
  HEAPF64: Float64Array = new Float64Array(0);

  refresh(): void {
    this.HEAPU8 = new Uint8Array(this.memory.buffer);
    this.HEAPU32 = new Uint32Array(this.memory.buffer);
    this.HEAP32 = new Int32Array(this.memory.buffer);
    this.HEAPF64 = new Float64Array(this.memory.buffer);
  }
}

/** The bytes at `url`: read from disk for file: URLs, fetched otherwise. */
async function readBytes(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  if (url.protocol === "file:") return await Deno.readFile(url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}
