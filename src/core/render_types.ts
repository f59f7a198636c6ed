/**
 * What the engine hands a renderer each frame: plain data, no ECS access, so
 * renderers (headless, terminal, web) stay independent of the world layout.
 *
 * @module
 */

/**
 * An RGBA colour with channels 0..255.
 *
 * @example
 * ```ts
 * import type { Rgba } from "./render_types.ts";
 * const gold: Rgba = [255, 200, 0, 255];
 * ```
 */
export type Rgba = readonly [number, number, number, number];

/**
 * A shader uniform value, as the `*_set_float|int|vec2|vec4` commands give it.
 *
 * @example
 * ```ts
 * import type { RenderUniform } from "./render_types.ts";
 * const time: RenderUniform = { type: "float", value: 1.5 };
 * ```
 */
export type RenderUniform =
  | { type: "float" | "int"; value: number }
  | { type: "vec2"; value: readonly [number, number] }
  | { type: "vec4"; value: readonly [number, number, number, number] };

/**
 * A fragment shader (by asset key) and the uniforms the game set on it.
 *
 * @example
 * ```ts
 * import type { ShaderUse } from "./render_types.ts";
 * const crt: ShaderUse = { key: "crt", uniforms: { strength: { type: "float", value: 0.5 } } };
 * ```
 */
export interface ShaderUse {
  /** Shader asset key. */
  key: string;
  /** Uniforms by name. */
  uniforms: Readonly<Record<string, RenderUniform>>;
}

/**
 * A registered asset file: as the game named it and resolved inside the game folder.
 *
 * @example
 * ```ts
 * import type { RenderAsset } from "./render_types.ts";
 * const ball: RenderAsset = { path: "assets/ball.png", resolved: "/games/pong/assets/ball.png" };
 * ```
 */
export interface RenderAsset {
  /** Path relative to the game folder (what the web page asks the server for). */
  path: string;
  /** Absolute path on disk (what local renderers read). */
  resolved: string;
  /** Font size (fonts only). */
  size?: number;
}

/**
 * The registered asset files by kind, then key.
 *
 * @example
 * ```ts
 * import type { RenderAssets } from "./render_types.ts";
 * const texturePaths = (a: RenderAssets) => Object.values(a.texture).map((t) => t.resolved);
 * ```
 */
export interface RenderAssets {
  /** PNG textures. */
  texture: Readonly<Record<string, RenderAsset>>;
  /** TTF fonts. */
  font: Readonly<Record<string, RenderAsset>>;
  /** Sound effects. */
  sound: Readonly<Record<string, RenderAsset>>;
  /** Music. */
  music: Readonly<Record<string, RenderAsset>>;
  /** GLSL fragment shaders. */
  shader: Readonly<Record<string, RenderAsset>>;
}

/**
 * An audio command applied this frame (`id` is `null` for the stop-all actions).
 *
 * @example
 * ```ts
 * import type { AudioCue } from "./render_types.ts";
 * const cue: AudioCue = { action: "play_sound", id: "hit" };
 * ```
 */
export interface AudioCue {
  /** `play_music`, `play_sound`, `stop_all_music` or `stop_all_sounds`. */
  action: string;
  /** Sound or music key. */
  id: string | null;
}

/**
 * A Lua error recorded this frame (the message carries `file:line`).
 *
 * @example
 * ```ts
 * import type { RenderError } from "./render_types.ts";
 * const shown = (e: RenderError) => `${e.message} (${e.callback})`;
 * ```
 */
export interface RenderError {
  /** Frame it happened on. */
  frame: number;
  /** Callback name. */
  callback: string;
  /** Entity id, `null` for global callbacks. */
  entity: number | null;
  /** Message with `file:line`. */
  message: string;
}

/**
 * One line of the on-screen error overlay: a distinct recent error, folded
 * by message (see `src/state/error_digest.ts` for which are shown).
 *
 * @example
 * ```ts
 * import type { OverlayError } from "./render_types.ts";
 * const line: OverlayError = { text: "[2x] main.lua:3: boom", message: "main.lua:3: boom", count: 2, lastFrame: 9 };
 * ```
 */
export interface OverlayError {
  /** What to show: the message with `file:line`, after `[Nx] ` when it repeated. */
  text: string;
  /** The message alone (what errors are folded on). */
  message: string;
  /** How many times it happened. */
  count: number;
  /** The latest frame it happened on. */
  lastFrame: number;
}

/**
 * One thing to draw, in world units (or screen units when `screen` is true).
 *
 * @example
 * ```ts
 * import type { Drawable } from "./render_types.ts";
 * const box: Drawable = { id: 1, x: 10, y: 10, w: 20, h: 20, z: 0, color: [255, 200, 0, 255] };
 * ```
 */
