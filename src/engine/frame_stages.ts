/**
 * The engine's own systems in the frame pipeline (input, console lines, CVar
 * changes, Lua callbacks, the apply queues, gameplay, collisions, scripting
 * results, scene switches, drawing) and what they keep between stages: the
 * current scene, the scripts' outcomes and the console lines typed this frame.
 * Callbacks that must run at once (setup, a scene switch, CVar handlers, the
 * console) go through {@linkcode FrameStages.runNow}.
 *
 * @example
 * ```ts
 * import type { Engine } from "./engine.ts";
 * import type { FrameStages } from "./frame_stages.ts";
 * declare const stages: FrameStages, engine: Engine;
 * stages.scene === engine.scene; // true: the engine reads it from here
 * ```
 *
 * @module
 */
import type { GameState } from "../commands/mod.ts";
import type { Console, CVarRegistry } from "../cvar/mod.ts";
import { addSystem, type Scheduler } from "../ecs/mod.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import type { StateHandle } from "../lua/host_options.ts";
import type { Renderer } from "../core/render_types.ts";
import { type FrameInfo, GAMEPLAY_SYSTEMS } from "../systems/registry.ts";
import { SWITCH_SCENE_CALLBACK } from "../api/callback_names.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";
import { runCollisionStage } from "./collision_stage.ts";
import type { FrameScripts } from "./frame_scripts.ts";
import type { InputStage } from "./input_stage.ts";
import type { OutcomeApplier } from "./outcomes.ts";
import { advancePhaseClocks } from "./plan.ts";
import { leaveScene, takeSceneRequest } from "./scenes.ts";
import type { BatchFrame } from "./batch_encoder.ts";
import type { ComponentsMode } from "./snapshot.ts";
import type { Scripting } from "./scripting.ts";

/** What every system of a frame is given. */
export interface FrameContext {
  /** Seconds of game time this step. */
  dt: number;
  /** Draw this step (the caller decides: rendering is decoupled from ticks). */
  render: boolean;
}

/** What the stages read from the engine that runs them (the `Engine` has each). */
export interface StagesEngine {
  /** Everything commands touch. */
  readonly state: GameState;
  /** CVars. */
  readonly cvars: CVarRegistry;
  /** The console that runs the lines typed this frame. */
  readonly console: Console;
  /** Frames completed. */
  readonly frame: number;
  /** Names of the game's global functions. */
  readonly functions: ReadonlySet<string>;
  /** Draw the current state. */
  render(): void;
}

/** The parts the stages drive, made by the engine. */
export interface StageParts {
  /** The per-frame Lua callbacks. */
  scripts: FrameScripts;
  /** Applies the callbacks' commands. */
  applier: OutcomeApplier;
  /** Input of each frame. */
  input: InputStage;
  /** The console and the scripting system. */
  scripting: Scripting;
  /** The renderer, if any. */
  renderer: Renderer | undefined;
  /** The run's seed. */
  seed: number;
  /** Console lines to run in the first frame. */
  consoleLines: string[];
  /** Whether the game's scripts read components (they are then sent each frame). */
  readsComponents: boolean;
  /** Told the exit code a renderer's quit asked for. */
  onQuit(exitCode: number): void;
}

/**
 * The engine's systems and the state they share between stages.
 *
 * @example
 * ```ts
 * import type { FrameStages } from "./frame_stages.ts";
 * declare const stages: FrameStages;
 * await stages.switchScene("level1"); // the outcomes of on_switch_scene
 * ```
 */
export class FrameStages {
  /** Whether the game's scripts read components (a reload may change it). */
  readsComponents: boolean;
  readonly #engine: StagesEngine;
  readonly #parts: StageParts;
  #consoleLines: string[];
  #scene = "menu";
  #outcomes: CallbackOutcome[] = [];

  /** Stages for `engine`, driving `parts`. */
  constructor(engine: StagesEngine, parts: StageParts) {
    this.#engine = engine;
    this.#parts = parts;
    this.#consoleLines = parts.consoleLines;
    this.readsComponents = parts.readsComponents;
  }

  /** Current scene. */
  get scene(): string {
    return this.#scene;
  }

  /** Seconds of game time per step, from `sys_tick_hz`. */
  dt(): number {
    return 1 / this.#engine.cvars.getNumber("sys_tick_hz");
  }

