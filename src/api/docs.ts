/**
 * The Markdown API reference, generated from the declarations: grouped by
 * category, each function with signature, parameters, return value,
 * description and example.
 *
 * @example
 * ```ts
 * import { apiDocs } from "./docs.ts";
 * apiDocs().startsWith("# Moonglow Lua API");
 * ```
 *
 * @module
 */
import type { BuilderMethodDecl, FunctionDecl, ParamDecl } from "./types.ts";
import { CATEGORIES } from "./types.ts";
import { BUILDERS, describe, FUNCTIONS, luaTypeName, qualifiedName } from "./table.ts";
import { COMPONENTS } from "./decl/components.ts";

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function typeText(p: ParamDecl): string {
  const base = p.choices ? p.choices.map((c) => `"${c}"`).join(" \\| ") : luaTypeName(p.type);
  const asset =
    ["texture", "font", "sound", "music", "shader", "tilemap", "animation"].includes(p.type)
      ? ` (${p.type} key)`
      : p.type === "callback"
      ? " (global function name)"
      : p.type === "id"
      ? " (entity id)"
      : "";
  const range = p.min !== undefined || p.max !== undefined ? ` ${p.min ?? ""}..${p.max ?? ""}` : "";
  return `${base}${asset}${range}`;
}

function signature(name: string, params: readonly ParamDecl[]): string {
  return `${name}(${params.map((p) => (p.optional ? `${p.name}?` : p.name)).join(", ")})`;
}

function paramTable(params: readonly ParamDecl[]): string[] {
  if (params.length === 0) return [];
  return [
    "| param | type | description |",
    "| --- | --- | --- |",
    ...params.map((p) =>
      `| \`${p.name}${p.optional ? "?" : ""}\` | ${cell(typeText(p))} | ${cell(p.description)} |`
    ),
    "",
  ];
}

function fnDoc(decl: FunctionDecl): string[] {
  const name = decl.module === "engine" ? `engine.${decl.name}` : qualifiedName(decl);
  const twin = decl.collision ? [`Collision twin: \`engine.collision_${decl.name}\`.`, ""] : [];
  return [
    `### \`${signature(name, decl.params)}\``,
    "",
    describe(decl),
    "",
    ...twin,
    ...paramTable(decl.params),
    `Returns: ${decl.returns ? `\`${decl.returns}\`` : "nothing"}.`,
    "",
    "```lua",
    decl.example,
    "```",
    "",
  ];
}

function methodDoc(m: BuilderMethodDecl): string[] {
  return [
    `### \`builder:${signature(m.name, m.params)}\``,
    "",
    describe(m),
    "",
    ...paramTable(m.params),
    `Returns: ${m.kind === "build" ? "`integer` (provisional id)" : "the builder"}.`,
    "",
    "```lua",
    m.example,
    "```",
    "",
  ];
}

/**
 * The API reference as Markdown.
 *
 * @example
 * ```ts
 * import { apiDocs } from "./docs.ts";
 * apiDocs().includes("### `engine.entity_set_velocity(id, vx, vy)`");
 * ```
 */
export function apiDocs(): string {
  const out: string[] = [
    "# Moonglow Lua API",
    "",
    "Generated from `src/api` declarations; do not edit. Functions marked with a collision twin",
    "also exist as `collision_<name>`, which queue into the collision queues applied right after",
    "the running collision callback. Wrong arguments raise an error at the call site naming the",
    "function and the parameter.",
    "",
  ];
  for (const cat of CATEGORIES) {
    const decls = FUNCTIONS.filter((d) => d.category === cat);
    if (decls.length === 0) continue;
    out.push(`## ${cat}`, "");
    for (const d of decls) out.push(...fnDoc(d));
  }
  out.push(
    "## Entity builder",
    "",
    "`engine.spawn()`, `engine.clone(key)` and their `collision_` versions return a builder",
    "(`EntityBuilder` / `CollisionEntityBuilder`) with these methods. Each `with_*` returns the",
    "builder; `build()` queues the entity once and returns its provisional id.",
    "",
  );
  for (const m of BUILDERS) out.push(...methodDoc(m));
  out.push("## Components for `ecs.addComponent`", "", "| component | fields |", "| --- | --- |");
  for (const c of COMPONENTS) out.push(`| \`${c.name}\` | ${cell(c.description)} |`);
  out.push("");
  return out.join("\n");
}
