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
  aliveIds,
  createScheduler,
  despawnEntity,
  hasComponent,
  Persistent,
  removeSystem,
  runFrame,
  type Scheduler,
  setStageTimer,
  type Stage,
  type World,
} from "../ecs/mod.ts";
import type { InputSnapshot } from "../input/actions.ts";
import type { InputLogEntry } from "../input/input_log.ts";
import type { InputRecorder } from "../input/input_recorder.ts";
import { ActionQueue } from "../lua/action_queue.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import type { LuaHost } from "../lua/lua_host.ts";
import type { Renderer } from "../core/render_types.ts";
import { CALLBACK_SOURCES, type FrameInfo, GAMEPLAY_SYSTEMS } from "../systems/registry.ts";
import type { DumpState } from "./dump_state.ts";
import { runCollisionStage } from "./collision_stage.ts";
import { SETUP_CALLBACK, SWITCH_SCENE_CALLBACK } from "../api/callback_names.ts";
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
import type { EngineLog, LogEntry } from "../state/log.ts";
import type { WorldSignals } from "../signals/mod.ts";
import { type GameManifest, readManifest } from "./manifest.ts";
import { gameErrorText } from "../state/error_text.ts";
import { OutcomeApplier } from "./outcomes.ts";
import { advancePhaseClocks, planFrame } from "./plan.ts";
import { profileCommand } from "./profile_command.ts";
import { profileHeadline } from "./profile_report.ts";
import { Profiler } from "./profiler.ts";
import { WorldContexts } from "./entity_context.ts";
import { ScriptReloader } from "./reload.ts";
import { buildRenderFrame } from "./render_frame.ts";
import { callbackName, type CallbackOutcome } from "./batch_outcomes.ts";
import { type BatchFrame, ScriptStage } from "./script_stage.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import { createScripting, type Scripting } from "./scripting.ts";
import { SnapshotCache } from "./snapshot.ts";

export { GameLoadFailedError } from "./load.ts";

/**
 * Options for {@linkcode Engine.load}.
 *
 * @example
 * ```ts
 * import type { EngineOptions } from "./engine.ts";
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

interface FrameContext {
  dt: number;
  /** Draw this step (the caller decides: rendering is decoupled from ticks). */
  render: boolean;
}

/**
 * What a game's own TypeScript system receives each frame (see
 * {@linkcode Engine.addSystem}).
 *
 * @example
 * ```ts
 * import type { EngineFrame } from "./engine.ts";
 * const log = (f: EngineFrame) => f.engine.log.info(`dt ${f.dt}`);
 * ```
 */
