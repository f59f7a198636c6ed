/**
 * GameState: everything commands touch — the world and its gameplay tables,
 * world signals, tracked groups, the log, the audio log, the camera, asset
 * and animation registries, post-process settings and the scene / quit
 * requests. Collision rules belong to the entities that carry them
 * (`gameplay.collisionRules`).
 *
 * @module
 */
import { VersionedMap } from "./versioned_map.ts";
import { resolve } from "node:path";
import { createWorld, type World, type WorldOptions } from "../ecs/mod.ts";
import {
  type CollisionRule,
  createGameplayTables,
  type GameplayTables,
  type UniformValue,
} from "../gameplay/mod.ts";
import { EngineLog } from "./log.ts";
import { TrackedGroups, WorldSignals } from "../signals/mod.ts";
import type { FunctionCommand } from "../api/mod.ts";

export type { CollisionRule };

/**
 * One applied audio command, as the dump's audio log lists it.
 *
 * @example
 * ```ts
 * import type { AudioEvent } from "./game_state.ts";
 * const e: AudioEvent = { frame: 3, action: "play_sound", id: "hit" };
 * ```
 */
export interface AudioEvent {
  /** Frame the command was applied on. */
  frame: number;
  /** `play_music`, `play_sound`, `stop_all_music` or `stop_all_sounds`. */
  action: string;
  /** Sound or music key, `null` for the stop-all actions. */
  id: string | null;
}

/**
 * The 2D camera. `target` is an entity id the camera system follows.
 *
 * @example
 * ```ts
 * import type { Camera } from "./game_state.ts";
 * const c: Camera = { x: 0, y: 0, zoom: 1 };
 * ```
 */
export interface Camera {
  /** Centre x in world units. */
  x: number;
  /** Centre y in world units. */
  y: number;
  /** Zoom factor (1: one world unit per pixel). */
  zoom: number;
  /** Entity the camera follows. */
  target?: number;
}

/**
 * Asset kinds that `load_*` commands register.
 *
 * @example
 * ```ts
 * import { FILE_ASSET_KINDS } from "./game_state.ts";
 * console.assert(FILE_ASSET_KINDS.includes("texture"));
 * ```
 */
export const FILE_ASSET_KINDS = ["texture", "font", "sound", "music", "shader", "tilemap"] as const;

/**
 * One of {@linkcode FILE_ASSET_KINDS}.
 *
 * @example
 * ```ts
 * import type { FileAssetKind } from "./game_state.ts";
 * const k: FileAssetKind = "font";
 * ```
 */
export type FileAssetKind = typeof FILE_ASSET_KINDS[number];

/**
 * A registered asset: the path as given, the resolved path, and for fonts
 * the size. Reading and decoding the file is the renderer's job.
 *
 * @example
 * ```ts
 * import type { AssetEntry } from "./game_state.ts";
 * const a: AssetEntry = { path: "ball.png", resolved: "/games/pong/ball.png" };
 * ```
 */
export interface AssetEntry {
  /** Path relative to the game folder, as Lua gave it. */
  path: string;
  /** Absolute path inside the game folder. */
  resolved: string;
  /** Font size (fonts only). */
  size?: number;
}

/**
 * A registered animation (`register_animation`): frames laid out from
 * (`x`, `y`) in steps of (`dx`, `dy`) on `texture`.
 *
 * @example
 * ```ts
 * import type { AnimationDef } from "./game_state.ts";
 * const a: AnimationDef = {
 *   texture: "hero", x: 0, y: 0, dx: 16, dy: 0, frames: 4, fps: 8, looped: true,
 * };
 * ```
 */
export interface AnimationDef {
  /** Texture key. */
  texture: string;
  /** First frame x in the texture. */
  x: number;
  /** First frame y in the texture. */
  y: number;
  /** Step to the next frame on x. */
  dx: number;
  /** Step to the next frame on y. */
  dy: number;
  /** Frame count. */
  frames: number;
  /** Frames per second. */
  fps: number;
  /** Start over after the last frame. */
  looped: boolean;
}

/**
 * Post-process chain and its uniforms.
 *
 * @example
 * ```ts
 * import type { PostProcess } from "./game_state.ts";
 * const p: PostProcess = { shaders: ["crt"], uniforms: new Map() };
 * ```
 */
export interface PostProcess {
  /** Shader keys applied in order; empty for none. */
  shaders: string[];
  /** Uniforms shared by the chain. */
  uniforms: Map<string, UniformValue>;
}

/**
 * Requests the engine acts on at the end of the frame.
 *
 * @example
 * ```ts
 * import type { Requests } from "./game_state.ts";
 * const r: Requests = { switchScene: "level2", quit: false };
 * ```
 */
