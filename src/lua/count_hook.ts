/**
 * The main thread's count hook, on or off: the VM turns it off while trusted
 * engine code runs (every instruction under a hook takes the interpreter's
 * slow path) and back on for game code.
 *
 * @module
 */
import { HOOK_INTERVAL } from "./limits.ts";
import { LUA_MASKCOUNT, type LuaStatePtr, type RawLuaModule } from "./raw_api.ts";

/**
 * Turns a state's count hook (every `HOOK_INTERVAL` instructions) on or off
 * and remembers which.
 *
 * @example
 * ```ts
 * import { CountHook } from "./count_hook.ts";
 * import type { LuaStatePtr, RawLuaModule } from "./raw_api.ts";
 * declare const m: RawLuaModule, L: LuaStatePtr, hookPtr: number;
 * const hook = new CountHook(m, hookPtr);
 * hook.set(L, false);
 * console.log(hook.unhooked); // true
 * ```
 */
export class CountHook {
  /** Whether privileged code turned the hook off for its own (trusted) instructions. */
  unhooked = false;
  readonly #m: RawLuaModule;
  readonly #ptr: number;

  /** A switch for the hook function at table index `ptr`. */
  constructor(m: RawLuaModule, ptr: number) {
    this.#m = m;
    this.#ptr = ptr;
  }

  /** Turn the hook of `L` on or off. */
  set(L: LuaStatePtr, on: boolean): void {
    this.#m._lua_sethook(L, on ? this.#ptr : 0, on ? LUA_MASKCOUNT : 0, on ? HOOK_INTERVAL : 0);
    this.unhooked = !on;
  }
}