export interface EngineFrame {
  /** Seconds simulated by this frame. */
  readonly dt: number;
  /** The running game: its world, signals, log and CVars. */
  readonly engine: Engine;
}

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
  #host: LuaHost;
  #stage: ScriptStage;
  #snapshots = new SnapshotCache();
  #contexts: WorldContexts;
  #scheduler: Scheduler<FrameContext>;
  #functions: ReadonlySet<string>;
  #scripting: Scripting;
  #applier: OutcomeApplier;
  #input: InputStage;
  #renderer: Renderer | undefined;
  #view: { width: number; height: number };
  #manifest: GameManifest;
  #seed: number;
  #settingsPath: string | undefined;
  #consoleLines: string[];
  #readsComponents: boolean;
  #reloader: ScriptReloader;
  #frame = 0;
  #exitCode = 0;
  #scene = "menu";
  #outcomes: CallbackOutcome[] = [];
  #stepMs = 0;
  #fps = 0;
  #lastDraw = 0;
  #closed = false;
  #profiler = new Profiler();

  private constructor(game: LoadedGame, options: EngineOptions, manifest: GameManifest) {
    this.state = game.state;
    this.#manifest = manifest;
    this.cvars = game.cvars;
    this.#host = game.host;
    this.#functions = game.functions;
    this.#consoleLines = game.consoleLines;
    this.#readsComponents = game.readsComponents;
    this.#seed = options.seed ?? 0;
    this.#stage = new ScriptStage(game.host, this.#seed);
    this.#contexts = new WorldContexts(game.state.world, game.state.gameplay);
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
      runNow: (planned) => this.#runNow(planned),
      onChange: (name) => this.#engineCVarChanged(name),
      commands: { prof: profileCommand(this.#profiler, (on) => this.profiling = on) },
    });
    this.console = this.#scripting.console;
    this.#reloader = new ScriptReloader({
      gameDir: options.gameDir,
      host: game.host,
      files: game.files,
      log: game.state.log,
      watch: options.watch,
      replay: options.inputLog,
      inUse: () => callbacksInUse(this.state, this.cvars),
      record: (frame, sources) => this.#input.recorder?.recordReload(frame, sources),
      onReloaded: (functions, files) => {
        this.#functions = functions;
        this.#readsComponents = readsComponents(files);
      },
    });
    this.console.addCommand("reload", {
      usage: "reload",
      summary: "Reload the game's Lua files before the next frame, keeping the world",
      run: () => [{ level: "info", text: this.#reloader.request("console") }],
    });
    this.#scheduler = createScheduler<FrameContext>({
      onError: (f) =>
        this.state.log.error(`${f.stage}/${f.system}: ${(f.error as Error)?.message ?? f.error}`),
    });
    this.#registerSystems();
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
    // Loading is main.lua, on_setup and the first scene: a game
    // whose on_setup or first on_switch_scene fails could not load.
    if (this.#functions.has(SETUP_CALLBACK)) {
      this.#loaded(
        await this.#runNow([{ kind: CallbackKind.Call, fn: SETUP_CALLBACK, args: [], entity: 0 }]),
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
      await this.#switchScene(
        options.scene ?? this.#manifest.scene ?? this.state.signals.getString("scene") ?? "menu",
      ),
    );
  }

  /** The ECS world: entities, their components and groups (for the game's own systems). */
  get world(): World {
    return this.state.world;
  }

  /** World signals: what Lua reads with `engine.get_*` and writes with `engine.set_*`. */
  get signals(): WorldSignals {
    return this.state.signals;
  }

  /** The game's log: every line and error record of the run. */
  get log(): EngineLog {
    return this.state.log;
  }

  /** Current simulation frame (frames completed). */
  get frame(): number {
    return this.#frame;
  }

  /** The game's manifest (`moonglow.json`, defaults filled in). */
  get manifest(): GameManifest {
    return this.#manifest;
  }

  /** Current scene. */
  get scene(): string {
    return this.#scene;
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
    this.#stage.costs = on ? (costs) => profiler.addCosts(costs) : undefined;
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
    await runFrame(this.#scheduler, { dt: this.#dt(), render: options.render ?? true });
    this.#frame++;
    this.#stepMs = performance.now() - started;
    if (this.#profiler.enabled) this.#profiler.addFrame(this.#stepMs);
  }

  /** The `--dump-state` view of the game now. */
  dump(): DumpState {
    const profile = this.#profiler.ran ? this.#profiler.dump() : undefined;
    return buildDump(this.state, this.#frame, this.#scene, profile);
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
    const now = performance.now();
    // Frames actually drawn per second, smoothed.
    if (this.#lastDraw > 0) {
      this.#fps = this.#fps * 0.9 + (1000 / Math.max(1, now - this.#lastDraw)) * 0.1;
    }
    this.#lastDraw = now;
    this.#renderer.draw(buildRenderFrame(this.state, {
      frame: this.#frame,
      scene: this.#scene,
      fps: Math.round(this.#fps),
      showFps: this.cvars.getBool("r_show_fps"),
      frameMs: this.#stepMs,
      view: this.#view,
      title: this.#manifest.title,
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

  #dt(): number {
    return 1 / this.cvars.getNumber("sys_tick_hz");
  }

  #registerSystems(): void {
    const s = this.#scheduler;
    addSystem(s, "input", "input_snapshot", () => this.#inputStage());
    addSystem(s, "pre_update", "console_lines", () => this.#consoleStage());
    addSystem(s, "pre_update", "cvar_changes", () => this.#scripting.system.collectChanges());
    addSystem(s, "scripts", "lua_callbacks", (ctx) => this.#scriptsStage(ctx.dt));
    addSystem(s, "apply", "regular_queues", () => {
      this.#applier.apply(this.#outcomes, "apply_stage");
      this.#outcomes = [];
    });
    for (const system of GAMEPLAY_SYSTEMS) {
      addSystem(
        s,
        system.stage,
        system.name,
        (ctx) => system.run(this.state, this.#frameInfo(ctx.dt)),
      );
    }
    addSystem(s, "collision", "lua_collisions", (ctx) => {
      runCollisionStage(this.state, this.#stage, () => this.#frameFacts(ctx.dt), this.#applier);
      this.#stage.collectCosts(this.#frame);
    });
    addSystem(s, "post_update", "scripting_system", () => this.#scripting.system.drain());
    addSystem(s, "post_update", "scene_switch", () => this.#sceneRequests());
    addSystem(s, "render", "draw", (ctx) => {
      if (ctx.render) this.render();
    });
  }

  #inputStage(): void {
    const input = this.#input.frame(this.#frame, this.#renderer?.poll() ?? []);
    if (input.quit) {
      this.state.requests.quit = true;
      this.#exitCode ||= input.exitCode;
    }
    this.#consoleLines.push(...input.console);
  }

  async #consoleStage(): Promise<void> {
    for (const line of this.#consoleLines.splice(0)) {
      const out = await this.console.execute(line);
      for (const l of out) {
        if (l.level === "input") continue;
        this.state.log.write(l.level, `console: ${l.text}`);
      }
      this.#renderer?.consoleOutput(out.map((l) => l.text));
    }
  }

  #engineCVarChanged(name: string): void {
    if (name === "lua_max_instructions" || name === "lua_max_memory_mb") {
      this.#host.setLimits({
        maxInstructions: this.cvars.getNumber("lua_max_instructions"),
        maxMemoryMb: this.cvars.getNumber("lua_max_memory_mb"),
      }).catch((e) => this.state.log.warn(`cvar ${name}: ${(e as Error).message}`));
    }
  }

  #currentInput(): InputSnapshot {
    return this.#input.current(this.#frame);
  }

  #frameFacts(dt: number): BatchFrame {
    const input = this.#currentInput();
    // Same objects while nothing changed: the stage then skips re-encoding them.
    return {
      frame: this.#frame,
      dt,
      snapshot: this.#snapshots.snapshot(this.state, this.cvars, input, this.#readsComponents),
      input: this.#snapshots.input(input),
      contexts: this.#contexts,
    };
  }

  #frameInfo(dt: number): FrameInfo {
    return { dt, frame: this.#frame, input: this.#currentInput(), seed: this.#seed };
  }

  async #scriptsStage(dt: number): Promise<void> {
    const planned = planFrame({
      world: this.state.world,
      tables: this.state.gameplay,
      scene: this.#scene,
      functions: this.#functions,
      dt,
      log: this.state.log,
      contexts: this.#contexts,
    });
    const info = this.#frameInfo(dt);
    for (const source of CALLBACK_SOURCES) planned.push(...source.plan(this.state, info));
    this.#outcomes = await this.#stage.run(this.#frameFacts(dt), planned);
    advancePhaseClocks(this.state.world, this.state.gameplay, dt);
  }

  /** Run callbacks now and apply their commands at once (setup, scene switch, handlers, console). */
  async #runNow(planned: PlannedCallback[]): Promise<CallbackOutcome[]> {
    if (planned.length === 0) return [];
    const outcomes = await this.#stage.run(this.#frameFacts(this.#dt()), planned);
    this.#applier.apply(outcomes, "now");
    return outcomes;
  }

  /** Throw {@linkcode GameLoadFailedError} for the first loading callback that failed. */
  #loaded(outcomes: readonly CallbackOutcome[]): void {
    const failed = outcomes.find((o) => o.error !== undefined);
    if (failed?.error === undefined) return;
    const name = callbackName(failed.planned);
    const error = this.state.log.verbose ? failed.error : gameErrorText(failed.error);
    throw new GameLoadFailedError(`${name} failed: ${error}`, name);
  }

  async #sceneRequests(): Promise<void> {
    const signals = this.state.signals;
    let next = this.state.requests.switchScene;
    if (signals.hasFlag("switch_scene")) {
      signals.clearFlag("switch_scene");
      next ??= signals.getString("scene") ?? this.#scene;
    }
    this.state.requests.switchScene = undefined;
    if (next !== undefined) await this.#switchScene(next);
  }

  async #switchScene(scene: string): Promise<CallbackOutcome[]> {
    const { world } = this.state;
    // Queues are cleared on a scene switch: nothing of the old scene carries over.
    this.#applier.clear();
    for (const id of aliveIds(world)) {
      if (!hasComponent(world, id, Persistent)) despawnEntity(world, id);
    }
    this.#scene = scene;
    this.state.signals.setString("scene", scene);
    if (!this.#functions.has(SWITCH_SCENE_CALLBACK)) return [];
    return await this.#runNow([{
      kind: CallbackKind.Call,
      fn: SWITCH_SCENE_CALLBACK,
      args: [scene],
      entity: 0,
    }]);
  }
}