export interface Requests {
  /** Scene to switch to, if any. */
  switchScene?: string;
  /** Stop the game. */
  quit: boolean;
}

/**
 * A `spawn_tiles` request.
 *
 * @example
 * ```ts
 * import type { TilemapRequest } from "./game_state.ts";
 * const t: TilemapRequest = { frame: 0, tilemap: "level1" };
 * ```
 */
export interface TilemapRequest {
  /** Frame it was applied on. */
  frame: number;
  /** Tilemap key. */
  tilemap: string;
}

/**
 * Handlers for commands owned by other modules (the CVar registry, the
 * console). Without a handler such a command is skipped with a log line.
 *
 * @example
 * ```ts
 * import type { CommandHooks } from "./game_state.ts";
 * const hooks: CommandHooks = { cvar: (cmd) => console.log(cmd.name) };
 * ```
 */
export interface CommandHooks {
  /** `cvar.set`, `cvar.on_change`, `cvar.define`. */
  cvar?: (cmd: Extract<FunctionCommand, { category: "cvar" }>) => void;
  /** `console.execute`. */
  console?: (cmd: Extract<FunctionCommand, { category: "console" }>) => void;
}

/**
 * Everything commands touch. Make one with {@linkcode createGameState}.
 *
 * @example
 * ```ts
 * import { createGameState } from "./game_state.ts";
 * const state = createGameState({ gameDir: "/games/pong" });
 * state.signals.setInteger("score", 0);
 * ```
 */
export interface GameState {
  /** The ECS world. */
  readonly world: World;
  /** Gameplay side tables of `world`. */
  readonly gameplay: GameplayTables;
  /** World signals. */
  readonly signals: WorldSignals;
  /** Tracked groups (counts Lua can read). */
  readonly tracked: TrackedGroups;
  /** Engine log; its `frame` stamps applied audio and tilemap requests. */
  readonly log: EngineLog;
  /** Applied audio commands, oldest first. */
  readonly audio: AudioEvent[];
  /** Camera. */
  readonly camera: Camera;
  /** Registered assets by kind, then key. */
  readonly assets: { readonly [K in FileAssetKind]: VersionedMap<string, AssetEntry> };
  /** Registered animations by key. */
  readonly animations: VersionedMap<string, AnimationDef>;
  /** Post-process chain. */
  readonly postProcess: PostProcess;
  /** Scene switch and quit requests. */
  readonly requests: Requests;
  /** `spawn_tiles` requests, oldest first. */
  readonly tilemapRequests: TilemapRequest[];
  /** Absolute game folder; asset paths resolve inside it. */
  readonly gameDir: string;
  /** Check that asset files exist when they are registered. */
  readonly checkAssetFiles: boolean;
  /** Handlers for CVar and console commands. */
  readonly hooks: CommandHooks;
}

/**
 * Options of {@linkcode createGameState}.
 *
 * @example
 * ```ts
 * import type { GameStateOptions } from "./game_state.ts";
 * const o: GameStateOptions = { gameDir: ".", checkAssetFiles: true };
 * ```
 */
export interface GameStateOptions {
  /** Game folder (default: the current directory). */
  gameDir?: string;
  /** Check asset files exist on `load_*` (default false). */
  checkAssetFiles?: boolean;
  /** Use this log instead of a new one. */
  log?: EngineLog;
  /** Use this world instead of a new one. */
  world?: World;
  /** Options for a new world. */
  worldOptions?: WorldOptions;
  /** Handlers for CVar and console commands. */
  hooks?: CommandHooks;
}

/**
 * Create a game state with an empty world, signals, registries and a camera
 * at (0, 0) with zoom 1.
 *
 * @example
 * ```ts
 * import { createGameState } from "./game_state.ts";
 * const state = createGameState();
 * console.assert(state.camera.zoom === 1 && state.audio.length === 0);
 * ```
 */
export function createGameState(options: GameStateOptions = {}): GameState {
  const world = options.world ?? createWorld(options.worldOptions);
  const assets = Object.fromEntries(FILE_ASSET_KINDS.map((k) => [k, new VersionedMap()]));
  return {
    world,
    gameplay: createGameplayTables(world),
    signals: new WorldSignals(),
    tracked: new TrackedGroups(world.groups),
    log: options.log ?? new EngineLog(),
    audio: [],
    camera: { x: 0, y: 0, zoom: 1 },
    assets: assets as GameState["assets"],
    animations: new VersionedMap(),
    postProcess: { shaders: [], uniforms: new Map() },
    requests: { quit: false },
    tilemapRequests: [],
    gameDir: resolve(options.gameDir ?? "."),
    checkAssetFiles: options.checkAssetFiles ?? false,
    hooks: options.hooks ?? {},
  };
}
