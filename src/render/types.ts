/**
 * What the engine hands a renderer each frame: plain data, no ECS access, so
 * renderers (headless, terminal, web) stay independent of the world layout.
 *
 * @module
 */

/** An RGBA colour with channels 0..255. */
export type Rgba = readonly [number, number, number, number];

/** One thing to draw, in world units (or screen units when `screen` is true). */
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
}

/** The camera: world point at the centre of the view and zoom. */
export interface Camera {
  /** Centre x in world units. */
  x: number;
  /** Centre y in world units. */
  y: number;
  /** Zoom factor (1 = one world unit per logical pixel). */
  zoom: number;
}

/** Everything a renderer needs for one frame. */
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
  /** Status line facts. */
  status: { fps: number; entities: number; frameMs: number; errors: number; scene: string };
}

/** Input events a renderer reports back (key names as in src/input/keys.ts). */
export type RendererEvent =
  | { type: "press"; key: string }
  | { type: "release"; key: string }
  | { type: "mouse"; x: number; y: number }
  | { type: "console"; line: string }
  | { type: "quit" };

/** A renderer: draws frames and reports input. */
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
