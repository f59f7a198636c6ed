/**
 * The vocabulary of the API declaration table: parameter types, categories and
 * the shape of one function or builder-method declaration. Every generated
 * artefact (Lua bindings, codec, `engine.__meta`, stubs, docs) reads these.
 *
 * @example
 * ```ts
 * import type { ParamDecl } from "./types.ts";
 * const p: ParamDecl = { name: "vx", type: "number", description: "Velocity x." };
 * ```
 *
 * @module
 */

/**
 * Kinds of asset keys. A parameter of one of these types is a string that must
 * name an asset loaded earlier (snapshot `assets[kind]` or `rt.local_assets`).
 *
 * @example
 * ```ts
 * import { ASSET_KINDS } from "./types.ts";
 * ASSET_KINDS.includes("texture");
 * ```
 */
export const ASSET_KINDS = [
  "texture",
  "font",
  "sound",
  "music",
  "shader",
  "tilemap",
  "animation",
] as const;

/**
 * One asset kind.
 *
 * @example
 * ```ts
 * import type { AssetKind } from "./types.ts";
 * const k: AssetKind = "sound";
 * ```
 */
export type AssetKind = typeof ASSET_KINDS[number];

/**
 * Type of one parameter. Numbers travel as `<d`; `integer` and `id` are
 * checked for integer-ness (`id` also non-zero, provisional negatives allowed);
 * `callback` is the name of a global Lua function; `table` and `any` travel as
 * tagged values; `shader_list` is a list of shader keys.
 *
 * @example
 * ```ts
 * import type { ParamType } from "./types.ts";
 * const t: ParamType = "id";
 * ```
 */
export type ParamType =
  | "number"
  | "integer"
  | "id"
  | "string"
  | "boolean"
  | "callback"
  | "table"
  | "any"
  | "shader_list"
  | AssetKind;

/**
 * Declaration of one parameter.
 *
 * @example
 * ```ts
 * import type { ParamDecl } from "./types.ts";
 * const p: ParamDecl = { name: "r", type: "integer", min: 0, max: 255, description: "Red." };
 * ```
 */
export interface ParamDecl {
  /** Lua-visible parameter name (also the key in decoded `args`). */
  readonly name: string;
  /** Lua type, see {@linkcode ParamType}. */
  readonly type: ParamType;
  /** May be omitted (or nil); encoded with a presence byte. Only trailing params may be optional. */
  readonly optional?: boolean;
  /** For string params: the only accepted values. */
  readonly choices?: readonly string[];
  /** Inclusive lower bound for numeric params. */
  readonly min?: number;
  /** Inclusive upper bound for numeric params. */
  readonly max?: number;
  /** One sentence for docs and stubs. */
  readonly description: string;
}

/**
 * Categories, in the order the engine applies regular queues, then
 * `cvar` and `console` (applied last), then `log` and `input` which never
 * reach the apply stage (logs go through `rt.log`, input is read only).
 *
 * @example
 * ```ts
 * import { CATEGORIES } from "./types.ts";
 * CATEGORIES.indexOf("spawn") < CATEGORIES.indexOf("entity");
 * ```
 */
export const CATEGORIES = [
  "asset",
  "spawn",
  "clone",
  "entity",
  "signal",
  "group",
  "phase",
  "audio",
  "camera",
  "tilemap",
  "animation",
  "render",
  "cvar",
  "console",
  "log",
  "input",
] as const;

/**
 * One category.
 *
 * @example
 * ```ts
 * import type { Category } from "./types.ts";
 * const c: Category = "entity";
 * ```
 */
export type Category = typeof CATEGORIES[number];

/**
 * Categories whose commands are applied in the apply stage, in apply order.
 *
 * @example
 * ```ts
 * import { APPLY_ORDER } from "./types.ts";
 * APPLY_ORDER[0]; // "asset"
 * ```
 */
export const APPLY_ORDER: readonly Category[] = CATEGORIES.slice(0, 14);

/**
 * Lua global tables the bindings define.
 *
 * @example
 * ```ts
 * import { MODULES } from "./types.ts";
 * MODULES.includes("cvar");
 * ```
 */
export const MODULES = ["engine", "console", "cvar", "ecs", "input"] as const;

/**
 * One Lua module (global table).
 *
 * @example
 * ```ts
 * import type { Module } from "./types.ts";
 * const m: Module = "engine";
 * ```
 */
export type Module = typeof MODULES[number];

/**
 * How a function is implemented:
 * - `command`: validate, encode, `rt.emit`.
 * - `read`: look up `rt.snap` along `read.path`.
 * - `builder`: return a builder whose `build()` emits a spawn / clone command.
 * - `log`: validate then `rt.log(level, msg)`.
 * - `create_entity`: emit an empty spawn and return its provisional id.
 * - `add_component`: map a component table to entity commands.
 *
 * @example
 * ```ts
 * import type { FunctionKind } from "./types.ts";
 * const k: FunctionKind = "read";
 * ```
 */
export type FunctionKind =
  | "command"
  | "read"
  | "builder"
  | "log"
  | "create_entity"
  | "add_component";

