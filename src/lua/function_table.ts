/**
 * JavaScript functions that Lua calls through C function pointers (natives, the allocator, the
 * count hook): each is wrapped as a WebAssembly function and placed in the module's function
 * table, whose index is the pointer.
 *
 * Why a one-function module per signature: a table holds only WebAssembly functions, and a plain
 * JavaScript function becomes one by being imported into a module that exports it again.
 *
 * @module
 */

/** Value types of a signature character: `i` i32, `j` i64, `f` f32, `d` f64 (`v` is no result). */
const VALUE_TYPES: Record<string, number> = { i: 0x7f, j: 0x7e, f: 0x7d, d: 0x7c };

/** A signature's value type, or an error naming the character. */
function valueType(sig: string, c: string): number {
  const t = VALUE_TYPES[c];
  if (t === undefined) {
    throw new TypeError(`Function signature "${sig}" has an unknown type "${c}"`);
  }
  return t;
}

/**
 * The bytes of a module that imports `e.f` with signature `sig` (result first, as Emscripten
 * writes them: `"vii"` is `(i32, i32) -> ()`) and exports it as `f`.
 *
 * @example
 * ```ts
 * import { wrapperModuleBytes } from "./function_table.ts";
 * const m = new WebAssembly.Module(wrapperModuleBytes("ii"));
 * console.log(WebAssembly.Module.exports(m)[0]?.name); // "f"
 * ```
 */
export function wrapperModuleBytes(sig: string): Uint8Array<ArrayBuffer> {
  if (sig.length < 1) throw new TypeError("Function signature is empty");
  const result = sig[0] === "v" ? [] : [valueType(sig, sig[0] ?? "")];
  const params = [...sig.slice(1)].map((c) => valueType(sig, c));
  const type = [0x01, 0x60, params.length, ...params, result.length, ...result];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...[0x01, type.length, ...type], // type section: the one signature
    ...[0x02, 0x07, 0x01, 0x01, 0x65, 0x01, 0x66, 0x00, 0x00], // import "e" "f" as func 0
    ...[0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00], // export func 0 as "f"
  ]);
}

/**
 * Adds JavaScript functions to a growable WebAssembly function table and frees their slots.
 *
 * @example
 * ```ts
 * import { FunctionTable } from "./function_table.ts";
 * const table = new FunctionTable(new WebAssembly.Table({ element: "anyfunc", initial: 1 }));
 * const ptr = table.add((a: number) => a + 1, "ii");
 * table.remove(ptr);
 * ```
 */
export class FunctionTable {
  readonly #table: WebAssembly.Table;
  readonly #modules = new Map<string, WebAssembly.Module>();
  readonly #free: number[] = [];
  readonly #live = new Set<number>();

  /** Manage `table` (it must have room to grow). */
  constructor(table: WebAssembly.Table) {
    this.#table = table;
  }

  /**
   * Put `fn` in the table as a function of signature `sig`; returns its index (the C pointer).
   *
   * @throws {TypeError} when `sig` has a character other than `v`, `i`, `j`, `f` or `d`.
   */
  add(fn: (...args: never[]) => unknown, sig: string): number {
    let module = this.#modules.get(sig);
    if (!module) {
      module = new WebAssembly.Module(wrapperModuleBytes(sig));
      this.#modules.set(sig, module);
    }
    const wrapped = new WebAssembly.Instance(module, { e: { f: fn } }).exports.f as () => void;
    const index = this.#free.pop() ?? this.#table.grow(1);
    this.#table.set(index, wrapped);
    this.#live.add(index);
    return index;
  }

  /**
   * Free the slot of a function added with {@link FunctionTable.add}; later adds reuse it.
   *
   * @throws {RangeError} when `index` holds no function added here (freeing twice would hand one
   * slot to two later functions).
   */
  remove(index: number): void {
    if (!this.#live.delete(index)) {
      throw new RangeError(`Function table slot ${index} holds no function added here`);
    }
    this.#table.set(index, null);
    this.#free.push(index);
  }
}
