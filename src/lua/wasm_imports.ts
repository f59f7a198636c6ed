/**
 * What the Lua wasm module asks of its host: a clock, a sink for text the C library writes, an
 * empty environment, and refusals for files, processes and the shell, which the sandbox removes
 * from Lua anyway (`io`, `os.execute`, `os.remove`, `os.rename`, `os.getenv` are gone).
 *
 * @module
 */

/** WASI `errno` values used here. */
const WASI_EBADF = 8, WASI_ENOSYS = 52;

/** The parts of the module the imports need, known once it is instantiated. */
export interface ImportHost {
  /** The module's memory (read when C passes pointers). */
  memory(): WebAssembly.Memory;
  /** Told after the memory grew, so that views of it are replaced. */
  grew(): void;
}

/** Text written to stdout or stderr by C code, one console line per line. */
class TextSink {
  readonly #decoder = new TextDecoder();
  #line = "";

  write(bytes: Uint8Array): void {
    this.#line += this.#decoder.decode(bytes, { stream: true });
    let nl = this.#line.indexOf("\n");
    while (nl >= 0) {
      console.error(this.#line.slice(0, nl));
      this.#line = this.#line.slice(nl + 1);
      nl = this.#line.indexOf("\n");
    }
  }
}

/**
 * The import object of the Lua wasm module built by `tools/lua_wasm/build.sh`.
 *
 * @example
 * ```ts
 * import { luaWasmImports } from "./wasm_imports.ts";
 * let memory = new WebAssembly.Memory({ initial: 1 });
 * const imports = luaWasmImports({ memory: () => memory, grew: () => {} });
 * console.log(Object.keys(imports)); // ["env", "wasi_snapshot_preview1"]
 * ```
 */
export function luaWasmImports(host: ImportHost): WebAssembly.Imports {
  const sink = new TextSink();
  const view = () => new DataView(host.memory().buffer);
  const refuse = () => -WASI_ENOSYS; // Emscripten's syscalls return -errno
  return {
    env: {
      emscripten_notify_memory_growth: () => host.grew(),
      // The clock of profiled collision callbacks (hot_path.c): milliseconds, once per callback.
      mg_clock_ms: () => performance.now(),
      system: () => 0, // no shell
      __syscall_dup3: refuse,
      __syscall_unlink: refuse,
      __syscall_rmdir: refuse,
      __syscall_rename: refuse,
      __syscall_lstat64: refuse,
    },
    wasi_snapshot_preview1: {
      // Clock 0 is wall time (os.time, os.date); the others (os.clock) read the monotonic clock.
      clock_time_get: (id: number, _precision: bigint, out: number) => {
        const ms = id === 0 ? Date.now() : performance.now();
        view().setBigUint64(out, BigInt(Math.round(ms * 1e6)), true);
        return 0;
      },
      fd_write: (fd: number, iovs: number, count: number, written: number) => {
        if (fd !== 1 && fd !== 2) return WASI_EBADF;
        const v = view();
        let total = 0;
        for (let i = 0; i < count; i++) {
          const ptr = v.getUint32(iovs + 8 * i, true), len = v.getUint32(iovs + 8 * i + 4, true);
          sink.write(new Uint8Array(v.buffer, ptr, len));
          total += len;
        }
        v.setUint32(written, total, true);
        return 0;
      },
      fd_read: () => WASI_EBADF,
      fd_close: () => WASI_EBADF,
      fd_seek: () => WASI_EBADF,
      environ_sizes_get: (count: number, size: number) => {
        view().setUint32(count, 0, true);
        view().setUint32(size, 0, true);
        return 0;
      },
      environ_get: () => 0,
      proc_exit: (code: number) => {
        throw new Error(`The Lua wasm module exited with code ${code}`);
      },
    },
  };
}