/**
 * How a read turns the value found at `path` into the result:
 * `value` as is (nil when missing), `boolean` true only when the value is
 * `true`, `present` true when not nil, `cvar_value` the `.value` field,
 * `xy` two results from `{x, y}` (array or fields).
 *
 * @example
 * ```ts
 * import type { ReadSpec } from "./types.ts";
 * const r: ReadSpec = { path: ["scalars", 1], result: "value" };
 * ```
 */
export interface ReadSpec {
  /** Keys under `rt.snap`; a number `n` means "the value of parameter n" (1-based). */
  readonly path: readonly (string | number)[];
  /** See the type's description. */
  readonly result: "value" | "boolean" | "present" | "cvar_value" | "xy";
}

/**
 * Extra call-site checks implemented once in the Lua prelude.
 *
 * @example
 * ```ts
 * import type { CheckName } from "./types.ts";
 * const c: CheckName = "cvar_set";
 * ```
 */
export type CheckName = "cvar_set" | "cvar_define" | "console_line" | "phase_def" | "anim_rule";

/**
 * Declaration of one Lua function (and, with `collision`, its `collision_` twin).
 *
 * @example
 * ```ts
 * import type { FunctionDecl } from "./types.ts";
 * const d: FunctionDecl = {
 *   name: "entity_freeze", module: "engine", kind: "command", category: "entity",
 *   collision: true, params: [{ name: "id", type: "id", description: "Entity id." }],
 *   description: "Freeze an entity.", example: "engine.entity_freeze(id)",
 * };
 * ```
 */
export interface FunctionDecl {
  /** Name inside its module table. */
  readonly name: string;
  /** Module (global table) holding it. */
  readonly module: Module;
  /** Implementation shape. */
  readonly kind: FunctionKind;
  /** Category (apply order, docs grouping). */
  readonly category: Category;
  /** Also generate `collision_<name>` writing to the collision queue. */
  readonly collision?: boolean;
  /** Parameters in call order. */
  readonly params: readonly ParamDecl[];
  /** Lua return type for meta and stubs (omitted: returns nothing). */
  readonly returns?: string;
  /** One or two sentences. */
  readonly description: string;
  /** A short Lua usage example. */
  readonly example: string;
  /** The signature is Moonglow's own; its description says so. */
  readonly chosen?: boolean;
  /** The first parameter is a key of this asset kind, recorded in `rt.local_assets`. */
  readonly defines?: AssetKind;
  /** For `read`: where to look. */
  readonly read?: ReadSpec;
  /** For `log`: fixed level (otherwise the first param is the level). */
  readonly level?: string;
  /** Extra call-site check. */
  readonly check?: CheckName;
  /** For a world-signal command: what it writes at its key (see {@linkcode SignalWrite}). */
  readonly signalWrite?: SignalWrite;
}

/**
 * The world-signal part a command sets (to its `value`, or `true` for a flag)
 * or clears at its `key`. A collision callback's twin of such a command is
 * seen by the later callbacks of its collision batch at once, as the engine
 * will apply it before they run.
 *
 * @example
 * ```ts
 * import type { SignalWrite } from "./types.ts";
 * const setsScore: SignalWrite = { part: "integers" };
 * ```
 */
export interface SignalWrite {
  /** The snapshot part (world signal kind). */
  readonly part: "scalars" | "integers" | "strings" | "flags";
  /** The command removes the key rather than setting it. */
  readonly clear?: true;
}

/**
 * Declaration of one builder method. `record` methods append an encoded
 * record; `build` emits the command.
 *
 * @example
 * ```ts
 * import type { BuilderMethodDecl } from "./types.ts";
 * const m: BuilderMethodDecl = {
 *   name: "with_frozen", kind: "record", params: [],
 *   description: "Start frozen.", example: "engine.spawn():with_frozen():build()",
 * };
 * ```
 */
export interface BuilderMethodDecl {
  /** Method name. */
  readonly name: string;
  /** `record` or `build`. */
  readonly kind: "record" | "build";
  /** Parameters (excluding self). */
  readonly params: readonly ParamDecl[];
  /** One or two sentences. */
  readonly description: string;
  /** A short Lua usage example. */
  readonly example: string;
  /** The signature is Moonglow's own; its description says so. */
  readonly chosen?: boolean;
  /** Extra call-site check. */
  readonly check?: CheckName;
}

/**
 * A Lua value as carried by a tagged value: nil is `null`, tables are maps
 * whose keys keep Lua's number/string distinction.
 *
 * @example
 * ```ts
 * import type { LuaValue } from "./types.ts";
 * const v: LuaValue = new Map<number | string, LuaValue>([[1, "a"]]);
 * ```
 */
export type LuaValue = null | boolean | number | string | LuaTable;

/**
 * A Lua table (no nil values). Keys iterate numbers ascending, then strings.
 *
 * @example
 * ```ts
 * import type { LuaTable } from "./types.ts";
 * const t: LuaTable = new Map([["x", 1]]);
 * ```
 */
export type LuaTable = ReadonlyMap<number | string, LuaValue>;
