/**
 * Embeds the engine's own Lua into TypeScript. Each file of
 * {@linkcode EMBEDDED_LUA} gets a generated module beside it (`sandbox.lua` ->
 * `sandbox_lua.ts`) exporting its text as a string constant (`SANDBOX_LUA`).
 * Published code cannot read files beside it at run time and text imports
 * need an unstable flag, hence generated code.
 *
 * Run `deno task embed-lua` after editing a `.lua` file; `embed_lua_test.ts`
 * fails while a generated module is out of date.
 *
 * @example
 * ```ts ignore
 * // deno task embed-lua
 * import { EMBEDDED_LUA, embeddedModulePath } from "./embed_lua.ts";
 * EMBEDDED_LUA.map(embeddedModulePath); // ["src/api/prelude_lua.ts", ...]
 * ```
 *
 * @module
 */

/**
 * The embedded Lua files, relative to the repository root.
 *
 * @example
 * ```ts
 * import { EMBEDDED_LUA } from "./embed_lua.ts";
 * EMBEDDED_LUA.includes("src/lua/sandbox.lua"); // true
 * ```
 */
export const EMBEDDED_LUA: readonly string[] = [
  "src/api/prelude.lua",
  "src/cli/starter_game.lua",
  "src/lua/batch_runtime.lua",
  "src/lua/library_costs.lua",
  "src/lua/sandbox.lua",
  "src/lua/tagged_value.lua",
];

/** The repository root, where the paths of {@linkcode EMBEDDED_LUA} start. */
const ROOT = new URL("../", import.meta.url);

function baseName(luaPath: string): string {
  const match = /([a-z0-9_]+)\.lua$/.exec(luaPath);
  if (!match) throw new Error(`${luaPath}: expected a snake_case .lua file name`);
  return match[1] as string;
}

/**
 * Path of the module generated from `luaPath`.
 *
 * @example
 * ```ts
 * import { embeddedModulePath } from "./embed_lua.ts";
 * embeddedModulePath("src/lua/sandbox.lua"); // "src/lua/sandbox_lua.ts"
 * ```
 */
export function embeddedModulePath(luaPath: string): string {
  return luaPath.slice(0, -".lua".length) + "_lua.ts";
}

/**
 * Name of the constant the module generated from `luaPath` exports.
 *
 * @example
 * ```ts
 * import { embeddedConstantName } from "./embed_lua.ts";
 * embeddedConstantName("src/lua/tagged_value.lua"); // "TAGGED_VALUE_LUA"
 * ```
 */
export function embeddedConstantName(luaPath: string): string {
  return `${baseName(luaPath).toUpperCase()}_LUA`;
}

/** `text` as the body of a template literal whose value is exactly `text`. */
function templateBody(text: string): string {
  // deno-lint-ignore no-control-regex -- control characters are what it escapes
  return text.replace(/[\\`]|\$\{|[\x00-\x08\x0b-\x1f\x7f]/g, (c) => {
    if (c === "\\" || c === "`") return `\\${c}`;
    if (c === "${") return "\\${";
    // Control characters other than tab and newline, \r included (a template literal reads a raw
    // CR as a newline).
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/**
 * The text of the TypeScript module generated from `luaPath` holding `source`.
 *
 * @example
 * ```ts
 * import { embedLua } from "./embed_lua.ts";
 * embedLua("src/lua/x.lua", "return 1\n").includes("export const X_LUA: string"); // true
 * ```
 */
export function embedLua(luaPath: string, source: string): string {
  const file = `${baseName(luaPath)}.lua`;
  const name = embeddedConstantName(luaPath);
  const module = `./${baseName(luaPath)}_lua.ts`;
  return [
    `// Generated from ${file} by \`deno task embed-lua\`; do not edit.`,
    "",
    "/**",
    ` * The text of \`${file}\`.`,
    " *",
    " * @example",
    " * ```ts",
    ` * import { ${name} } from "${module}";`,
    ` * ${name}.length > 0; // true`,
    " * ```",
    " */",
    // The backslash-newline adds nothing to the string; it keeps the first line short so that
    // deno fmt leaves the declaration as it is.
    `export const ${name}: string = \`\\\n${templateBody(source)}\`;`,
    "",
  ].join("\n");
}

/**
 * Write the generated module of every file of {@linkcode EMBEDDED_LUA} that
 * is out of date, and return their paths.
 *
 * @example
 * ```ts ignore
 * import { writeEmbeddedLua } from "./embed_lua.ts";
 * console.log(await writeEmbeddedLua()); // [] when all are up to date
 * ```
 */
export async function writeEmbeddedLua(): Promise<string[]> {
  const written: string[] = [];
  for (const luaPath of EMBEDDED_LUA) {
    const text = embedLua(luaPath, await Deno.readTextFile(new URL(luaPath, ROOT)));
    const target = new URL(embeddedModulePath(luaPath), ROOT);
    const old = await Deno.readTextFile(target).catch((e) => {
      if (e instanceof Deno.errors.NotFound) return undefined;
      throw e;
    });
    if (old === text) continue;
    await Deno.writeTextFile(target, text);
    written.push(embeddedModulePath(luaPath));
  }
  return written;
}

if (import.meta.main) {
  const written = await writeEmbeddedLua();
  console.log(
    written.length === 0 ? "embed-lua: up to date" : `embed-lua: wrote ${written.join(", ")}`,
  );
}
