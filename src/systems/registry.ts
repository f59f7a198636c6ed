/**
 * The gameplay systems the engine runs each frame, in one ordered list, so a
 * new system is one entry here rather than an edit of the engine. Systems
 * that need Lua (menus) return planned callbacks that the engine runs in the
 * scripts stage with everything else.
 *
 * @module
 */
import type { GameState } from "../commands/game_state.ts";
import type { InputSnapshot } from "../input/actions.ts";
import type { PlannedCallback } from "../engine/script_stage.ts";
import { physicsStep } from "./physics.ts";
import { ttlStep } from "./ttl.ts";

/** What a system gets each frame besides the state. */
export interface FrameInfo {
  /** Fixed timestep in seconds. */
  dt: number;
  /** Simulation frame. */
  frame: number;
  /** This frame's input. */
  input: InputSnapshot;
  /** Run seed, for systems with randomness (derive per entity and frame). */
  seed: number;
}

/** A TypeScript system over the game state. */
export interface GameplaySystem {
  /** Unique name (shown in error reports). */
  name: string;
  /** Stage it runs in (SPEC 3.2). */
  stage: "pre_update" | "physics" | "post_update";
  /** Do one frame's work. */
  run(state: GameState, info: FrameInfo): void;
}

/** A source of Lua callbacks for the scripts stage (e.g. menu selections). */
export interface CallbackSource {
  /** Unique name. */
  name: string;
  /** Callbacks to run this frame, in a deterministic order. */
  plan(state: GameState, info: FrameInfo): PlannedCallback[];
}

/**
 * Gameplay systems in run order within each stage.
 *
 * @example
 * ```ts
 * import { GAMEPLAY_SYSTEMS } from "./registry.ts";
 * GAMEPLAY_SYSTEMS.map((s) => s.name); // ["physics", "ttl"]
 * ```
 */
export const GAMEPLAY_SYSTEMS: readonly GameplaySystem[] = [
  { name: "physics", stage: "physics", run: (state, info) => physicsStep(state, info.dt) },
  { name: "ttl", stage: "physics", run: (state, info) => void ttlStep(state, info.dt) },
];

/**
 * Callback sources, planned after the scene, phases and timers.
 *
 * @example
 * ```ts
 * import { CALLBACK_SOURCES } from "./registry.ts";
 * CALLBACK_SOURCES.length; // 0 until menus land
 * ```
 */
export const CALLBACK_SOURCES: readonly CallbackSource[] = [];
