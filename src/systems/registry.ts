/**
 * The gameplay systems the engine runs each frame, in one ordered list, so a
 * new system is one entry here rather than an edit of the engine. Systems
 * that need Lua (menus) return planned callbacks that the engine runs in the
 * scripts stage with everything else.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import type { InputSnapshot } from "../input/actions.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import { animationStep } from "./animation.ts";
import { cameraFollowStep } from "./camera_follow.ts";
import { gridLayoutStep } from "./grid_layout.ts";
import { menuStep, planMenuCallbacks } from "./menu.ts";
import { mouseControlStep } from "./mouse_control.ts";
import { particleStep } from "./particles.ts";
import { physicsStep } from "./physics.ts";
import { stucktoStep } from "./stuckto.ts";
import { ttlStep } from "./ttl.ts";
import { tweenStep } from "./tween.ts";

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
  /** Stage it runs in. */
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
 * Gameplay systems in run order within each stage:
 *
 * - pre_update: grid layouts (cells exist before the frame's scripts read
 *   group counts), then menus (items, navigation and selection from this
 *   frame's input, so a selection's callback runs in this frame's scripts);
 * - physics: particles first (new particles move on their
 *   first frame), mouse control, physics integration, tweens, stuckto
 *   (after its target moved), TTL expiry, animation controllers and frames;
 * - post_update: the camera follows its target where the frame left it.
 *
 * @example
 * ```ts
 * import { GAMEPLAY_SYSTEMS } from "./registry.ts";
 * GAMEPLAY_SYSTEMS.filter((s) => s.stage === "physics").map((s) => s.name);
 * // ["particles", "mouse_control", "physics", "tweens", "stuckto", "ttl", "animation"]
 * ```
 */
export const GAMEPLAY_SYSTEMS: readonly GameplaySystem[] = [
  { name: "grid_layout", stage: "pre_update", run: (state) => void gridLayoutStep(state) },
  { name: "menus", stage: "pre_update", run: (state, info) => menuStep(state, info.input) },
  { name: "particles", stage: "physics", run: (state, info) => void particleStep(state, info) },
  {
    name: "mouse_control",
    stage: "physics",
    run: (state, info) => mouseControlStep(state, info.input),
  },
  { name: "physics", stage: "physics", run: (state, info) => physicsStep(state, info.dt) },
  { name: "tweens", stage: "physics", run: (state, info) => tweenStep(state, info.dt) },
  { name: "stuckto", stage: "physics", run: (state) => void stucktoStep(state) },
  { name: "ttl", stage: "physics", run: (state, info) => void ttlStep(state, info.dt) },
  { name: "animation", stage: "physics", run: (state, info) => animationStep(state, info.dt) },
  { name: "camera_follow", stage: "post_update", run: (state) => cameraFollowStep(state) },
];

/**
 * Callback sources, planned after the scene, phases and timers.
 *
 * @example
 * ```ts
 * import { CALLBACK_SOURCES } from "./registry.ts";
 * CALLBACK_SOURCES.map((s) => s.name); // ["menu_callbacks"]
 * ```
 */
export const CALLBACK_SOURCES: readonly CallbackSource[] = [
  { name: "menu_callbacks", plan: (state) => planMenuCallbacks(state) },
];
