/**
 * Generates the Lua side of `ecs.addComponent`: one validator and encoder per
 * component, derived from the entity commands each component feeds.
 *
 * @module
 */
import { commandSpecByLuaName } from "./table.ts";
import { COMPONENTS } from "./decl/components.ts";
import { checkStatement, emitLua } from "./lua_gen.ts";
import { luaString } from "./lua_text.ts";

/**
 * Lua statements defining `ADD[name] = function(id, d)` for every component
 * of `ecs.addComponent`: each checks the component table's fields like the
 * entity commands it feeds, then encodes those commands. A bad field returns
 * its error message (the caller raises it, at the game's line); `label` names
 * the function in those messages (`local F`).
 *
 * @example
 * ```ts
 * import { componentAdders } from "./lua_components.ts";
 * componentAdders("ecs.addComponent").includes('ADD["Velocity"] = function(id, d)');
 * ```
 */
export function componentAdders(label: string): string {
  const lines: string[] = [];
  for (const c of COMPONENTS) {
    const checks: string[] = [];
    const emits: string[] = [];
    let n = 0;
    for (const setter of c.setters) {
      const spec = commandSpecByLuaName(setter.command);
      if (!spec) throw new TypeError(`Component ${c.name} names unknown command ${setter.command}`);
      const rest = spec.decl.params.slice(1);
      const vars = setter.fields.map(() => `f${++n}`);
      const local = `local ${
        vars.length
          ? vars.join(", ") + " = " + setter.fields.map((f) => `d[${luaString(f)}]`).join(", ")
          : ""
      }`;
      const validate = rest.map((p, i) => {
        const v = vars[i];
        if (v === undefined) {
          if (!p.optional) {
            throw new TypeError(`Component ${c.name} leaves ${setter.command}.${p.name} unset`);
          }
          return "";
        }
        // Choice params of entity commands are never component fields.
        return checkStatement(
          { ...p, optional: false },
          "F",
          3,
          `${c.name}.${setter.fields[i]}`,
          v,
          undefined,
          (m) => `return ${m}`,
        );
      }).filter((s) => s !== "");
      const emit = emitLua(
        "<I2d",
        [String(spec.op), "id"],
        rest.map((param, i) => ({ param, v: vars[i] ?? null })),
      );
      if (vars.length) checks.push(local);
      if (setter.optional) {
        const anySet = vars.map((v) => `${v} ~= nil`).join(" or ");
        checks.push(
          `local set${n} = ${anySet}`,
          `if set${n} then`,
          ...validate.map((s) => `  ${s}`),
          "end",
        );
        emits.push(`if set${n} then`, ...emit.map((s) => `  ${s}`), "end");
      } else {
        checks.push(...validate);
        emits.push(emit.length > 1 ? `do ${emit.join("; ")} end` : emit[0]!);
      }
    }
    lines.push(
      `ADD[${luaString(c.name)}] = function(id, d)`,
      ...[...checks, ...emits].map((s) => `  ${s}`),
      "end",
    );
  }
  return [`local F = ${luaString(label)}`, "local ADD = {}", ...lines].join("\n");
}