export interface Drawable {
  /** Entity id. */
  id: number;
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width. */
  w: number;
  /** Height. */
  h: number;
  /** Draw order: higher is drawn later (on top). */
  z: number;
  /** Fill colour (from tint, or derived from the sprite/group). */
  color: Rgba;
  /** Texture key when the entity has a sprite. */
  texture?: string;
  /** Source rectangle in the texture (animation frame), when known. */
  frame?: { x: number; y: number; w: number; h: number };
  /** Flip flags. */
  flipX?: boolean;
  /** Flip flags. */
  flipY?: boolean;
  /** Rotation in degrees. */
  rotation?: number;
  /** Text to draw (text components, menus), with its colour. */
  text?: { value: string; size: number; color: Rgba; font?: string };
  /** Drawn in screen space, ignoring the camera. */
  screen?: boolean;
  /** The entity's tint, when it has one (multiplies texture pixels). */
  tint?: Rgba;
  /** Entity fragment shader with its uniforms. */
  shader?: ShaderUse;
}

/**
 * The camera: world point at the centre of the view and zoom.
 *
 * @example
 * ```ts
 * import type { Camera } from "./render_types.ts";
 * const centred: Camera = { x: 400, y: 300, zoom: 1 };
 * ```
 */
export interface Camera {
  /** Centre x in world units. */
  x: number;
  /** Centre y in world units. */
  y: number;
  /** Zoom factor (1 = one world unit per logical pixel). */
  zoom: number;
}

/**
 * Everything a renderer needs for one frame.
 *
 * @example
 * ```ts
 * import type { RenderFrame } from "./render_types.ts";
 * const count = (f: RenderFrame) => `${f.drawables.length} drawables at frame ${f.frame}`;
 * ```
 */
export interface RenderFrame {
  /** Simulation frame. */
  frame: number;
  /** Logical view size in world units (the game's design resolution). */
  view: { width: number; height: number };
  /** Camera. */
  camera: Camera;
  /** Background colour. */
  background: Rgba;
  /** Things to draw, in any order (renderers sort by z, then id). */
  drawables: readonly Drawable[];
  /** Status line facts; `profile`: the profiler's costliest callback, while it runs. */
  status: {
    fps: number;
    entities: number;
    frameMs: number;
    errors: number;
    scene: string;
    /** The game's title, from its manifest. */
    title?: string;
    profile?: string;
  };
  /** Registered asset files (renderers that load textures, fonts, sounds, shaders). */
  assets?: RenderAssets;
  /** Post-process chain (applied in order) and its shared uniforms; absent or empty for none. */
  postProcess?: { shaders: readonly string[]; uniforms: Readonly<Record<string, RenderUniform>> };
  /** Audio commands applied during this frame, oldest first. */
  audio?: readonly AudioCue[];
  /** Lua errors recorded during this frame. */
  errors?: readonly RenderError[];
  /** The error overlay: distinct recent errors, newest first; absent or empty for none. */
  errorOverlay?: readonly OverlayError[];
}

/**
 * Input events a renderer reports back (key names as in src/input/keys.ts).
 *
 * @example
 * ```ts
 * import type { RendererEvent } from "./render_types.ts";
 * const events: RendererEvent[] = [{ type: "press", key: "space" }, { type: "release", key: "space" }];
 * ```
 */
export type RendererEvent =
  | { type: "press"; key: string }
  | { type: "release"; key: string }
  | { type: "mouse"; x: number; y: number }
  | { type: "console"; line: string }
  /** Stop the game; `exitCode` is the process's (130 after Ctrl-C; absent: 0). */
  | { type: "quit"; exitCode?: number };

/**
 * A renderer: draws frames and reports input.
 *
 * @example
 * ```ts
 * import type { Renderer, RenderFrame } from "./render_types.ts";
 * // A renderer that draws nothing and counts frames.
 * class CountingRenderer implements Renderer {
 *   frames = 0;
 *   start(): Promise<void> {
 *     return Promise.resolve();
 *   }
 *   draw(_frame: RenderFrame): void {
 *     this.frames++;
 *   }
 *   poll() {
 *     return [];
 *   }
 *   consoleOutput(_lines: readonly string[]): void {}
 *   stop(): Promise<void> {
 *     return Promise.resolve();
 *   }
 * }
 * ```
 */
export interface Renderer {
  /** Prepare the output (enter raw mode, open a page...). */
  start(): Promise<void>;
  /** Draw one frame. */
  draw(frame: RenderFrame): void;
  /** Input that arrived since the last call. */
  poll(): RendererEvent[];
  /** Lines for the console overlay (the engine's answers to console commands). */
  consoleOutput(lines: readonly string[]): void;
  /** Restore everything (terminal modes, servers). Safe to call twice. */
  stop(): Promise<void>;
}
