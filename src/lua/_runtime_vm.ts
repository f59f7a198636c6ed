/**
 * Test helper: a VM with the batch runtime loaded over a test API, a game's
 * top level run and the globals frozen, as a worker's state is.
 *
 * @module
 */
import { LuaVm } from "./vm.ts";

/**
 * A VM running `game` as `main.lua` over the runtime chunk `source` (closed again when loading
 * fails).
 *
 * @example
 * ```ts
 * import { runtimeVm } from "./_runtime_vm.ts";
 * import { runtimeLuaSource } from "./runtime_lua.ts";
 * const vm = await runtimeVm("function f() end", runtimeLuaSource({ apiSource: "" }));
 * vm.close();
 * ```
 */
export async function runtimeVm(game: string, source: string): Promise<LuaVm> {
  const vm = await LuaVm.create();
  try {
    vm.loadPrivileged(source, "=moonglow_runtime");
    vm.run(game, "main.lua");
    vm.freezeGlobals();
  } catch (e) {
    vm.close();
    throw e;
  }
  return vm;
}
