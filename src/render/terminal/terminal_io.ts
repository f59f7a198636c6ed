/**
 * The terminal renderer's view of the outside world, as small interfaces
 * with Deno-backed defaults, so tests can run it with no TTY: a synchronous
 * writer, an input source (raw mode + chunked reads), a size provider and
 * exit hooks that restore the terminal on unload, crash and signals.
 *
 * @example
 * ```ts
 * import { writeAll } from "./terminal_io.ts";
 * const chunks: Uint8Array[] = [];
 * writeAll({ writeSync: (p) => (chunks.push(p.slice(0, 2)), Math.min(2, p.length)) }, new Uint8Array(5));
 * chunks.length; // 3
 * ```
 *
 * @module
 */

import type { ConsoleSize } from "./layout.ts";

/** Something with a `writeSync` like `Deno.stdout`. */
export interface SyncWriter {
  /** Write some of `p`; return how many bytes were written. */
  writeSync(p: Uint8Array): number;
}

/** Where keyboard bytes come from. */
export interface InputSource {
  /** Enter or leave raw mode (no echo, no line buffering, no signal keys). */
  setRaw(raw: boolean): void;
  /** The next chunk of bytes, or null at end of input (or after `cancel`). */
  read(): Promise<Uint8Array | null>;
  /** End a pending `read` (it resolves null) and stop reading. */
  cancel(): Promise<void>;
}

/** Installs last-resort terminal restoring. */
export interface ExitHooks {
  /** Arrange for `restore` to run on exit, crash and signals; returns the uninstaller. */
  install(restore: () => void): () => void;
}

/**
 * Write all of `bytes`, looping over partial writes.
 *
 * @example
 * ```ts
 * import { writeAll } from "./terminal_io.ts";
 * writeAll(Deno.stdout, new TextEncoder().encode(""));
 * ```
 */
export function writeAll(writer: SyncWriter, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writer.writeSync(bytes.subarray(off));
}

/**
 * The terminal size from `Deno.consoleSize()`, or 80x24 when stdout is not
 * a terminal (output redirected to a file).
 *
 * @example
 * ```ts
 * import { denoConsoleSize } from "./terminal_io.ts";
 * denoConsoleSize().columns > 0; // true
 * ```
 */
export function denoConsoleSize(): ConsoleSize {
  try {
    return Deno.consoleSize();
  } catch {
    return { columns: 80, rows: 24 };
  }
}

/**
 * `Deno.stdin` as an {@linkcode InputSource}. Raw mode is only touched when
 * stdin is a terminal (piped input is read as is).
 *
 * @example
 * ```ts
 * import { denoStdin } from "./terminal_io.ts";
 * const input = denoStdin(); // nothing is read until read() is called
 * ```
 */
export function denoStdin(): InputSource {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let cancelled = false;
  return {
    setRaw(raw) {
      if (Deno.stdin.isTerminal()) Deno.stdin.setRaw(raw);
    },
    async read() {
      if (cancelled) return null;
      reader ??= Deno.stdin.readable.getReader();
      const { done, value } = await reader.read();
      return done ? null : value;
    },
    async cancel() {
      cancelled = true;
      await reader?.cancel();
      reader?.releaseLock();
    },
  };
}

/** Signals that end the process, with their numbers (exit code 128 + n). */
const EXIT_SIGNALS: readonly [Deno.Signal, number][] = Deno.build.os === "windows"
  ? [["SIGINT", 2], ["SIGBREAK", 21]]
  : [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]];

/**
 * Exit hooks for a real process: restore on `unload`, on an uncaught error
 * or unhandled rejection (the process still dies and reports it, on a sane
 * screen), and on SIGINT/SIGTERM/SIGHUP, which then exit with 128 + signal.
 * In raw mode Ctrl-C is a key, not SIGINT; the signals come from `kill` or
 * a closed SSH session.
 *
 * @example
 * ```ts
 * import { denoExitHooks } from "./terminal_io.ts";
 * const uninstall = denoExitHooks().install(() => {});
 * uninstall();
 * ```
 */
export function denoExitHooks(exit: (code: number) => void = (code) => Deno.exit(code)): ExitHooks {
  return {
    install(restore) {
      const onEvent = () => restore();
      globalThis.addEventListener("unload", onEvent);
      globalThis.addEventListener("error", onEvent);
      globalThis.addEventListener("unhandledrejection", onEvent);
      const signals: [Deno.Signal, () => void][] = [];
      for (const [signal, n] of EXIT_SIGNALS) {
        const handler = () => {
          restore();
          exit(128 + n);
        };
        try {
          Deno.addSignalListener(signal, handler);
          signals.push([signal, handler]);
        } catch {
          // Not supported here (platform or permissions): unload still restores.
        }
      }
      return () => {
        globalThis.removeEventListener("unload", onEvent);
        globalThis.removeEventListener("error", onEvent);
        globalThis.removeEventListener("unhandledrejection", onEvent);
        for (const [signal, handler] of signals) Deno.removeSignalListener(signal, handler);
      };
    },
  };
}
