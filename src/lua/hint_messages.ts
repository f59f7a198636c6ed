/**
 * The sentences of the hints, shared by `check` and the running game (the
 * Lua runtime asks for them through a VM native), so a mistake reads the
 * same wherever it is found.
 *
 * @example
 * ```ts
 * import { unknownFunction } from "./hint_messages.ts";
 * unknownFunction("engine", "entity_set_velocty", ["entity_set_velocity"]);
 * // "unknown engine function engine.entity_set_velocty; did you mean `engine.entity_set_velocity`?"
 * ```
 *
 * @module
 */
import { askAbout, closestNames, didYouMean, withHint } from "../core/edit_distance.ts";

/**
 * `module.name` is not a function of that module table.
 *
 * @example
 * ```ts
 * import { unknownFunction } from "./hint_messages.ts";
 * unknownFunction("cvar", "gett", ["get", "set"]); // "unknown cvar function cvar.gett; did you mean `cvar.get`?"
 * ```
 */
export function unknownFunction(module: string, name: string, known: Iterable<string>): string {
  const close = closestNames(name, known).map((n) => `${module}.${n}`);
  return withHint(`unknown ${module} function ${module}.${name}`, askAbout(close));
}

/**
 * `builder:name(...)` is not a builder method.
 *
 * @example
 * ```ts
 * import { unknownMethod } from "./hint_messages.ts";
 * unknownMethod("with_positon", ["with_position", "build"]);
 * // "unknown builder method with_positon; did you mean `with_position`?"
 * ```
 */
export function unknownMethod(name: string, known: Iterable<string>): string {
  return withHint(`unknown builder method ${name}`, didYouMean(name, known));
}

/**
 * A callback name no global function of the game answers to.
 *
 * @example
 * ```ts
 * import { undefinedCallback } from "./hint_messages.ts";
 * undefinedCallback("on_hitt", ["on_hit"]); // "callback 'on_hitt' is not defined by the game; did you mean `on_hit`?"
 * ```
 */
export function undefinedCallback(name: string, functions: Iterable<string>): string {
  return withHint(`callback '${name}' is not defined by the game`, didYouMean(name, functions));
}

/**
 * An engine call at the top level of `main.lua`, which runs before the game
 * has a world to change: its command is dropped.
 *
 * @example
 * ```ts
 * import { TOP_LEVEL_CALL } from "./hint_messages.ts";
 * TOP_LEVEL_CALL.endsWith("move them into on_setup"); // true
 * ```
 */
export const TOP_LEVEL_CALL =
  "engine calls at the top level of main.lua are ignored; move them into on_setup";

/**
 * A builder made by `engine.<maker>()` that nothing builds.
 *
 * @example
 * ```ts
 * import { unbuiltBuilder } from "./hint_messages.ts";
 * unbuiltBuilder("spawn"); // "engine.spawn() makes a builder that is never built; end its chain with :build()"
 * ```
 */
export function unbuiltBuilder(maker: string): string {
  return `engine.${maker}() makes a builder that is never built; end its chain with :build()`;
}

/**
 * The sentence for a lookup that failed at run time, by `kind`: `"builder"`
 * for a builder method ({@linkcode unknownMethod}), `"callback"` for a
 * callback name (only the question: the caller has its own sentence), else
 * the module table the name was looked up in ({@linkcode unknownFunction}).
 *
 * @example
 * ```ts
 * import { nameHint } from "./hint_messages.ts";
 * nameHint("callback", "on_hitt", ["on_hit"]); // "did you mean `on_hit`?"
 * nameHint("engine", "spwan", ["spawn"]); // "unknown engine function engine.spwan; did you mean `engine.spawn`?"
 * ```
 */
export function nameHint(kind: string, name: string, known: readonly string[]): string {
  if (kind === "builder") return unknownMethod(name, known);
  if (kind === "callback") return didYouMean(name, known);
  return unknownFunction(kind, name, known);
}
