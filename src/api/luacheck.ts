/**
 * A luacheck configuration generated from the declarations: the `engine`,
 * `console`, `cvar`, `ecs` and `input` globals with exactly their fields, so
 * luacheck flags `engine.nope()` the same way `check` does.
 *
 * @module
 */
import { metaData } from "./meta.ts";

function fieldList(names: Iterable<string>): string {
  return [...names].sort().map((n) => `"${n}"`).join(", ");
}

/**
 * The text of a `.luacheckrc` for Moonglow games.
 *
 * @example
 * ```ts
 * import { luacheckConfig } from "./luacheck.ts";
 * luacheckConfig().includes('engine = { fields = {'); // true
 * ```
 */
export function luacheckConfig(): string {
  const meta = metaData();
  const globals = [
    `engine = { fields = { ${fieldList([...Object.keys(meta.functions), "__meta"])} } }`,
  ];
  for (const [name, mod] of Object.entries(meta.modules).sort(([a], [b]) => (a < b ? -1 : 1))) {
    globals.push(`${name} = { fields = { ${fieldList(Object.keys(mod.functions))} } }`);
  }
  return [
    "-- Generated from src/api declarations by Moonglow; do not edit.",
    'std = "lua54"',
    "-- Games define their callbacks as globals at the top level of their files.",
    "allow_defined_top = true",
    "-- The engine calls them by name, so luacheck cannot see their uses (W131).",
    'ignore = { "131" }',
    "-- Callbacks receive (ctx, input, dt); not every callback uses every argument.",
    "unused_args = false",
    "max_line_length = false",
    "read_globals = {",
    ...globals.map((g) => `  ${g},`),
    "}",
    "",
  ].join("\n");
}
