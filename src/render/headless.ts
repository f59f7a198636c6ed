/**
 * The headless renderer: draws nothing and reports no input. Tests,
 * benchmarks and CI run the engine with it; it counts the frames it was
 * handed so a test can check the render stage ran.
 *
 * @example
 * ```ts
 * import { HeadlessRenderer } from "./headless.ts";
 * const r = new HeadlessRenderer();
 * await r.start();
 * r.poll(); // []
 * await r.stop();
 * ```
 *
 * @module
 */

import type { Renderer, RendererEvent, RenderFrame } from "../core/render_types.ts";

/**
 * A {@linkcode Renderer} with no output and no input.
 *
 * @example
 * ```ts
 * import { HeadlessRenderer } from "./headless.ts";
 * const r = new HeadlessRenderer();
 * await r.start();
 * r.draw({
 *   frame: 0,
 *   view: { width: 320, height: 240 },
 *   camera: { x: 160, y: 120, zoom: 1 },
 *   background: [0, 0, 0, 255],
 *   drawables: [],
 *   status: { fps: 60, entities: 0, frameMs: 0, errors: 0, scene: "main" },
 * });
 * r.framesDrawn; // 1
 * await r.stop();
 * ```
 */
export class HeadlessRenderer implements Renderer {
  #framesDrawn = 0;
  #lastFrame: RenderFrame | undefined;
  #consoleLines: string[] = [];
  #started = false;
  #stopped = false;

  /** Number of frames passed to {@linkcode HeadlessRenderer.draw}. */
  get framesDrawn(): number {
    return this.#framesDrawn;
  }

  /** The last frame drawn, kept by reference (handy for assertions). */
  get lastFrame(): RenderFrame | undefined {
    return this.#lastFrame;
  }

  /** Every line given to {@linkcode HeadlessRenderer.consoleOutput}, in order. */
  get consoleLines(): readonly string[] {
    return this.#consoleLines;
  }

  /** Whether {@linkcode HeadlessRenderer.start} has run. */
  get started(): boolean {
    return this.#started;
  }

  /** Whether {@linkcode HeadlessRenderer.stop} has run. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Nothing to prepare.
   *
   * @example
   * ```ts
   * import { HeadlessRenderer } from "./headless.ts";
   * await new HeadlessRenderer().start();
   * ```
   */
  start(): Promise<void> {
    this.#started = true;
    return Promise.resolve();
  }

  /**
   * Count the frame.
   *
   * @example
   * ```ts
   * import { HeadlessRenderer } from "./headless.ts";
   * const r = new HeadlessRenderer();
   * r.draw({
   *   frame: 7,
   *   view: { width: 1, height: 1 },
   *   camera: { x: 0, y: 0, zoom: 1 },
   *   background: [0, 0, 0, 255],
   *   drawables: [],
   *   status: { fps: 0, entities: 0, frameMs: 0, errors: 0, scene: "" },
   * });
   * r.lastFrame?.frame; // 7
   * ```
   */
  draw(frame: RenderFrame): void {
    this.#framesDrawn++;
    this.#lastFrame = frame;
  }

  /**
   * No input, ever.
   *
   * @example
   * ```ts
   * import { HeadlessRenderer } from "./headless.ts";
   * new HeadlessRenderer().poll(); // []
   * ```
   */
  poll(): RendererEvent[] {
    return [];
  }

  /**
   * Keep the lines (nothing is shown).
   *
   * @example
   * ```ts
   * import { HeadlessRenderer } from "./headless.ts";
   * const r = new HeadlessRenderer();
   * r.consoleOutput(["r_fov = 90"]);
   * r.consoleLines; // ["r_fov = 90"]
   * ```
   */
  consoleOutput(lines: readonly string[]): void {
    this.#consoleLines.push(...lines);
  }

  /**
   * Nothing to restore; safe to call twice.
   *
   * @example
   * ```ts
   * import { HeadlessRenderer } from "./headless.ts";
   * const r = new HeadlessRenderer();
   * await r.stop();
   * await r.stop();
   * ```
   */
  stop(): Promise<void> {
    this.#stopped = true;
    return Promise.resolve();
  }
}
