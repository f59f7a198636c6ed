/**
 * `engine.__meta`: introspection data for every function (twins included),
 * the module functions and both builder classes, rendered as a Lua table
 * constructor from the declarations.
 *
 * @example
 * ```ts
 * import { metaData } from "./meta.ts";
 * metaData().functions["collision_entity_despawn"]?.category; // "entity"
 * ```
 *
 * @module
 */
import type { BuilderMethodDecl, FunctionDecl, ParamDecl } from "./types.ts";
import { BUILDERS, describe, FUNCTIONS, luaTypeName } from "./table.ts";
import { luaData } from "./lua_text.ts";

/**
 * One parameter in `__meta`.
 *
 * @example
 * ```ts
 * import type { MetaParam } from "./meta.ts";
 * const p: MetaParam = { name: "id", type: "integer", description: "Entity id." };
 * ```
 */
export interface MetaParam {
  /** Parameter name. */
  readonly name: string;
  /** Lua type (`integer`, `number`, `string`, `boolean`, `table`, `any`, `string[]`). */
  readonly type: string;
  /** May be omitted. */
  readonly optional?: boolean;
  /** Accepted values. */
  readonly choices?: readonly string[];
  /** Asset kind for asset keys. */
  readonly asset?: string;
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** Description. */
  readonly description: string;
}

/**
 * One function or method in `__meta`.
 *
 * @example
 * ```ts
 * import type { MetaFunction } from "./meta.ts";
 * const f: MetaFunction = { description: "d", category: "entity", params: [], collision: false };
 * ```
 */
export interface MetaFunction {
  /** Description (with the chosen-signature note when applicable). */
  readonly description: string;
  /** Category. */
  readonly category: string;
  /** Parameters. */
  readonly params: readonly MetaParam[];
  /** Lua return type, absent when nothing is returned. */
  readonly returns?: string;
  /** Whether this is a `collision_` twin. */
  readonly collision: boolean;
  /** Usage example. */
  readonly example?: string;
}

/**
 * The whole `engine.__meta` table.
 *
 * @example
 * ```ts
 * import type { Meta } from "./meta.ts";
 * function count(m: Meta): number { return Object.keys(m.functions).length; }
 * ```
 */
export interface Meta {
  /** Engine functions by name, twins included. */
  readonly functions: Readonly<Record<string, MetaFunction>>;
  /** `console`, `cvar`, `ecs`, `input`: functions by name. */
  readonly modules: Readonly<
    Record<string, { readonly functions: Readonly<Record<string, MetaFunction>> }>
  >;
  /** `EntityBuilder` and `CollisionEntityBuilder`. */
  readonly classes: Readonly<
    Record<string, { readonly methods: Readonly<Record<string, MetaFunction>> }>
  >;
}

function metaParam(p: ParamDecl): MetaParam {
  const asset =
    ["texture", "font", "sound", "music", "shader", "tilemap", "animation"].includes(p.type)
      ? p.type
      : undefined;
  return {
    name: p.name,
    type: luaTypeName(p.type),
    ...(p.optional ? { optional: true } : {}),
    ...(p.choices ? { choices: p.choices } : {}),
    ...(asset ? { asset } : {}),
    ...(p.min !== undefined ? { min: p.min } : {}),
    ...(p.max !== undefined ? { max: p.max } : {}),
    description: p.description,
  };
}

function returnsOf(decl: FunctionDecl, collision: boolean): string | undefined {
  if (decl.returns === "EntityBuilder" && collision) return "CollisionEntityBuilder";
  return decl.returns;
}

function metaFunction(decl: FunctionDecl, collision: boolean): MetaFunction {
  const returns = returnsOf(decl, collision);
  return {
    description: collision
      ? `${describe(decl)} Collision queue: applied right after the collision callback.`
      : describe(decl),
    category: decl.category,
    params: decl.params.map(metaParam),
    ...(returns ? { returns } : {}),
    collision,
    example: collision
      ? decl.example.replace(`engine.${decl.name}(`, `engine.collision_${decl.name}(`)
      : decl.example,
  };
}

function metaMethod(m: BuilderMethodDecl, cls: string): MetaFunction {
  return {
    description: describe(m),
    category: "spawn",
    params: m.params.map(metaParam),
    returns: m.kind === "build" ? "integer" : cls,
    collision: cls === "CollisionEntityBuilder",
    example: m.example,
  };
}

/**
 * `engine.__meta` as plain data.
 *
 * @example
 * ```ts
 * import { metaData } from "./meta.ts";
 * Object.keys(metaData().classes); // ["EntityBuilder", "CollisionEntityBuilder"]
 * ```
 */
export function metaData(): Meta {
  const functions: Record<string, MetaFunction> = {};
  const modules: Record<string, { functions: Record<string, MetaFunction> }> = {};
  for (const decl of FUNCTIONS) {
    if (decl.module === "engine") {
      functions[decl.name] = metaFunction(decl, false);
      if (decl.collision) functions[`collision_${decl.name}`] = metaFunction(decl, true);
    } else {
      (modules[decl.module] ??= { functions: {} }).functions[decl.name] = metaFunction(decl, false);
    }
  }
  const classes: Record<string, { methods: Record<string, MetaFunction> }> = {};
  for (const cls of ["EntityBuilder", "CollisionEntityBuilder"]) {
    const methods: Record<string, MetaFunction> = {};
    for (const m of BUILDERS) methods[m.name] = metaMethod(m, cls);
    classes[cls] = { methods };
  }
  return { functions, modules, classes };
}

/**
 * `engine.__meta` as a Lua table constructor.
 *
 * @example
 * ```ts
 * import { metaLua } from "./meta.ts";
 * metaLua().startsWith("{");
 * ```
 */
export function metaLua(): string {
  return luaData(metaData());
}
