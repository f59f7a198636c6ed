/**
 * The terminal renderer and its parts.
 *
 * @example
 * ```ts
 * import { TerminalRenderer } from "./mod.ts";
 * const renderer = new TerminalRenderer();
 * await renderer.start();
 * ```
 *
 * @module
 */

export * from "./terminal_renderer.ts";
export * from "./errors.ts";
export * from "./terminal_io.ts";
export {
  PngTextureSampler,
  type PngTextureSamplerOptions,
  type TextureFrame,
  type TextureSampler,
} from "./texture_sampler.ts";
export type { ConsoleSize } from "./layout.ts";
export { DEFAULT_HOLD_TIMING, type HoldTiming } from "./key_hold.ts";