  /** Add the engine's systems to `s`, each in its stage. */
  register(s: Scheduler<FrameContext>): void {
    const { scripts, applier, scripting } = this.#parts;
    const state = this.#engine.state;
    addSystem(s, "input", "input_snapshot", () => this.#inputStage());
    addSystem(s, "pre_update", "console_lines", () => this.#consoleStage());
    addSystem(s, "pre_update", "cvar_changes", () => scripting.system.collectChanges());
    addSystem(s, "scripts", "lua_callbacks", (ctx) => this.#scriptsStage(ctx.dt));
    addSystem(s, "apply", "regular_queues", () => {
      applier.apply(this.#outcomes, "apply_stage");
      this.#outcomes = [];
    });
    for (const sys of GAMEPLAY_SYSTEMS) {
      addSystem(s, sys.stage, sys.name, (ctx) => sys.run(state, this.#frameInfo(ctx.dt)));
    }
    addSystem(s, "collision", "lua_collisions", (ctx) => {
      const facts = (keep: boolean) => this.#frameFacts(ctx.dt, keep ? "keep" : "later");
      runCollisionStage(state, scripts.stage, facts, applier);
    });
    addSystem(s, "post_update", "scripting_system", () => scripting.system.drain());
    addSystem(s, "post_update", "scene_switch", () => this.#sceneRequests());
    addSystem(s, "render", "draw", (ctx) => {
      if (ctx.render) this.#engine.render();
    });
  }

  /**
   * Run callbacks now and apply their commands at once (setup, scene switch,
   * handlers, console); in the state `on` when the caller leased one.
   */
  async runNow(planned: PlannedCallback[], on?: StateHandle): Promise<CallbackOutcome[]> {
    if (planned.length === 0) return [];
    const facts = this.#frameFacts(this.dt());
    const outcomes = await this.#parts.scripts.stage.run(facts, planned, on);
    this.#parts.applier.apply(outcomes, "now");
    return outcomes;
  }

  /** Switch to `scene` and run its `on_switch_scene` now; returns that call's outcomes. */
  async switchScene(scene: string): Promise<CallbackOutcome[]> {
    // Queues are cleared on a scene switch: nothing of the old scene carries over.
    this.#parts.applier.clear();
    const state = this.#engine.state;
    leaveScene(state.world);
    this.#scene = scene;
    state.signals.setString("scene", scene);
    if (!this.#engine.functions.has(SWITCH_SCENE_CALLBACK)) return [];
    return await this.runNow([{
      kind: CallbackKind.Call,
      fn: SWITCH_SCENE_CALLBACK,
      args: [scene],
      entity: 0,
    }]);
  }

  #inputStage(): void {
    const { input, renderer } = this.#parts;
    const frame = input.frame(this.#engine.frame, renderer?.poll() ?? []);
    if (frame.quit) {
      this.#engine.state.requests.quit = true;
      this.#parts.onQuit(frame.exitCode);
    }
    this.#consoleLines.push(...frame.console);
  }

  async #consoleStage(): Promise<void> {
    for (const line of this.#consoleLines.splice(0)) {
      const out = await this.#engine.console.execute(line);
      for (const l of out) {
        if (l.level === "input") continue;
        this.#engine.state.log.write(l.level, `console: ${l.text}`);
      }
      this.#parts.renderer?.consoleOutput(out.map((l) => l.text));
    }
  }

  #frameFacts(dt: number, components: ComponentsMode = "write"): BatchFrame {
    const frame = this.#engine.frame;
    return this.#parts.scripts.facts(
      frame,
      dt,
      this.#parts.input.current(frame),
      this.readsComponents,
      components,
    );
  }

  #frameInfo(dt: number): FrameInfo {
    const frame = this.#engine.frame;
    return { dt, frame, input: this.#parts.input.current(frame), seed: this.#parts.seed };
  }

  async #scriptsStage(dt: number): Promise<void> {
    const { scripts } = this.#parts;
    const planned = scripts.plan(this.#scene, this.#engine.functions, this.#frameInfo(dt));
    this.#outcomes = await scripts.stage.run(this.#frameFacts(dt), planned);
    advancePhaseClocks(this.#engine.state.gameplay, dt);
  }

  async #sceneRequests(): Promise<void> {
    const next = takeSceneRequest(this.#engine.state, this.#scene);
    if (next !== undefined) await this.switchScene(next);
  }
}
