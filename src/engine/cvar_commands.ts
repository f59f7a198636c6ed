/**
 * Applying the Lua `cvar` module's commands (`cvar.set`, `cvar.on_change`,
 * `cvar.define`) to the registry. Bad values were rejected at the Lua call
 * site; anything still refused here is logged, never thrown. These commands
 * are game code's, so `cvar.set` of a `protected` CVar is refused here too,
 * and a game may not define a CVar `protected`.
 *
 * @module
 */
import type { FunctionCommand, LuaTable, LuaValue } from "../api/mod.ts";
import {
  CVAR_FLAGS,
  type CVarDefinition,
  type CVarFlag,
  type CVarRegistry,
  type CVarType,
  type CVarValue,
} from "../cvar/mod.ts";
import type { Result } from "../core/errors.ts";
import type { EngineLog } from "../state/log.ts";

type CVarCommand = Extract<FunctionCommand, { category: "cvar" }>;

const TYPES: readonly CVarType[] = ["bool", "int", "float", "string"];

function field(t: LuaTable, key: string): LuaValue | undefined {
  const v = t.get(key);
  return v === null ? undefined : v;
}

function definition(name: string, t: LuaTable): Result<CVarDefinition> {
  const type = field(t, "type");
  if (typeof type !== "string" || !TYPES.includes(type as CVarType)) {
    return { ok: false, error: `type must be one of ${TYPES.join(", ")}` };
  }
  const def = field(t, "default");
  if (typeof def !== "boolean" && typeof def !== "number" && typeof def !== "string") {
    return { ok: false, error: "default must be a boolean, number or string" };
  }
  const min = field(t, "min");
  const max = field(t, "max");
  const description = field(t, "description");
  const choices = field(t, "choices");
  const flags = field(t, "flags");
  if (flags instanceof Map && [...flags.values()].includes("protected")) {
    return { ok: false, error: "the protected flag is kept for the engine's safety limits" };
  }
  const value: CVarDefinition = {
    name,
    type: type as CVarType,
    default: def as CVarValue,
    ...(typeof min === "number" ? { min } : {}),
    ...(typeof max === "number" ? { max } : {}),
    ...(typeof description === "string" ? { description } : {}),
    ...(flags instanceof Map
      ? {
        flags: [...flags.values()].filter((v): v is CVarFlag =>
          typeof v === "string" && CVAR_FLAGS.includes(v as CVarFlag)
        ),
      }
      : {}),
    ...(choices instanceof Map
      ? {
        choices: [...choices.values()].filter((v): v is string | number =>
          typeof v === "string" || typeof v === "number"
        ),
      }
      : {}),
  };
  return { ok: true, value };
}

/**
 * Apply one `cvar.*` command.
 *
 * @example
 * ```ts
 * import { CVarRegistry, defineEngineCVars } from "../cvar/mod.ts";
 * import { applyCVarCommand } from "./cvar_commands.ts";
 * import { EngineLog } from "../state/log.ts";
 * const registry = new CVarRegistry();
 * defineEngineCVars(registry);
 * const args = { name: "sys_tick_hz", value: 30 };
 * applyCVarCommand(registry, new EngineLog(), {
 *   op: 0,
 *   name: "cvar.set",
 *   category: "cvar",
 *   collision: false,
 *   args,
 * });
 * registry.get("sys_tick_hz"); // 30
 * ```
 */
export function applyCVarCommand(registry: CVarRegistry, log: EngineLog, cmd: CVarCommand): void {
  const args = cmd.args as Record<string, unknown>;
  const name = String(args.name ?? "");
  try {
    switch (cmd.name) {
      case "cvar.set": {
        const v = args.value;
        const result = typeof v === "string"
          ? registry.setFromString(name, v, "game")
          : registry.set(name, v as CVarValue, "game");
        if (!result.ok) log.warn(`cvar.set: ${result.error}`);
        return;
      }
      case "cvar.on_change":
        registry.onChange(name, String(args.handler));
        return;
      case "cvar.define": {
        if (registry.has(name)) return; // every reload of on_setup defines again
        const def = definition(name, args.def as LuaTable);
        if (!def.ok) log.warn(`cvar.define: ${name}: ${def.error}`);
        else registry.define(def.value);
        return;
      }
    }
  } catch (e) {
    log.warn(`${cmd.name}: ${(e as Error).message}`);
  }
}
