/**
 * Moonglow's Lua runtime: the sandboxed Lua 5.4 VM (WebAssembly) with instruction and
 * memory limits, Lua workers holding pooled states, the scripting trio
 * (`StatePool`, `ScriptRunner`, `ActionQueue`), and the binary batch protocol.
 *
 * @example
 * ```ts
 * import { LuaVm } from "./mod.ts";
 * const vm = await LuaVm.create({ maxInstructions: 1_000_000 });
 * vm.run("return 1 + 1"); // ["2"]
 * vm.close();
 * ```
 *
 * @module
 */
export * from "./vm.ts";
export type { LuaVmOptions } from "./vm_options.ts";
export * from "./errors.ts";
export { DEFAULT_MAX_INSTRUCTIONS, DEFAULT_MAX_MEMORY_MB, type LimitValues } from "./limits.ts";
export * from "./lua_host.ts";
export type { CallOptions, LuaHostOptions, StateHandle } from "./host_options.ts";
export { DEFAULT_REPLY_TIMEOUT_MS, defaultWorkerCount } from "./worker_set.ts";
export * from "./host_errors.ts";
export type {
  LogLevel as LuaLogLevel,
  LuaErrorRecord,
  NamedSource,
  ReloadOutcome,
  RunOutcome,
  StateSetup,
  VmLimits,
} from "./host_protocol.ts";
export * from "./state_pool.ts";
export * from "./action_queue.ts";
export * from "./cvar_lua_payload.ts";
export * from "./script_runner.ts";
export * from "./scripting_system.ts";
export * from "./batch_types.ts";
export * from "./batch_codec.ts";
export * from "./batch_context.ts";
export * from "./batch_head.ts";
export * from "./batch_results.ts";
export * from "./batch_profile.ts";
export type { LiveSignals, SignalShape } from "./signal_shape.ts";
export { ByteReader, ByteWriter, DecodeError } from "./bytes.ts";
export {
  type LuaRecord,
  type LuaValue as TaggedLuaValue,
  readValue,
  writeValue,
} from "./tagged_value.ts";
export * from "./runtime_lua.ts";
