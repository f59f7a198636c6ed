/**
 * The one declaration table, in order, and the opcode specs derived from it.
 * Opcodes follow declaration order (regular function, then its collision
 * twin), so the Lua encoder and the TypeScript decoder agree by construction.
 *
 * @example
 * ```ts
 * import { commandSpecByLuaName } from "./table.ts";
 * commandSpecByLuaName("collision_entity_set_velocity")?.collision; // true
 * ```
 *
 * @module
 */
import type { BuilderMethodDecl, FunctionDecl } from "./types.ts";
import { CORE_FUNCTIONS } from "./decl/core.ts";
import { SIGNAL_FUNCTIONS } from "./decl/signals.ts";
import { WORLD_FUNCTIONS } from "./decl/world.ts";
import { ENTITY_FUNCTIONS } from "./decl/entity.ts";
import { MODULE_FUNCTIONS } from "./decl/modules.ts";
import { BUILDER_METHODS } from "./decl/builder.ts";

/**
 * Every function declaration, in opcode order.
 *
 * @example
 * ```ts
 * import { FUNCTIONS } from "./table.ts";
 * FUNCTIONS.length > 100;
 * ```
 */
export const FUNCTIONS: readonly FunctionDecl[] = [
  ...CORE_FUNCTIONS,
  ...SIGNAL_FUNCTIONS,
  ...WORLD_FUNCTIONS,
  ...ENTITY_FUNCTIONS,
  ...MODULE_FUNCTIONS,
];

/**
 * Every builder method declaration, in record-opcode order.
 *
 * @example
 * ```ts
 * import { BUILDERS } from "./table.ts";
 * BUILDERS.some((m) => m.name === "build");
 * ```
 */
export const BUILDERS: readonly BuilderMethodDecl[] = BUILDER_METHODS;

/**
 * Name of a declaration as called from Lua, without the collision prefix:
 * `entity_freeze` for engine functions, `cvar.set` for module functions.
 *
 * @example
 * ```ts
 * import { FUNCTIONS, qualifiedName } from "./table.ts";
 * qualifiedName(FUNCTIONS.find((d) => d.module === "cvar")!); // "cvar.set"
 * ```
 */
export function qualifiedName(decl: FunctionDecl): string {
  return decl.module === "engine" ? decl.name : `${decl.module}.${decl.name}`;
}

/**
 * One opcode of the command stream: a command or builder function, regular or
 * collision variant.
 *
 * @example
 * ```ts
 * import { COMMAND_SPECS } from "./table.ts";
 * COMMAND_SPECS[0]?.op; // 1
 * ```
 */
export interface CommandSpec {
  /** Opcode (`<I2`), from 1. */
  readonly op: number;
  /** Qualified name without the collision prefix (`Command.name`). */
  readonly name: string;
  /** Name as called from Lua (`collision_` prefix for twins). */
  readonly luaName: string;
  /** Whether this is the collision twin. */
  readonly collision: boolean;
  /** The declaration. */
  readonly decl: FunctionDecl;
}

/**
 * One builder record opcode.
 *
 * @example
 * ```ts
 * import { RECORD_SPECS } from "./table.ts";
 * RECORD_SPECS[0]?.decl.name; // "with_position"
 * ```
 */
export interface RecordSpec {
  /** Record opcode (`<I2`), from 1. */
  readonly op: number;
  /** The declaration. */
  readonly decl: BuilderMethodDecl;
}

function buildCommandSpecs(): CommandSpec[] {
  const out: CommandSpec[] = [];
  for (const decl of FUNCTIONS) {
    if (decl.kind !== "command" && decl.kind !== "builder") continue;
    const name = qualifiedName(decl);
    out.push({ op: out.length + 1, name, luaName: name, collision: false, decl });
    if (decl.collision) {
      out.push({ op: out.length + 1, name, luaName: `collision_${name}`, collision: true, decl });
    }
  }
  return out;
}

/**
 * Command opcodes, index `op - 1`.
 *
 * @example
 * ```ts
 * import { COMMAND_SPECS } from "./table.ts";
 * COMMAND_SPECS.every((s, i) => s.op === i + 1);
 * ```
 */
export const COMMAND_SPECS: readonly CommandSpec[] = buildCommandSpecs();

/**
 * Builder record opcodes (every method except `build`), index `op - 1`.
 *
 * @example
 * ```ts
 * import { RECORD_SPECS } from "./table.ts";
 * RECORD_SPECS.every((s) => s.decl.kind === "record");
 * ```
 */
export const RECORD_SPECS: readonly RecordSpec[] = BUILDERS
  .filter((decl) => decl.kind === "record")
  .map((decl, i) => ({ op: i + 1, decl }));

const BY_LUA_NAME = new Map(COMMAND_SPECS.map((s) => [s.luaName, s]));
const RECORD_BY_NAME = new Map(RECORD_SPECS.map((s) => [s.decl.name, s]));

/**
 * Look up a command opcode by its Lua name (`collision_` prefix included).
 *
 * @example
 * ```ts
 * import { commandSpecByLuaName } from "./table.ts";
 * commandSpecByLuaName("spawn")?.decl.kind; // "builder"
 * ```
 */
export function commandSpecByLuaName(luaName: string): CommandSpec | undefined {
  return BY_LUA_NAME.get(luaName);
}

/**
 * Look up a builder record opcode by method name.
 *
 * @example
 * ```ts
 * import { recordSpecByName } from "./table.ts";
 * recordSpecByName("with_position")?.op; // 1
 * ```
 */
export function recordSpecByName(name: string): RecordSpec | undefined {
  return RECORD_BY_NAME.get(name);
}

/**
 * Lua type name of a parameter type, for `__meta`, stubs and docs.
 *
 * @example
 * ```ts
 * import { luaTypeName } from "./table.ts";
 * luaTypeName("id"); // "integer"
 * ```
 */
export function luaTypeName(type: FunctionDecl["params"][number]["type"]): string {
  switch (type) {
    case "number":
    case "integer":
    case "boolean":
    case "table":
    case "any":
    case "string":
      return type;
    case "id":
      return "integer";
    case "shader_list":
      return "string[]";
    default:
      // callback names and asset keys are strings
      return "string";
  }
}

/**
 * Note appended to descriptions whose signature is Moonglow's own.
 *
 * @example
 * ```ts
 * import { CHOSEN_NOTE } from "./table.ts";
 * CHOSEN_NOTE.startsWith("(");
 * ```
 */
export const CHOSEN_NOTE = "(Signature chosen by Moonglow.)";

/**
 * Description of a declaration including the chosen-signature note.
 *
 * @example
 * ```ts
 * import { describe, FUNCTIONS } from "./table.ts";
 * describe(FUNCTIONS[0]!).length > 0;
 * ```
 */
export function describe(decl: FunctionDecl | BuilderMethodDecl): string {
  return decl.chosen ? `${decl.description} ${CHOSEN_NOTE}` : decl.description;
}
