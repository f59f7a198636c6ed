/**
 * Typed decoded commands, derived at the type level from the declarations, so
 * a processor can `switch (cmd.name)` and get typed `args`.
 *
 * @example
 * ```ts
 * import type { Command } from "./command.ts";
 * function speed(cmd: Command): number | undefined {
 *   return cmd.name === "entity_set_speed" ? cmd.args.speed : undefined;
 * }
 * ```
 *
 * @module
 */
import type { LuaTable, LuaValue, ParamType } from "./types.ts";
import type { CORE_FUNCTIONS } from "./decl/core.ts";
import type { SIGNAL_FUNCTIONS } from "./decl/signals.ts";
import type { WORLD_FUNCTIONS } from "./decl/world.ts";
import type { ENTITY_FUNCTIONS } from "./decl/entity.ts";
import type { MODULE_FUNCTIONS } from "./decl/modules.ts";
import type { BUILDER_METHODS } from "./decl/builder.ts";

/**
 * Union of the literal types of every function declaration.
 *
 * @example
 * ```ts
 * import type { AnyFunctionDecl } from "./command.ts";
 * ```
 */
export type AnyFunctionDecl =
  | typeof CORE_FUNCTIONS[number]
  | typeof SIGNAL_FUNCTIONS[number]
  | typeof WORLD_FUNCTIONS[number]
  | typeof ENTITY_FUNCTIONS[number]
  | typeof MODULE_FUNCTIONS[number];

/**
 * Declarations of `kind: "command"`.
 *
 * @example
 * ```ts
 * import type { CommandDecl } from "./command.ts";
 * ```
 */
export type CommandDecl = Extract<AnyFunctionDecl, { readonly kind: "command" }>;
/**
 * Builder method declarations of `kind: "record"`.
 *
 * @example
 * ```ts
 * import type { RecordDecl } from "./command.ts";
 * ```
 */
export type RecordDecl = Extract<typeof BUILDER_METHODS[number], { readonly kind: "record" }>;

/**
 * TypeScript type decoded for a parameter type.
 *
 * @example
 * ```ts
 * import type { TsType } from "./command.ts";
 * ```
 */
export type TsType<T extends ParamType> = T extends "number" | "integer" | "id" ? number
  : T extends "boolean" ? boolean
  : T extends "table" ? LuaTable
  : T extends "any" ? LuaValue
  : T extends "shader_list" ? readonly string[]
  : string;

/**
 * TypeScript type decoded for one parameter declaration (choices become literal unions).
 *
 * @example
 * ```ts
 * import type { ParamValue } from "./command.ts";
 * ```
 */
export type ParamValue<P> = P extends { readonly choices: readonly (infer C)[] } ? C
  : P extends { readonly type: infer T extends ParamType } ? TsType<T>
  : never;

/**
 * Flatten an intersection for readable hovers.
 *
 * @example
 * ```ts
 * import type { Simplify } from "./command.ts";
 * ```
 */
export type Simplify<T> = { [K in keyof T]: T[K] } & unknown;

/**
 * The part of a parameter declaration the argument types depend on.
 *
 * @example
 * ```ts
 * import type { ParamLike } from "./command.ts";
 * ```
 */
export type ParamLike = {
  readonly name: string;
  readonly type: ParamType;
  readonly optional?: boolean;
};

/**
 * Decoded arguments of a parameter list: required params are keys, optional
 * ones are absent when omitted in Lua.
 *
 * @example
 * ```ts
 * import type { ArgsOf } from "./command.ts";
 * type A = ArgsOf<readonly [{ readonly name: "x"; readonly type: "number" }]>;
 * const a: A = { x: 1 };
 * ```
 */
export type ArgsOf<Ps extends readonly ParamLike[]> = Simplify<
  & {
    -readonly [P in Ps[number] as P extends { optional: true } ? never : P["name"]]: ParamValue<P>;
  }
  & {
    -readonly [P in Ps[number] as P extends { optional: true } ? P["name"] : never]?: ParamValue<P>;
  }
>;

/**
 * Command name of a declaration (`cvar.set` for module functions).
 *
 * @example
 * ```ts
 * import type { QualifiedName } from "./command.ts";
 * ```
 */
export type QualifiedName<D extends CommandDecl> = D["module"] extends "engine" ? D["name"]
  : `${D["module"]}.${D["name"]}`;

/**
 * The decoded command of one declaration.
 *
 * @example
 * ```ts
 * import type { FunctionCommandOf } from "./command.ts";
 * ```
 */
