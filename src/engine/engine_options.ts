/**
 * What a game is loaded with ({@linkcode EngineOptions}) and what a game's
 * own TypeScript system is handed each frame ({@linkcode EngineFrame}).
 *
 * @module
 */
import type { PlusSet } from "../cvar/mod.ts";
import type { InputLogEntry } from "../input/input_log.ts";
import type { Renderer } from "../core/render_types.ts";
import type { LogEntry } from "../state/log.ts";
import type { Engine } from "./engine.ts";
import type { GameManifest } from "./manifest.ts";

/**
 * Options for {@linkcode Engine.load}.
 *
 * @example
 * ```ts
 * import type { EngineOptions } from "./engine_options.ts";
 * const options: EngineOptions = { gameDir: "examples/breakout", workers: 2, seed: 7, scene: "level" };
 * ```
 */
export interface EngineOptions {
  /** Game folder with `main.lua`. */
  gameDir: string;
  /** Lua workers (default: the `lua_workers` CVar). */
  workers?: number;
  /** Lua states per worker (default 2). */
  statesPerWorker?: number;
  /** Run seed for `math.random` (default 0). */
  seed?: number;
  /** First scene (default: the manifest's, else the `scene` string signal, else `"menu"`). */
  scene?: string;
  /** `+set NAME VALUE` pairs, applied after engine CVars and again after `on_setup`. */
  sets?: readonly PlusSet[];
  /** Replay this input log. */
  inputLog?: readonly InputLogEntry[];
  /** Record live input (`--record`). */
  record?: boolean;
  /** Draws frames and reports input (default: none). */
  renderer?: Renderer;
  /** Receives every log line as it is written. */
  logSink?: (entry: LogEntry) => void;
  /** Logical view size (default: the manifest's, 800 x 600 without one). */
  view?: { width: number; height: number };
  /**
   * The game's `moonglow.json`, already read (default: read from `gameDir`,
   * defaults when absent): title, view, first scene and key bindings.
   */
  manifest?: GameManifest;
  /**
   * Settings file for CVars flagged `saved`: read after `on_setup` (so game
   * CVars exist) and written by {@linkcode Engine.saveSettings}. Default: none.
   */
  settingsPath?: string;
  /** Keep the engine's detail (worker numbers, engine frames) in error texts (default false). */
  verbose?: boolean;
  /**
   * Reload the game's Lua files when one is saved (`run --watch`), at the
   * next frame boundary, keeping the world. Default false.
   */
  watch?: boolean;
  /** Profile from the start (`run --profile`): see {@linkcode Engine.profiling}. */
  profile?: boolean;
}

/**
 * What a game's own TypeScript system receives each frame (see
 * {@linkcode Engine.addSystem}).
 *
 * @example
 * ```ts
 * import type { EngineFrame } from "./engine_options.ts";
 * const log = (f: EngineFrame) => f.engine.log.info(`dt ${f.dt}`);
 * ```
 */
export interface EngineFrame {
  /** Seconds simulated by this frame. */
  readonly dt: number;
  /** The running game: its world, signals, log and CVars. */
  readonly engine: Engine;
}
