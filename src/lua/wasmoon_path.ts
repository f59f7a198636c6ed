/**
 * Finds wasmoon's `glue.wasm` on disk, for the tests and benchmarks that compare the engine with
 * wasmoon (the engine runs its own build, `wasm/lua.wasm`). Inside a Worker wasmoon would otherwise
 * fetch the file from a CDN, which is slow, needs the network and may serve another build.
 *
 * @example
 * ```ts
 * import { resolveGlueWasmPath } from "./wasmoon_path.ts";
 * const path = resolveGlueWasmPath();
 * console.log(path.endsWith("glue.wasm"));
 * ```
 *
 * @module
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { WasmoonNotFoundError } from "./errors.ts";

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Candidate paths, most specific first; each entry is a path or a note on why it failed. */
function candidates(): { paths: string[]; notes: string[] } {
  const paths: string[] = [];
  const notes: string[] = [];
  try {
    // The import map resolves "wasmoon" to .../wasmoon/dist/index.js in node_modules.
    const index = import.meta.resolve("wasmoon");
    if (index.startsWith("file:")) {
      paths.push(fileURLToPath(new URL("glue.wasm", index)));
    } else notes.push(`import.meta.resolve("wasmoon") gave ${index}`);
  } catch (e) {
    notes.push(`import.meta.resolve("wasmoon") failed: ${e instanceof Error ? e.message : e}`);
  }
  try {
    paths.push(createRequire(import.meta.url).resolve("wasmoon/dist/glue.wasm"));
  } catch (e) {
    notes.push(`require.resolve failed: ${e instanceof Error ? e.message : e}`);
  }
  try {
    paths.push(
      fileURLToPath(new URL("../../node_modules/wasmoon/dist/glue.wasm", import.meta.url)),
    );
  } catch {
    notes.push("module is not on the local file system");
  }
  try {
    paths.push(`${Deno.cwd()}/node_modules/wasmoon/dist/glue.wasm`);
  } catch (e) {
    notes.push(`Deno.cwd() failed: ${e instanceof Error ? e.message : e}`);
  }
  return { paths, notes };
}

/**
 * Returns the absolute path of wasmoon's `glue.wasm`, trying `import.meta.resolve`, Node's
 * `require.resolve`, the project's `node_modules` and the working directory's `node_modules`.
 *
 * @throws {WasmoonNotFoundError} when none of them exists; the error names what was tried.
 * @example
 * ```ts
 * import { resolveGlueWasmPath } from "./wasmoon_path.ts";
 * const wasm = resolveGlueWasmPath();
 * ```
 */
export function resolveGlueWasmPath(): string {
  const { paths, notes } = candidates();
  for (const p of paths) if (exists(p)) return p;
  throw new WasmoonNotFoundError([...paths.map((p) => `${p} (missing)`), ...notes]);
}
