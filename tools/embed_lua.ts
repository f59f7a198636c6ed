/**
 * Embeds the engine's own Lua into TypeScript. Each file of
 * {@linkcode EMBEDDED_LUA} gets a generated module beside it (`sandbox.lua` ->
 * `sandbox_lua.ts`) exporting its text as a string constant (`SANDBOX_LUA`).
 * Published code cannot read files beside it at run time and text imports
 * need an unstable flag, hence generated code: one JSON string literal on
 * one line.
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
  "src/lua/batch_callbacks.lua",
  "src/lua/batch_decode.lua",
  "src/lua/batch_entry.lua",
  "src/lua/batch_game_env.lua",
  "src/lua/batch_profile.lua",
  "src/lua/batch_runtime.lua",
  "src/lua/batch_sink.lua",
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

/**
 * `text` as one string literal, quoted as deno fmt quotes it (double quotes
 * unless the text holds more of them than single quotes), so that the
 * generated module is formatted already.
 */
function stringLiteral(text: string): string {
  const doubles = text.split('"').length, singles = text.split("'").length;
  const quote = doubles > singles ? "'" : '"';
  // deno-lint-ignore no-control-regex -- control characters are what it escapes
  return quote + text.replace(/[\\\n\r\t'"\x00-\x1f\x7f\u2028\u2029]/g, (c) => {
    if (c === "\\") return "\\\\";
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    if (c === '"' || c === "'") return c === quote ? `\\${c}` : c;
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  }) + quote;
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
    // One JSON string literal: the Lua file is the source to read, and a single line keeps the
    // copy out of line counts and repeated-code scans.
    `export const ${name}: string =`,
    `  ${stringLiteral(source)};`,
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
