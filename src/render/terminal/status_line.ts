/**
 * The status line text at the bottom of the terminal renderer.
 *
 * @example
 * ```ts
 * import { formatStatus } from "./status_line.ts";
 * formatStatus({ fps: 59.7, entities: 42, frameMs: 1.234, errors: 0, scene: "menu" });
 * // "FPS 60 | entities 42 | 1.2 ms | errors 0 | scene menu | q quit, ` console"
 * ```
 *
 * @module
 */

import type { RenderFrame } from "../../core/render_types.ts";

/**
 * Format the frame's status facts: the game's title when known, FPS
 * rounded, frame time to 0.1 ms, and the two keys the renderer reserves.
 *
 * @example
 * ```ts
 * import { formatStatus } from "./status_line.ts";
 * formatStatus({ fps: 30, entities: 0, frameMs: 16, errors: 2, scene: "game" }).startsWith("FPS 30 |"); // true
 * ```
 */
export function formatStatus(status: RenderFrame["status"]): string {
  const num = (n: number, digits: number) => Number.isFinite(n) ? n.toFixed(digits) : "-";
  const title = status.title === undefined ? "" : `${status.title} | `;
  const profile = status.profile === undefined ? "" : ` | ${status.profile}`;
  return `${title}FPS ${num(status.fps, 0)} | entities ${status.entities} | ${
    num(status.frameMs, 1)
  } ms | errors ${status.errors} | scene ${status.scene}${profile} | q quit, \` console`;
}
