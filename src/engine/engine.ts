/**
 * The engine: loads a game folder into pooled Lua states and runs the frame
 * pipeline (input, pre_update, scripts, apply, physics,
 * collision, post_update, render), one fixed step at a time.
 *
 * @module
 */
import type { GameState } from "../commands/mod.ts";
import type { Console, CVarRegistry, PlusSet } from "../cvar/mod.ts";
import { loadSettings, saveSettings } from "../cvar/mod.ts";
import {
  addSystem,
  createScheduler,
  removeSystem,
  runFrame,
  type Scheduler,
  setStageTimer,
  type Stage,
  type World,
} from "../ecs/mod.ts";
import type { InputRecorder } from "../input/input_recorder.ts";
import { ActionQueue } from "../lua/action_queue.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import type { LuaHost } from "../lua/lua_host.ts";
import type { Renderer } from "../core/render_types.ts";
import type { DumpState } from "./dump_state.ts";
import { SETUP_CALLBACK } from "../api/callback_names.ts";
import { buildDump } from "./dump.ts";
import { InputStage } from "./input_stage.ts";
import { callbacksInUse } from "./callbacks_in_use.ts";
import {
  applySets,
  GameLoadFailedError,
  type LoadedGame,
  loadGame,
  readsComponents,
} from "./load.ts";
import type { EngineLog } from "../state/log.ts";
import type { WorldSignals } from "../signals/mod.ts";
import { type GameManifest, readManifest } from "./manifest.ts";
import { OutcomeApplier } from "./outcomes.ts";
import { loadFailure } from "./scenes.ts";
import { profileCommand } from "./profile_command.ts";
import { profileHeadline } from "./profile_report.ts";
import { Profiler } from "./profiler.ts";
import { FpsMeter } from "./fps_meter.ts";
import { FrameScripts } from "./frame_scripts.ts";
import { type FrameContext, FrameStages } from "./frame_stages.ts";
import type { ScriptReloader } from "./reload.ts";
import { gameReloader } from "./reload_command.ts";
import { buildRenderFrame } from "./render_frame.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";
import { createScripting, type Scripting } from "./scripting.ts";

import type { EngineFrame, EngineOptions } from "./engine_options.ts";

export { GameLoadFailedError } from "./load.ts";

/**
 * A running game.
 *
 * @example
 * ```ts
 * import { Engine } from "./engine.ts";
 * const engine = await Engine.load({ gameDir: "examples/breakout", workers: 2 });
 * for (let i = 0; i < 60; i++) await engine.step();
 * console.log(engine.dump().hash);
 * engine.close();
 * ```
 */
export class Engine {
  /**
   * Everything commands touch, the engine's internal tables included.
   *
   * @ignore
   */
  readonly state: GameState;
  /** CVars (engine and game). */
  readonly cvars: CVarRegistry;
  /** The console. */
  readonly console: Console;
  /** The ECS world: entities, their components and groups (for the game's own systems). */
  readonly world: World;
  /** World signals: what Lua reads with `engine.get_*` and writes with `engine.set_*`. */
  readonly signals: WorldSignals;
  /** The game's log: every line and error record of the run. */
  readonly log: EngineLog;
  /** The game's manifest (`moonglow.json`, defaults filled in). */
  readonly manifest: GameManifest;
  #host: LuaHost;
  #scripts: FrameScripts;
  #scheduler: Scheduler<FrameContext>;
  #functions: ReadonlySet<string>;
  #scripting: Scripting;
  #applier: OutcomeApplier;
  #input: InputStage;
  #renderer: Renderer | undefined;
  #view: { width: number; height: number };
  #seed: number;
  #settingsPath: string | undefined;
  #reloader: ScriptReloader;
  /** A reload swapped the game's functions in since the last frame. */
  #reloaded = false;
  #stages: FrameStages;
  #frame = 0;
  #exitCode = 0;
  #stepMs = 0;
  #fps = new FpsMeter();
  #closed = false;
  #profiler = new Profiler();

