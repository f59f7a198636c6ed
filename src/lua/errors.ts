/**
 * Error classes raised by the in-thread Lua VM ({@link LuaVm}).
 *
 * @example
 * ```ts
 * import { LuaRunError } from "./errors.ts";
 * const e = new LuaRunError("main.lua:3: boom", "stack traceback:\n\tmain.lua:3: in main chunk", "runtime");
 * console.log(e.message, e.traceback);
 * ```
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * Why a Lua call failed: a syntax error, a runtime error, the instruction budget, the memory cap,
 * a broken VM (a panic that left the state unusable), or a stop requested by another thread.
 *
 * @example
 * ```ts
 * import type { LuaErrorKind } from "./errors.ts";
 * const kind: LuaErrorKind = "budget";
 * ```
 */
export type LuaErrorKind = "syntax" | "runtime" | "budget" | "memory" | "panic" | "stopped";

/**
 * A Lua chunk or function failed. `message` carries the chunk `file:line` where Lua knows it;
 * `traceback` is Lua's stack traceback at the point of the error (empty for syntax and memory
 * errors, where Lua runs no message handler).
 *
 * @example
 * ```ts
 * import { LuaRunError } from "./errors.ts";
 * const e = new LuaRunError("main.lua:1: oops", "stack traceback:", "runtime");
 * if (e.kind === "runtime") console.log(e.traceback);
 * ```
 */
export class LuaRunError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "LUA_RUN";
  /** Lua's stack traceback at the error, or "" when Lua gave none. */
  readonly traceback: string;
  /** What kind of failure this was. */
  readonly kind: LuaErrorKind;

  /** Create a run error from a Lua message, its traceback and its kind. */
  constructor(message: string, traceback: string, kind: LuaErrorKind = "runtime") {
    super(message);
    this.traceback = traceback;
    this.kind = kind;
  }
}

/**
 * The VM was used after {@link LuaVm.close} or after a panic broke it.
 *
 * @example
 * ```ts
 * import { LuaVmClosedError } from "./errors.ts";
 * throw new LuaVmClosedError();
 * ```
 */
export class LuaVmClosedError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "LUA_VM_CLOSED";
  /** Create the error; `reason` says why the VM is unusable. */
  constructor(reason = "The Lua VM is closed") {
    super(reason);
  }
}

/**
 * The Lua wasm module (`src/lua/wasm/lua.wasm`) could not be read or instantiated.
 *
 * @example
 * ```ts
 * import { LuaWasmLoadError } from "./errors.ts";
 * const e = new LuaWasmLoadError("file:///x/lua.wasm", "not found");
 * console.log(e.message); // Could not load the Lua wasm module file:///x/lua.wasm: not found
 * ```
 */
export class LuaWasmLoadError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "LUA_WASM_LOAD";
  /** Create the error: where the module is and what went wrong. */
  constructor(url: string, reason: string) {
    super(`Could not load the Lua wasm module ${url}: ${reason}`);
  }
}

/**
 * `glue.wasm` of the wasmoon package could not be found. The message lists every place tried.
 *
 * @example
 * ```ts
 * import { WasmoonNotFoundError } from "./errors.ts";
 * const e = new WasmoonNotFoundError(["/a/glue.wasm"]);
 * console.log(e.tried);
 * ```
 */
export class WasmoonNotFoundError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "WASMOON_NOT_FOUND";
  /** The candidate paths (or resolution failures) that were tried, in order. */
  readonly tried: readonly string[];

  /** Create the error from the list of places tried. */
  constructor(tried: readonly string[]) {
    super(
      `Could not find wasmoon's glue.wasm; tried: ${tried.join("; ")}. ` +
        "Install wasmoon (deno.json maps it to npm:wasmoon@1.16.0 with nodeModulesDir auto).",
    );
    this.tried = tried;
  }
}
