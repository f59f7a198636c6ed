/**
 * Hints for game authors: "did you mean ...?" for misspelt API names, builder
 * methods and callback names, and warnings for mistakes that pass silently
 * (a builder never built, a callback nothing calls, engine calls at the top
 * level of `main.lua`). `check` reports them from the source; the running
 * game reports them as they happen.
 *
 * @example
 * ```ts
 * import { didYouMean } from "./mod.ts";
 * didYouMean("spwan", ["spawn", "clone"]); // "did you mean `spawn`?"
 * ```
 *
 * @module
 */
export * from "../core/edit_distance.ts";
export * from "./game_scan.ts";
export * from "./game_hints.ts";
export * from "./callbacks.ts";
export * from "../lua/hint_messages.ts";
