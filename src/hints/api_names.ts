/**
 * The names the static hints know, all derived from the API declarations:
 * each module's functions (collision twins included), the builder methods,
 * which calls make a builder, which ones queue a command (and so do nothing
 * at the top level of main.lua), and where a call takes a callback name.
 *
 * @example
 * ```ts
 * import { apiNames } from "./api_names.ts";
 * apiNames().modules.get("engine")?.has("collision_entity_set_velocity"); // true
 * ```
 *
 * @module
 */
import { BUILDERS, FUNCTIONS } from "../api/mod.ts";
import type { FunctionDecl, ParamDecl } from "../api/mod.ts";

/** The API's names as the static hints use them. */
export interface ApiNames {
  /** Functions of each module table (`engine`, `console`, `cvar`, `ecs`, `input`). */
  readonly modules: ReadonlyMap<string, ReadonlySet<string>>;
  /** Builder methods (`with_position`, `build`, ...). */
  readonly builderMethods: ReadonlySet<string>;
  /** Engine functions returning a builder (`spawn`, `clone` and twins). */
  readonly builderMakers: ReadonlySet<string>;
  /** `module.name` of functions that queue a command (dropped outside callbacks). */
  readonly queued: ReadonlySet<string>;
  /**
   * 0-based argument positions that name a callback: `module.name` for
   * functions, `:name` for builder methods.
   */
  readonly callbackArgs: ReadonlyMap<string, readonly number[]>;
  /** `:name` of builder methods whose table argument names phase callbacks. */
  readonly phaseMethods: ReadonlySet<string>;
}

// Kinds whose calls only queue a command (reads and log lines act at once).
const QUEUED_KINDS = new Set<FunctionDecl["kind"]>([
  "command",
  "builder",
  "create_entity",
  "add_component",
]);

function callbackPositions(params: readonly ParamDecl[]): number[] {
  return params.flatMap((p, i) => (p.type === "callback" ? [i] : []));
}

let cached: ApiNames | undefined;

/**
 * The names, built once from the declarations.
 *
 * @example
 * ```ts
 * import { apiNames } from "./api_names.ts";
 * apiNames().callbackArgs.get(":with_lua_timer"); // [1]
 * ```
 */
export function apiNames(): ApiNames {
  if (cached) return cached;
  const modules = new Map<string, Set<string>>();
  const builderMakers = new Set<string>();
  const queued = new Set<string>();
  const callbackArgs = new Map<string, number[]>();
  for (const decl of FUNCTIONS) {
    const names = decl.collision ? [decl.name, `collision_${decl.name}`] : [decl.name];
    let set = modules.get(decl.module);
    if (!set) modules.set(decl.module, set = new Set());
    for (const name of names) {
      set.add(name);
      if (decl.kind === "builder") builderMakers.add(name);
      if (QUEUED_KINDS.has(decl.kind)) queued.add(`${decl.module}.${name}`);
      const at = callbackPositions(decl.params);
      if (at.length) callbackArgs.set(`${decl.module}.${name}`, at);
    }
  }
  const phaseMethods = new Set<string>();
  for (const m of BUILDERS) {
    const at = callbackPositions(m.params);
    if (at.length) callbackArgs.set(`:${m.name}`, at);
    if (m.check === "phase_def") phaseMethods.add(`:${m.name}`);
  }
  cached = {
    modules,
    builderMethods: new Set(BUILDERS.map((m) => m.name)),
    builderMakers,
    queued,
    callbackArgs,
    phaseMethods,
  };
  return cached;
}
