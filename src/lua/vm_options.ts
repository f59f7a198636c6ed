/**
 * The options a Lua VM is created with, and where its log goes by default.
 *
 * @module
 */

/**
 * Options of `LuaVm.create`.
 *
 * @example
 * ```ts
 * import type { LuaVmOptions } from "./vm_options.ts";
 * const opts: LuaVmOptions = { maxInstructions: 1_000_000, onLog: (l, m) => console.log(l, m) };
 * ```
 */
export interface LuaVmOptions {
  /** Game folder files by relative path ("main.lua", "lib/util.lua"), the only sources of `require`. */
  files?: ReadonlyMap<string, string>;
  /** Instruction budget per call, default 10,000,000. */
  maxInstructions?: number;
  /** Memory cap of the state in MiB, default 64. */
  maxMemoryMb?: number;
  /** Target of `print` (info) and `warn` (warn); default: the console. */
  onLog?: (level: "info" | "warn" | "error", message: string) => void;
  /**
   * A flag another thread may set (first element non-zero, usually over a SharedArrayBuffer) to
   * stop this VM for good: the running call fails at its next count hook and every later call
   * fails at once, with a `"stopped"` `LuaRunError`.
   */
  stop?: Int32Array;
  /**
   * Wall time in ms per thousand instructions beyond which the count hook runs on every
   * instruction (so that a stop is seen soon even when single instructions are slow); default
   * `SLOW_HOOK_MS` (20). 0 keeps it on every instruction, which only tests want.
   */
  slowHookMs?: number;
}

/**
 * The default log target of a VM: the console, by level.
 *
 * @example
 * ```ts
 * import { consoleLog } from "./vm_options.ts";
 * consoleLog("warn", "careful");
 * ```
 */
export function consoleLog(level: "info" | "warn" | "error", message: string): void {
  if (level === "error") console.error(message);
  else if (level === "warn") console.warn(message);
  else console.log(message);
}
