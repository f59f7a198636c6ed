/**
 * Installing the sandbox in a fresh state: the natives table (`priv`'s functions), then the
 * library charges and the sandbox prelude, each run with that table as its vararg.
 *
 * @example
 * ```ts
 * import type { GuardedState } from "./guarded_state.ts";
 * import { installSandbox, sandboxStrings } from "./vm_sandbox.ts";
 * declare const s: GuardedState;
 * const strings = sandboxStrings(s); // the owner disposes it after closing the state
 * installSandbox(s, strings, {
 *   streamed: [[], []],
 *   file: () => undefined,
 *   log: (level, message) => console.log(level, message),
 * });
 * ```
 *
 * @module
 */
import type { GuardedState } from "./guarded_state.ts";
import { HOOK_INTERVAL } from "./limits.ts";
import { LUA_OK, type LuaStatePtr } from "./raw_api.ts";
import {
  GENERATED_CHUNK_NAME,
  LIBRARY_COSTS,
  SANDBOX_CHUNK_NAME,
  SANDBOX_PRELUDE,
} from "./sandbox.ts";
import { StringNatives } from "./string_natives.ts";
import {
  type NativeHost,
  protectedCallFailed,
  raisingJsErrors,
  vmNatives,
  wrapNative,
} from "./vm_natives.ts";

/** What the natives read from the VM that owns the state. */
export type SandboxIo = Pick<NativeHost, "streamed" | "file" | "log">;

/**
 * Register a JS native with the state's function table; returns its pointer.
 *
 * @example
 * ```ts
 * import type { GuardedState } from "./guarded_state.ts";
 * import { registerNative } from "./vm_sandbox.ts";
 * declare const s: GuardedState;
 * const ptr = registerNative(s, () => 0);
 * ```
 */
export function registerNative(s: GuardedState, fn: (l: LuaStatePtr) => number): number {
  return s.addFunction(wrapNative(s.m, s.h, fn), "ii");
}

/**
 * The metered pattern functions (`string.find` ...) for `s`, charged to its budget and
 * registered in its function table. The caller owns them: dispose after closing the state.
 *
 * @example
 * ```ts
 * import type { GuardedState } from "./guarded_state.ts";
 * import { sandboxStrings } from "./vm_sandbox.ts";
 * declare const s: GuardedState;
 * const strings = sandboxStrings(s);
 * ```
 */
export function sandboxStrings(s: GuardedState): StringNatives {
  const limits = s.limits;
  return new StringNatives(
    s.m,
    s.h,
    limits,
    (l) => limits.tighten(l),
    (fn) => registerNative(s, fn),
  );
}

/**
 * Install the sandbox in `s`: the natives (with the metered pattern functions `strings`) and
 * the Lua chunks that build the sandboxed globals.
 *
 * @throws {LuaRunError} when a sandbox chunk fails.
 *
 * @example
 * ```ts
 * import type { GuardedState } from "./guarded_state.ts";
 * import { StringNatives } from "./string_natives.ts";
 * import { installSandbox } from "./vm_sandbox.ts";
 * declare const s: GuardedState, strings: StringNatives;
 * installSandbox(s, strings, { streamed: [[], []], file: () => undefined, log: () => {} });
 * ```
 */
export function installSandbox(s: GuardedState, strings: StringNatives, io: SandboxIo): void {
  const m = s.m, L = s.L, h = s.h;
  const host: NativeHost = {
    m,
    h,
    limits: s.limits,
    costs: s.costs,
    L,
    hook: s.hook,
    positions: s.positions,
    errors: s.errors,
    streamed: io.streamed,
    file: io.file,
    log: io.log,
  };
  const natives = vmNatives(host, strings);
  m._lua_settop(L, 0);
  m._lua_pushcclosure(L, s.msghPtr, 0);
  m._lua_createtable(L, 0, 10);
  for (const [name, fn] of Object.entries(natives)) {
    const ptr = registerNative(s, fn);
    if (name === "call") {
      // The runner's protected call runs once per callback: the C one, which comes back to
      // JS when the call fails, for every 64th call and once the state was seen stopped.
      const failed = (l: number, st: number) =>
        raisingJsErrors(m, h, l, () => protectedCallFailed(host, l, st));
      s.limits.setPointers({ slowCall: ptr, failed: s.addFunction(failed, "vii") });
      m._lua_pushcclosure(L, m._mg_call_function(), 0);
    } else if (name === "counted_call") {
      // The profiled batch's call: the C one too, which comes back to JS as the one above does.
      s.limits.setPointers({ countedCall: ptr });
      m._lua_pushcclosure(L, m._mg_counted_call_function(), 0);
    } else m._lua_pushcclosure(L, ptr, 0);
    m._lua_setfield(L, -2, h.cstr(name));
  }
  // The natives written in C (tools/lua_wasm), and the callbacks' message handler.
  const cNatives: readonly (readonly [string, number])[] = [
    ["call_handler", s.cbMsghPtr],
    ["sink_library", m._mg_sink_library_function()],
    ["read_binding", m._mg_read_binding_function()],
    ["unpacker", m._mg_unpacker_function()],
    ["component_reader", m._mg_component_reader_function()],
    ["seeded_random", m._mg_seeded_random_function()],
    ["set_seed", m._mg_set_seed_function()],
    ["seal", m._mg_seal_function()],
    ["exchange", m._mg_exchange_function()],
    ["tagged_encoder", m._mg_tagged_encoder_function()],
    ["context_reads", m._mg_context_reads_function()],
    ["cached_traceback", m._mg_traceback_function()],
    ["each_costs", m._mg_each_costs_function()],
    ["take_costs", m._mg_take_costs_function()],
  ];
  for (const [name, fn] of cNatives) {
    m._lua_pushcclosure(L, fn, 0);
    m._lua_setfield(L, -2, h.cstr(name));
  }
  m._lua_pushnumber(L, HOOK_INTERVAL);
  m._lua_setfield(L, -2, h.cstr("hook_interval"));
  h.pushString(L, GENERATED_CHUNK_NAME);
  m._lua_setfield(L, -2, h.cstr("generated_chunk"));
  s.positions.addEngineChunk(GENERATED_CHUNK_NAME.slice(1));
  // [msgh, natives]: each chunk runs with the natives table as its vararg. The library
  // charges come first: they need `debug.getmetatable`, which the prelude removes.
  for (const source of [LIBRARY_COSTS, SANDBOX_PRELUDE]) {
    s.load(source, SANDBOX_CHUNK_NAME);
    m._lua_pushvalue(L, 2);
    const st = s.pcall(1, 0, 1);
    if (st !== LUA_OK) throw s.takeError(st);
  }
  m._lua_settop(L, 0);
}
