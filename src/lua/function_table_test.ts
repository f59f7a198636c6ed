import { assertEquals, assertThrows } from "@std/assert";
import { FunctionTable, wrapperModuleBytes } from "./function_table.ts";

Deno.test("wrapper modules have the signature they were asked for", () => {
  const types = (sig: string) =>
    WebAssembly.Module.imports(new WebAssembly.Module(wrapperModuleBytes(sig))).map((i) => i.kind);
  assertEquals(types("vii"), ["function"]);
  const table = new FunctionTable(new WebAssembly.Table({ element: "anyfunc", initial: 0 }));
  // Called back through the table as wasm would: arguments and results convert as typed.
  const t = new WebAssembly.Table({ element: "anyfunc", initial: 0 });
  const own = new FunctionTable(t);
  const add = own.add((a: number, b: number) => a + b, "iii");
  assertEquals((t.get(add) as (a: number, b: number) => number)(2, 3), 5);
  const wide = own.add((a: bigint) => a * 2n, "jj");
  assertEquals((t.get(wide) as (a: bigint) => bigint)(2n ** 40n), 2n ** 41n);
  const none = own.add(() => 7, "vi");
  assertEquals((t.get(none) as (a: number) => unknown)(1), undefined, "void drops the result");
  assertThrows(() => table.add(() => 0, "ix"), TypeError, 'unknown type "x"');
  assertThrows(() => table.add(() => 0, ""), TypeError, "empty");
});

Deno.test("freed slots are reused, and the table grows only when none is free", () => {
  const t = new WebAssembly.Table({ element: "anyfunc", initial: 1 });
  const table = new FunctionTable(t);
  const a = table.add(() => 1, "i");
  const b = table.add(() => 2, "i");
  assertEquals([a, b, t.length], [1, 2, 3]);
  table.remove(a);
  assertEquals(t.get(a), null);
  const c = table.add(() => 3, "i");
  assertEquals([c, t.length], [a, 3]);
  assertEquals((t.get(c) as () => number)(), 3);
  table.remove(b);
  assertThrows(() => table.remove(b), RangeError, "slot 2 holds no function");
  assertThrows(() => table.remove(0), RangeError, "slot 0");
  assertEquals([table.add(() => 4, "i"), table.add(() => 5, "i")], [b, 3], "no slot handed twice");
});
