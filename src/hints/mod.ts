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
export {
  allowedDistance,
  askAbout,
  closestNames,
  didYouMean,
  editDistance,
} from "../core/edit_distance.ts";
export type { ClosestOptions } from "../core/edit_distance.ts";
export { findingText, scanGame } from "./game_scan.ts";
export { GameHints } from "./game_hints.ts";
export type { Finding, FunctionSite, GameScan } from "./game_scan.ts";
export { isEngineCallback, looksLikeCallback, uncalledCallback } from "./callbacks.ts";
export {
  nameHint,
  TOP_LEVEL_CALL,
  unbuiltBuilder,
  undefinedCallback,
  unknownFunction,
  unknownMethod,
} from "../lua/hint_messages.ts";
