/**
 * LuaLS definition file (`engine.lua`) generated from the declarations, so
 * editors and linters know every function, parameter and builder method.
 *
 * @example
 * ```ts
 * import { luaStubs } from "./stubs.ts";
 * luaStubs().startsWith("---@meta");
 * ```
 *
 * @module
 */
import type { BuilderMethodDecl, FunctionDecl, ParamDecl } from "./types.ts";
import { BUILDERS, describe, FUNCTIONS, luaTypeName } from "./table.ts";
import { MODULES } from "./types.ts";

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ");
}

function paramType(p: ParamDecl): string {
  if (p.choices) return p.choices.map((c) => JSON.stringify(c)).join("|");
  return luaTypeName(p.type);
}

function paramLines(params: readonly ParamDecl[]): string[] {
  return params.map((p) =>
    `---@param ${p.name}${p.optional ? "?" : ""} ${paramType(p)} ${oneLine(p.description)}`
  );
}

function returnLines(returns: string | undefined): string[] {
  if (!returns) return [];
  return returns.split(",").map((r) => `---@return ${r.trim()}`);
}

function fnStub(owner: string, name: string, decl: FunctionDecl, collision: boolean): string {
  const returns = collision && decl.returns === "EntityBuilder"
    ? "CollisionEntityBuilder"
    : decl.returns;
  const note = collision ? " Collision queue: applied right after the collision callback." : "";
  return [
    `---${oneLine(describe(decl))}${note}`,
    ...paramLines(decl.params),
    ...returnLines(returns),
    `function ${owner}.${name}(${decl.params.map((p) => p.name).join(", ")}) end`,
  ].join("\n");
}

function methodStub(cls: string, m: BuilderMethodDecl): string {
  return [
    `---${oneLine(describe(m))}`,
    ...paramLines(m.params),
    `---@return ${m.kind === "build" ? "integer" : cls}`,
    `function ${cls}:${m.name}(${m.params.map((p) => p.name).join(", ")}) end`,
  ].join("\n");
}

/**
 * The `engine.lua` LuaLS definitions file.
 *
 * @example
 * ```ts
 * import { luaStubs } from "./stubs.ts";
 * luaStubs().includes("function engine.entity_set_velocity(id, vx, vy) end");
 * ```
 */
export function luaStubs(): string {
  const out: string[] = [
    "---@meta",
    "-- Moonglow Lua API definitions for LuaLS. Generated from src/api; do not edit.",
    "",
  ];
  for (const cls of ["EntityBuilder", "CollisionEntityBuilder"]) {
    out.push(`---@class ${cls}`, `local ${cls} = {}`, "");
    for (const m of BUILDERS) out.push(methodStub(cls, m), "");
  }
  for (const mod of MODULES) {
    out.push(`---@class ${mod}`, `${mod} = {}`, "");
    if (mod === "engine") {
      out.push(
        "---Introspection data: functions, modules and builder classes.",
        "---@type table",
        "engine.__meta = {}",
        "",
      );
    }
    for (const decl of FUNCTIONS) {
      if (decl.module !== mod) continue;
      out.push(fnStub(mod, decl.name, decl, false), "");
      if (decl.collision) out.push(fnStub(mod, `collision_${decl.name}`, decl, true), "");
    }
  }
  return out.join("\n");
}
