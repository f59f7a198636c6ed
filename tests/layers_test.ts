/**
 * The folders of `src/` form layers, and a module imports only from its own
 * folder or from folders below it. The order is drawn in
 * docs/architecture.md. Tests are exempt: a test of a lower layer may drive
 * it through a higher one.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { dirname, join, relative, resolve } from "node:path";

/** Bottom first. */
export const LAYERS: readonly string[] = [
  "std",
  "core",
  "signals",
  "ecs",
  "input",
  "assets",
  "cvar",
  "lua",
  "api",
  "hints",
  "gameplay",
  "state",
  "commands",
  "systems",
  "engine",
  "render",
  "cli",
];

const SRC = resolve(import.meta.dirname ?? ".", "../src");

function isTestFile(path: string): boolean {
  return /(_test|_bench|_test_[a-z_]+|_test_helpers|_test_util)\.ts$/.test(path) ||
    /\/_[a-z_]*test[a-z_]*\.ts$/.test(path);
}

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts") && !isTestFile(path)) yield path;
  }
}

/** Relative specifiers a module loads: static and dynamic imports, re-exports, worker URLs. */
export function relativeImports(source: string): string[] {
  // Block comments hold doc examples, whose imports are not the module's.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found: string[] = [];
  const patterns = [
    /\bfrom\s+["'](\.{1,2}\/[^"']+)["']/g,
    /\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']/g,
    /\bimport\s+["'](\.{1,2}\/[^"']+)["']/g,
    /\bnew URL\(\s*["'](\.{1,2}\/[^"']+)["']\s*,\s*import\.meta\.url/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]!);
  return found;
}

function layerOf(path: string): string {
  return relative(SRC, path).split("/")[0]!;
}

Deno.test("every folder of src/ has a place in the layer order", async () => {
  const folders: string[] = [];
  for await (const entry of Deno.readDir(SRC)) {
    if (entry.isDirectory) folders.push(entry.name);
    else assert(!entry.name.endsWith(".ts"), `src/${entry.name} belongs in a folder`);
  }
  assertEquals(folders.filter((f) => !LAYERS.includes(f)), [], "folders missing from LAYERS");
});

Deno.test("modules import only from their own layer or the layers below", async () => {
  const upward: string[] = [];
  for await (const file of sourceFiles(SRC)) {
    const from = LAYERS.indexOf(layerOf(file));
    for (const spec of relativeImports(await Deno.readTextFile(file))) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC + "/")) continue;
      const to = LAYERS.indexOf(layerOf(target));
      if (to > from) upward.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
    }
  }
  assertEquals(upward, [], "imports that reach up a layer");
});

Deno.test("relativeImports finds imports, re-exports and worker URLs but not doc examples", () => {
  const source = [
    "/**",
    ' * import { x } from "../cli/main.ts";',
    " */",
    'import { a } from "./a.ts";',
    'export { b } from "../b/b.ts";',
    'const w = new URL("./worker.ts", import.meta.url);',
    'const m = await import("../m.ts");',
    '// import { c } from "../c.ts";',
  ].join("\n");
  assertEquals(relativeImports(source).sort(), ["../b/b.ts", "../m.ts", "./a.ts", "./worker.ts"]);
});
