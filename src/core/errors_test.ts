import { assert, assertEquals, assertInstanceOf } from "@std/assert";
import { MoonglowError } from "./errors.ts";

const SRC = new URL("../", import.meta.url);
// The stand-ins for `jsr:@std/*` keep the classes of the library they replace.
const OUTSIDE = ["std/"];

/** Every non-test TypeScript module below src/, as a path relative to it. */
async function sourceFiles(dir = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir, SRC))) {
    const path = dir + entry.name;
    if (entry.isDirectory) out.push(...await sourceFiles(`${path}/`));
    else if (/(?<!_test|_bench|_test_worker|_test_helpers)\.ts$/.test(entry.name)) out.push(path);
  }
  return out.filter((p) => !OUTSIDE.some((o) => p.startsWith(o))).sort();
}

type ErrorClass = (abstract new (...args: never[]) => Error) & { code?: unknown };

/** The exported error classes of every module that declares a class. */
async function exportedErrorClasses(): Promise<Map<string, ErrorClass>> {
  const found = new Map<string, ErrorClass>();
  for (const path of await sourceFiles()) {
    const text = await Deno.readTextFile(new URL(path, SRC));
    if (!/\bclass \w+ extends /.test(text)) continue;
    const mod: Record<string, unknown> = await import(new URL(path, SRC).href);
    for (const [name, value] of Object.entries(mod)) {
      if (value === MoonglowError) continue;
      if (typeof value === "function" && value.prototype instanceof Error) {
        found.set(`${path}:${name}`, value as ErrorClass);
      }
    }
  }
  return found;
}

Deno.test("every exported error class extends MoonglowError and declares a distinct code", async () => {
  const classes = await exportedErrorClasses();
  assert(classes.size >= 50, `found only ${classes.size} error classes`);
  const owners = new Map<unknown, string>();
  for (const [where, cls] of classes) {
    assert(cls.prototype instanceof MoonglowError, `${where} does not extend MoonglowError`);
    assert(Object.hasOwn(cls, "code"), `${where} does not declare its own code`);
    assert(typeof cls.code === "string" && /^[A-Z][A-Z0-9_]*$/.test(cls.code), `${where} code`);
    const other = owners.get(cls.code);
    // A class re-exported from a mod.ts is the same class, not a second owner of its code.
    const same = other !== undefined && classes.get(other) === cls;
    assert(other === undefined || same, `${where} reuses the code ${cls.code} of ${other}`);
    owners.set(cls.code, where);
  }
});

Deno.test("no class in src/ extends Error directly except the base", async () => {
  const offenders: string[] = [];
  for (const path of await sourceFiles()) {
    if (path === "core/errors.ts") continue;
    const text = await Deno.readTextFile(new URL(path, SRC));
    for (const m of text.matchAll(/class (\w+) extends (Error|TypeError|RangeError)\b/g)) {
      offenders.push(`${path}: ${m[1]}`);
    }
  }
  assertEquals(offenders, []);
});

Deno.test("an error's code and name come from its class", () => {
  class SampleError extends MoonglowError {
    static override readonly code = "SAMPLE";
  }
  const e = new SampleError("Something failed", { cause: 1 });
  assertInstanceOf(e, Error);
  assertEquals([e.code, e.name, e.message, e.cause], [
    "SAMPLE",
    "SampleError",
    "Something failed",
    1,
  ]);
});