export type FunctionCommandOf<D> = D extends CommandDecl ? {
    /** Opcode. */
    readonly op: number;
    /** Qualified name without the `collision_` prefix. */
    readonly name: QualifiedName<D>;
    /** Category (apply order). */
    readonly category: D["category"];
    /** Issued through the `collision_` twin. */
    readonly collision: D extends { readonly collision: true } ? boolean : false;
    /** Arguments by parameter name. */
    readonly args: ArgsOf<D["params"]>;
  }
  : never;

/**
 * A decoded non-builder command (every `kind: "command"` declaration).
 *
 * @example
 * ```ts
 * import type { FunctionCommand } from "./command.ts";
 * const c: FunctionCommand = {
 *   op: 1, name: "set_flag", category: "signal", collision: false, args: { key: "k" },
 * };
 * ```
 */
export type FunctionCommand = FunctionCommandOf<CommandDecl>;

/**
 * The decoded record of one builder method declaration.
 *
 * @example
 * ```ts
 * import type { RecordOf } from "./command.ts";
 * ```
 */
export type RecordOf<M> = M extends RecordDecl ? {
    /** Builder method name. */
    readonly method: M["name"];
    /** Arguments by parameter name. */
    readonly args: ArgsOf<M["params"]>;
  }
  : never;

/**
 * One decoded builder record (`with_*` or `register_as`).
 *
 * @example
 * ```ts
 * import type { BuilderRecord } from "./command.ts";
 * const r: BuilderRecord = { method: "with_position", args: { x: 1, y: 2 } };
 * ```
 */
export type BuilderRecord = RecordOf<RecordDecl>;

/**
 * Names of builder record methods.
 *
 * @example
 * ```ts
 * import type { BuilderRecordName } from "./command.ts";
 * const n: BuilderRecordName = "with_group";
 * ```
 */
export type BuilderRecordName = BuilderRecord["method"];

/**
 * A decoded `spawn()` / `collision_spawn()` build (also `ecs.createEntity()`).
 *
 * @example
 * ```ts
 * import type { SpawnCommand } from "./command.ts";
 * const c: SpawnCommand = {
 *   op: 11, name: "spawn", category: "spawn", collision: false,
 *   args: { provisionalId: -1, records: [] },
 * };
 * ```
 */
export interface SpawnCommand {
  /** Opcode. */
  readonly op: number;
  /** Always `spawn`. */
  readonly name: "spawn";
  /** Always `spawn`. */
  readonly category: "spawn";
  /** Issued through `collision_spawn`. */
  readonly collision: boolean;
  /** Provisional id (negative, per callback) and the builder records in call order. */
  readonly args: { readonly provisionalId: number; readonly records: readonly BuilderRecord[] };
}

/**
 * A decoded `clone(key)` / `collision_clone(key)` build.
 *
 * @example
 * ```ts
 * import type { CloneCommand } from "./command.ts";
 * const c: CloneCommand = {
 *   op: 13, name: "clone", category: "clone", collision: false,
 *   args: { provisionalId: -1, sourceKey: "tpl", records: [] },
 * };
 * ```
 */
export interface CloneCommand {
  /** Opcode. */
  readonly op: number;
  /** Always `clone`. */
  readonly name: "clone";
  /** Always `clone`. */
  readonly category: "clone";
  /** Issued through `collision_clone`. */
  readonly collision: boolean;
  /** Provisional id, world key of the source entity, overrides in call order. */
  readonly args: {
    readonly provisionalId: number;
    readonly sourceKey: string;
    readonly records: readonly BuilderRecord[];
  };
}

/**
 * Any decoded command.
 *
 * @example
 * ```ts
 * import type { Command } from "./command.ts";
 * function isEntity(c: Command): boolean { return c.category === "entity"; }
 * ```
 */
export type Command = FunctionCommand | SpawnCommand | CloneCommand;

/**
 * Names of all commands (`Command["name"]`).
 *
 * @example
 * ```ts
 * import type { CommandName } from "./command.ts";
 * const n: CommandName = "cvar.set";
 * ```
 */
export type CommandName = Command["name"];

/**
 * The command with a given name.
 *
 * @example
 * ```ts
 * import type { CommandOf } from "./command.ts";
 * type V = CommandOf<"entity_set_velocity">["args"]["vx"]; // number
 * ```
 */
export type CommandOf<N extends CommandName> = Extract<Command, { readonly name: N }>;