  private constructor(game: LoadedGame, options: EngineOptions, manifest: GameManifest) {
    this.state = game.state;
    this.world = game.state.world;
    this.signals = game.state.signals;
    this.log = game.state.log;
    this.manifest = manifest;
    this.cvars = game.cvars;
    this.#host = game.host;
    this.#functions = game.functions;
    this.#seed = options.seed ?? 0;
    this.#scripts = new FrameScripts(game.state, game.cvars, game.host, this.#seed);
    this.#applier = new OutcomeApplier(game.state, game.hints);
    this.#input = new InputStage({
      log: game.state.log,
      inputLog: options.inputLog,
      record: options.record,
      bindings: manifest.bindings,
    });
    this.#settingsPath = options.settingsPath;
    this.#renderer = options.renderer;
    this.#view = options.view ?? manifest.view;
    this.#scripting = createScripting({
      pool: game.host.pool,
      // A dropped action is the game's business: say so in its log (and dump).
      queue: new ActionQueue({ onWarn: (m) => game.state.log.warn(m) }),
      cvars: game.cvars,
      log: game.state.log,
      runNow: (planned, on) => this.#stages.runNow(planned, on),
      onChange: (name) => this.#engineCVarChanged(name),
      commands: { prof: profileCommand(this.#profiler) },
    });
    this.console = this.#scripting.console;
    this.#reloader = gameReloader(game, options, this.console, {
      inUse: () => callbacksInUse(this.state, this.cvars, this.scene, this.#functions),
      record: (frame, sources) => this.#input.recorder?.recordReload(frame, sources),
      onReloaded: (functions, files) => {
        this.#functions = functions;
        this.#reloaded = true;
        this.#stages.readsComponents = readsComponents(files);
        game.files = files;
        for (const warning of game.hints.rescan(files)) this.log.warn(warning);
      },
    });
    this.#scheduler = createScheduler<FrameContext>({
      onError: (f) =>
        this.state.log.error(`${f.stage}/${f.system}: ${(f.error as Error)?.message ?? f.error}`),
    });
    this.#stages = new FrameStages(this, {
      scripts: this.#scripts,
      applier: this.#applier,
      input: this.#input,
      scripting: this.#scripting,
      renderer: this.#renderer,
      seed: this.#seed,
      consoleLines: game.consoleLines,
      readsComponents: game.readsComponents,
      onQuit: (code) => this.#exitCode ||= code,
    });
    this.#stages.register(this.#scheduler);
    if (options.profile) this.profiling = true;
  }

  /**
   * Load a game: read its Lua files, start the workers, run `main.lua` in
   * every state, `on_setup()`, then the first scene's `on_switch_scene`.
   * Throws `ManifestError` for a `moonglow.json` that cannot be used.
   */
  static async load(options: EngineOptions): Promise<Engine> {
    const manifest = options.manifest ?? await readManifest(options.gameDir);
    const view = options.view ?? manifest.view;
    const game = await loadGame({ ...options, view });
    const engine = new Engine(game, options, manifest);
    try {
      await engine.#start(options, game.laterSets);
    } catch (e) {
      if (e instanceof GameLoadFailedError) e.dump = engine.dump();
      engine.close();
      throw e;
    }
    return engine;
  }

  async #start(options: EngineOptions, laterSets: PlusSet[]): Promise<void> {
    await this.#scripts.learnFieldsRead();
    // Loading is main.lua, on_setup and the first scene: a game
    // whose on_setup or first on_switch_scene fails could not load.
    if (this.#functions.has(SETUP_CALLBACK)) {
      this.#loaded(
        await this.#stages.runNow([
          { kind: CallbackKind.Call, fn: SETUP_CALLBACK, args: [], entity: 0 },
        ]),
      );
    }
    if (options.settingsPath !== undefined) {
      const report = await loadSettings(this.cvars, options.settingsPath);
      for (const w of report.warnings) this.state.log.warn(`settings: ${w}`);
    }
    // Command-line values win over saved ones.
    applySets(this.cvars, this.state.log, laterSets);
    this.cvars.takePendingChanges(); // start-up values are not changes
    this.#loaded(
      await this.#stages.switchScene(
        options.scene ?? this.manifest.scene ?? this.state.signals.getString("scene") ?? "menu",
      ),
    );
  }

  /** Current simulation frame (frames completed). */
  get frame(): number {
    return this.#frame;
  }

  /** Current scene. */
  get scene(): string {
    return this.#stages.scene;
  }

  /** Whether the game asked to quit. */
  get quitRequested(): boolean {
    return this.state.requests.quit || this.state.signals.hasFlag("quit_game");
  }

  /** The exit code a renderer's quit asked for: 130 after Ctrl-C in the terminal, else 0. */
  get exitCode(): number {
    return this.#exitCode;
  }

  /** Names of the game's global functions. */
  get functions(): ReadonlySet<string> {
    return this.#functions;
  }

  /**
   * The Lua host (for benchmarks and tests).
   *
   * @ignore
   */
  get host(): LuaHost {
    return this.#host;
  }

  /**
   * Whether the profiler runs: the workers then send back what each callback
   * function costs, and every stage of the frame is timed (the console's
   * `prof` turns it on and off). Off, it costs nothing.
   */
  get profiling(): boolean {
    return this.#profiler.enabled;
  }

  set profiling(on: boolean) {
    const profiler = this.#profiler;
    profiler.enabled = on;
    this.#scripts.stage.costs = on ? (costs) => profiler.addCosts(costs) : undefined;
    setStageTimer(this.#scheduler, on ? (stage, ms) => profiler.addStage(stage, ms) : undefined);
  }

  /**
   * What the profiler collected (see {@linkcode Engine.profiling}); the dump's
   * `profile` section is the public view of it.
   *
   * @ignore
   */
  get profiler(): Profiler {
    return this.#profiler;
  }

  /** The recorded input log, when recording. */
  get recorder(): InputRecorder | undefined {
    return this.#input.recorder;
  }

  /**
   * Run one simulation frame through every stage. With `render: false` the
   * render stage is skipped: a real-time loop that runs several fixed steps
   * per display frame draws only after the last one.
   */
  async step(options: { render?: boolean } = {}): Promise<void> {
    const started = performance.now();
    this.state.log.frame = this.#frame;
    if (this.#reloader.due(this.#frame)) await this.#reloader.atBoundary(this.#frame);
    // The reloaded functions read other context fields: learnt before they run.
    if (this.#reloaded) {
      this.#reloaded = false;
      await this.#scripts.learnFieldsRead();
    }
    // The console's `prof` runs within a frame: its switch waits for this boundary.
    const asked = this.#profiler.takeRequest();
    if (asked !== undefined) this.profiling = asked;
    await runFrame(this.#scheduler, { dt: this.#stages.dt(), render: options.render ?? true });
    this.#frame++;
    this.#stepMs = performance.now() - started;
    if (this.#profiler.enabled) this.#profiler.addFrame(this.#stepMs);
  }

  /** The `--dump-state` view of the game now. */
  dump(): DumpState {
    const profile = this.#profiler.ran ? this.#profiler.dump() : undefined;
    return buildDump(this.state, this.#frame, this.scene, profile);
  }

  /**
   * Add a TypeScript system of the game's own at the end of `stage` (after
   * the engine's systems there); it runs every frame from the next one. A
   * system that throws is logged with its stage and name, and the frame goes on.
   *
   * @throws {DuplicateSystemError} when `stage` already has a system `name`.
   * @example
   * ```ts
   * import { Engine } from "@moonglow/engine";
   * const engine = await Engine.load({ gameDir: "examples/breakout" });
   * engine.addSystem("post_update", "trace", ({ engine }) => {
   *   engine.log.info(`frame ${engine.frame}`);
   * });
   * ```
   */
  addSystem(
    stage: Stage,
    name: string,
    run: (frame: EngineFrame) => void | Promise<void>,
  ): void {
    addSystem(this.#scheduler, stage, name, (ctx) => run({ dt: ctx.dt, engine: this }));
  }

  /**
   * Remove a system added with {@linkcode Engine.addSystem}; returns whether it was there.
   *
   * @example
   * ```ts
   * import type { Engine } from "@moonglow/engine";
   * declare const engine: Engine;
   * engine.removeSystem("post_update", "trace"); // true when it was added
   * ```
   */
  removeSystem(stage: Stage, name: string): boolean {
    return removeSystem(this.#scheduler, stage, name);
  }

  /** Draw the current state with the renderer, if any. */
  render(): void {
    if (!this.#renderer) return;
    const fps = this.#fps.draw(performance.now());
    this.#renderer.draw(buildRenderFrame(this.state, {
      frame: this.#frame,
      scene: this.scene,
      fps,
      showFps: this.cvars.getBool("r_show_fps"),
      frameMs: this.#stepMs,
      view: this.#view,
      title: this.manifest.title,
      profile: this.#profiler.enabled
        ? profileHeadline({ frames: this.#profiler.frames, callbacks: this.#profiler.top(1) })
        : undefined,
    }));
  }

  /**
   * Write CVars flagged `saved` to the settings file given at load, if any.
   * Failures are logged, never thrown: losing settings must not lose the game.
   */
  async saveSettings(): Promise<void> {
    if (this.#settingsPath === undefined) return;
    try {
      const report = await saveSettings(this.cvars, this.#settingsPath);
      for (const w of report.warnings) this.state.log.warn(`settings: ${w}`);
    } catch (e) {
      this.state.log.warn(`settings: ${(e as Error).message}`);
    }
  }

  /** Stop the workers. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#reloader.close();
    this.#host.close();
  }

  #engineCVarChanged(name: string): void {
    if (name === "lua_max_instructions" || name === "lua_max_memory_mb") {
      this.#host.setLimits({
        maxInstructions: this.cvars.getNumber("lua_max_instructions"),
        maxMemoryMb: this.cvars.getNumber("lua_max_memory_mb"),
      }).catch((e) => this.state.log.warn(`cvar ${name}: ${(e as Error).message}`));
    }
  }

  /** Throw {@linkcode GameLoadFailedError} for the first loading callback that failed. */
  #loaded(outcomes: readonly CallbackOutcome[]): void {
    const failure = loadFailure(outcomes, this.state.log.verbose);
    if (failure) throw failure;
  }
}
