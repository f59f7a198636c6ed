/**
 * Loading the Lua wasm module: once per glue path and thread (the states of a
 * worker share it), with the exports of its wasm instance caught so that C API
 * calls skip wasmoon's per-call wrappers.
 *
 * @module
 */
import { LuaFactory } from "wasmoon";
import { asRawModule, type RawLuaModule } from "./raw_api.ts";
import { resolveGlueWasmPath } from "./wasmoon_path.ts";

/** One wasm instance per glue path and thread; states of one worker share it. */
const modules = new Map<string, Promise<RawLuaModule>>();

/**
 * The Lua module of this thread, loaded on first use; a failed load is
 * forgotten so that the next call tries again.
 *
 * @example
 * ```ts
 * import { loadLuaModule } from "./wasm_module.ts";
 * const m = await loadLuaModule();
 * console.log(typeof m._lua_gettop); // "function"
 * ```
 */
export function loadLuaModule(): Promise<RawLuaModule> {
  const path = resolveGlueWasmPath();
  let p = modules.get(path);
  if (!p) {
    p = withLuaExports(() => new LuaFactory(path).getLuaModule()).then(([lua, exports]) =>
      asRawModule(lua.module, exports)
    );
    modules.set(path, p);
    p.catch(() => modules.delete(path));
  }
  return p;
}

/**
 * Run `load` (wasmoon's module loading) and catch the exports of the Lua wasm instance it
 * creates. wasmoon reaches them through a wrapper per call that checks the runtime and uses
 * `apply` (about half the cost of a short C API call from JS); the exports themselves are
 * called directly. Undefined when the instance could not be seen (then the wrappers are used).
 */
async function withLuaExports<T>(
  load: () => Promise<T>,
): Promise<[T, WebAssembly.Exports | undefined]> {
  const original = WebAssembly.instantiate;
  let exports: WebAssembly.Exports | undefined;
  const spy = async (...args: unknown[]) => {
    const result = await (original as (...a: unknown[]) => Promise<unknown>)(...args);
    const instance = result instanceof WebAssembly.Instance
      ? result
      : (result as { instance?: WebAssembly.Instance }).instance;
    if (!exports && instance && "lua_gettop" in instance.exports) exports = instance.exports;
    return result;
  };
  WebAssembly.instantiate = spy as typeof WebAssembly.instantiate;
  try {
    return [await load(), exports];
  } finally {
    WebAssembly.instantiate = original;
  }
}
