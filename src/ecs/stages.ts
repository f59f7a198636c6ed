/**
 * The stages of a frame, in the order they run.
 *
 * @module
 */

/**
 * One stage name.
 *
 * @example
 * ```ts
 * import type { Stage } from "./stages.ts";
 * const stage: Stage = "physics";
 * ```
 */
export type Stage =
  | "input"
  | "pre_update"
  | "scripts"
  | "apply"
  | "physics"
  | "collision"
  | "post_update"
  | "render";

/**
 * The stages of a frame, in the order they run.
 *
 * @example
 * ```ts
 * import { STAGES } from "./stages.ts";
 * console.assert(STAGES[0] === "input" && STAGES.at(-1) === "render");
 * ```
 */
export const STAGES: readonly Stage[] = Object.freeze([
  "input",
  "pre_update",
  "scripts",
  "apply",
  "physics",
  "collision",
  "post_update",
  "render",
]);
