/**
 * The engine: loads a game folder into pooled Lua states and runs the frame
 * pipeline of SPEC 3.2 (input, pre_update, scripts, apply, physics,
 * collision, post_update, render), one fixed step at a time.
 *
 * @module
 */
import { engineLuaSource } from "../api/mod.ts";
import {
  applyCallbackCommands,
  createGameState,
  type GameState,
  type QueuedCallback,
} from "../commands/mod.ts";
import {
  applyPlusSets,
  Console,
  CVarRegistry,
  defineEngineCVars,
  loadSettings,
  saveSettings,
} from "../cvar/mod.ts";
import type { PlusSet } from "../cvar/mod.ts";
import {
  addSystem,
  aliveIds,
  createScheduler,
  despawnEntity,
  eidOf,
  hasComponent,
  Persistent,
  runFrame,
  type Scheduler,
} from "../ecs/mod.ts";
import type { InputSnapshot } from "../input/actions.ts";
import { InputBuilder } from "../input/input_builder.ts";
import type { InputLogEntry } from "../input/input_log.ts";
import { InputRecorder } from "../input/input_recorder.ts";
import { InputReplayer } from "../input/input_replayer.ts";
import type { InputEvent } from "../input/events.ts";
import { ActionQueue } from "../lua/action_queue.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { LuaHost, type StateHandle } from "../lua/lua_host.ts";
import type { RunOutcome } from "../lua/host_protocol.ts";
import { type ScriptExecutor, ScriptRunner } from "../lua/script_runner.ts";
import { ScriptingSystem } from "../lua/scripting_system.ts";
import { runtimeLuaSource } from "../lua/runtime_lua.ts";
import type { Renderer } from "../render/types.ts";
import { CALLBACK_SOURCES, type FrameInfo, GAMEPLAY_SYSTEMS } from "../systems/registry.ts";
import { findCollisions } from "../systems/collision.ts";
import { isAlive } from "../ecs/mod.ts";
import { entityContext } from "./entity_context.ts";
import type { DumpState } from "../cli/dump_state.ts";
import { applyCVarCommand } from "./cvar_commands.ts";
import { buildDump } from "./dump.ts";
import { readGameFiles } from "./game_files.ts";
import { callbackInput, snapshotInput } from "./input_table.ts";
import { EngineLog, type LogEntry } from "./log.ts";
import { applyPhaseReturns, KIND_RANK, planFrame } from "./plan.ts";
import { buildRenderFrame } from "./render_frame.ts";
import {
  type BatchFrame,
  type CallbackOutcome,
  type PlannedCallback,
  ScriptStage,
} from "./script_stage.ts";
import { buildSnapshot } from "./snapshot.ts";

/** Options for {@linkcode Engine.load}. */
export interface EngineOptions {
  /** Game folder with `main.lua`. */
  gameDir: string;
  /** Lua workers (default: the `lua_workers` CVar). */
  workers?: number;
  /** Lua states per worker (default 2). */
  statesPerWorker?: number;
  /** Run seed for `math.random` (default 0). */
  seed?: number;
  /** First scene (default: the `scene` string signal, else `"menu"`). */
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
  /** Logical view size (default 800 x 600). */
  view?: { width: number; height: number };
  /**
   * Settings file for CVars flagged `saved`: read after `on_setup` (so game
   * CVars exist) and written by {@linkcode Engine.saveSettings}. Default: none.
   */
  settingsPath?: string;
}

/**
 * Error for a game that could not be loaded (missing files, a Lua error at
 * load or in `on_setup` setup code that stops the game from starting).
 *
 * @example
 * ```ts
 * import { GameLoadFailedError } from "./engine.ts";
 * const e = new GameLoadFailedError("main.lua:3: unexpected symbol");
 * ```
 */
export class GameLoadFailedError extends Error {
  /** Create the error. */
  constructor(message: string) {
    super(message);
    this.name = "GameLoadFailedError";
  }
}

interface FrameContext {
  dt: number;
  /** Draw this step (the caller decides: rendering is decoupled from ticks). */
  render: boolean;
}

const FUNCTIONS_CHUNK = `local names = {}
for k, v in pairs(_G) do if type(v) == "function" then names[#names + 1] = k end end
table.sort(names)
return table.concat(names, "\\n")`;

/**
 * A running game.
 *
 * @example
 * ```ts ignore
 * const engine = await Engine.load({ gameDir: "examples/breakout", workers: 2 });
 * for (let i = 0; i < 60; i++) await engine.step();
 * console.log(engine.dump().hash);
 * engine.close();
 * ```
 */
export class Engine {
  /** Everything commands touch. */
  readonly state: GameState;
  /** CVars (engine and game). */
  readonly cvars: CVarRegistry;
  /** The console. */
  readonly console: Console;
  #host: LuaHost;
  #stage: ScriptStage;
  #scheduler: Scheduler<FrameContext>;
  #functions: Set<string>;
  #queue = new ActionQueue();
  #runner: ScriptRunner<StateHandle>;
  #scripting: ScriptingSystem<StateHandle>;
  #input = new InputBuilder();
  #replayer: InputReplayer | undefined;
  #recorder: InputRecorder | undefined;
  #renderer: Renderer | undefined;
  #view: { width: number; height: number };
  #frame = 0;
  #seed: number;
  #settingsPath: string | undefined;
  #scene = "menu";
  #snapshotInput: InputSnapshot | undefined;
  #facts: BatchFrame | undefined;
  #outcomes: CallbackOutcome[] = [];
  /** Regular-queue commands issued by collision callbacks, applied at the next apply stage. */
  #deferred: QueuedCallback[] = [];
  #consoleLines: string[];
  #stepMs = 0;
  #closed = false;

  private constructor(
    state: GameState,
    cvars: CVarRegistry,
    host: LuaHost,
    functions: Set<string>,
    options: EngineOptions,
    seed: number,
    consoleLines: string[],
  ) {
    this.#consoleLines = consoleLines;
    this.state = state;
    this.cvars = cvars;
    this.#host = host;
    this.#functions = functions;
    this.#stage = new ScriptStage(host, seed);
    this.#seed = seed;
    this.#settingsPath = options.settingsPath;
    this.#renderer = options.renderer;
    this.#view = options.view ?? { width: 800, height: 600 };
    if (options.inputLog) this.#replayer = new InputReplayer([...options.inputLog]);
    if (options.record) this.#recorder = new InputRecorder();
    // Console `exec` goes through the ScriptRunner (seed 000): its result
    // reaches the ActionQueue as a ScriptResult, and engine commands in the
    // chunk apply at once, so `exec engine.set_integer("lives", 9)` works.
    const executor: ScriptExecutor<StateHandle> = {
      pool: host.pool,
      run: async (_handle, source, chunkName = "console"): Promise<RunOutcome> => {
        const [o] = await this.#runNow([{
          kind: CallbackKind.Chunk,
          source,
          chunkName,
          entity: 0,
        }]);
        if (o === undefined) return { ok: true, values: [] };
        if (o.error !== undefined) return { ok: false, error: { message: o.error, traceback: "" } };
        return { ok: true, values: o.returned === undefined ? [] : [o.returned] };
      },
    };
    this.#runner = new ScriptRunner({ host: executor, queue: this.#queue, chunkName: "console" });
    this.#scripting = new ScriptingSystem({
      cvars: {
        // Engine CVars act on the engine as their changes are taken.
        takePendingChanges: () => {
          const changes = cvars.takePendingChanges();
          for (const c of changes) this.#applyEngineCVar(c.name);
          return changes;
        },
      },
      queue: this.#queue,
      host: executor,
      log: (level, message) => this.state.log.write(level, message),
      // CVar handlers run as callbacks of this frame, their commands applied at once.
      runHandlers: async (calls) => {
        await this.#runNow(calls.map((f) => ({
          kind: CallbackKind.CVar,
          fn: f.handler,
          args: [f.name, f.oldValue, f.newValue],
          entity: 0,
        })));
      },
    });
    this.console = new Console(cvars, {
      executor: async (code) => {
        const outcome = await this.#runner.enqueueScript(code);
        if (!outcome.ok) throw new Error(outcome.message);
        return outcome.message;
      },
    });
    this.#scheduler = createScheduler<FrameContext>({
      onError: (f) =>
        this.state.log.error(`${f.stage}/${f.system}: ${(f.error as Error)?.message ?? f.error}`),
    });
    this.#registerSystems();
  }

  /**
   * Load a game: read its Lua files, start the workers, run `main.lua` in
   * every state, `on_setup()`, then the first scene's `on_switch_scene`.
   */
  static async load(options: EngineOptions): Promise<Engine> {
    const files = await readGameFiles(options.gameDir);
    const log = new EngineLog({ sink: options.logSink });
    const cvars = new CVarRegistry();
    defineEngineCVars(cvars);
    const pendingSets = [...(options.sets ?? [])];
    const retry: PlusSet[] = [];
    for (const set of pendingSets) {
      cvars.has(set.name) ? applySets(cvars, log, [set]) : retry.push(set);
    }
    const consoleLines: string[] = [];
    const state = createGameState({
      gameDir: options.gameDir,
      log,
      hooks: {
        cvar: (cmd) => applyCVarCommand(cvars, log, cmd),
        console: (cmd) => void consoleLines.push(String((cmd.args as { cmd?: unknown }).cmd ?? "")),
      },
    });
    const view = options.view ?? { width: 800, height: 600 };
    state.camera.x = view.width / 2;
    state.camera.y = view.height / 2;
    let host: LuaHost;
    try {
      host = await LuaHost.start({
        workers: options.workers ?? cvars.getNumber("lua_workers"),
        statesPerWorker: options.statesPerWorker ?? 2,
        vm: {
          maxInstructions: cvars.getNumber("lua_max_instructions"),
          maxMemoryMb: cvars.getNumber("lua_max_memory_mb"),
        },
        setup: {
          privileged: [{
            source: runtimeLuaSource({ apiSource: engineLuaSource() }),
            name: "=moonglow_runtime",
          }],
          files: Object.fromEntries(files),
          main: { source: files.get("main.lua") ?? "", name: "main.lua" },
          freeze: true,
        },
        onLog: (_h, level, message) => log.write(level, message),
      });
    } catch (e) {
      throw new GameLoadFailedError((e as Error).message);
    }
    let functions: Set<string>;
    try {
      const listed = await host.run(host.handle(0, 0), FUNCTIONS_CHUNK, "functions");
      functions = new Set(listed.ok ? (listed.values[0] ?? "").split("\n") : []);
    } catch (e) {
      host.close();
      throw new GameLoadFailedError((e as Error).message);
    }
    const engine = new Engine(
      state,
      cvars,
      host,
      functions,
      options,
      options.seed ?? 0,
      consoleLines,
    );
    try {
      await engine.#start(options, retry);
    } catch (e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  async #start(options: EngineOptions, retrySets: PlusSet[]): Promise<void> {
    if (this.#functions.has("on_setup")) {
      await this.#runNow([{ kind: CallbackKind.Call, fn: "on_setup", args: [], entity: 0 }]);
    }
    if (options.settingsPath !== undefined) {
      const report = await loadSettings(this.cvars, options.settingsPath);
      for (const w of report.warnings) this.state.log.warn(`settings: ${w}`);
    }
    // Command-line values win over saved ones.
    applySets(this.cvars, this.state.log, retrySets);
    this.cvars.takePendingChanges(); // start-up values are not changes
    const scene = options.scene ?? this.state.signals.getString("scene") ?? "menu";
    await this.#switchScene(scene);
  }

  /** Current simulation frame (frames completed). */
  get frame(): number {
    return this.#frame;
  }

  /** Current scene. */
  get scene(): string {
    return this.#scene;
  }

  /** Whether the game asked to quit. */
  get quitRequested(): boolean {
    return this.state.requests.quit || this.state.signals.hasFlag("quit_game");
  }

  /** Names of the game's global functions. */
  get functions(): ReadonlySet<string> {
    return this.#functions;
  }

  /** The Lua host (for benchmarks and tests). */
  get host(): LuaHost {
    return this.#host;
  }

  /** The recorded input log, when recording. */
  get recorder(): InputRecorder | undefined {
    return this.#recorder;
  }

  #dt(): number {
    return 1 / this.cvars.getNumber("sys_tick_hz");
  }

  /**
   * Run one simulation frame through every stage. With `render: false` the
   * render stage is skipped: a real-time loop that runs several fixed steps
   * per display frame draws only after the last one.
   */
  async step(options: { render?: boolean } = {}): Promise<void> {
    const started = performance.now();
    this.state.log.frame = this.#frame;
    await runFrame(this.#scheduler, { dt: this.#dt(), render: options.render ?? true });
    this.#frame++;
    this.#stepMs = performance.now() - started;
  }

  /** The `--dump-state` view of the game now. */
  dump(): DumpState {
    return buildDump(this.state, this.#frame, this.#scene);
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
    this.#host.close();
  }

  #registerSystems(): void {
    const s = this.#scheduler;
    addSystem(s, "input", "input_snapshot", () => this.#inputStage());
    addSystem(s, "pre_update", "console_lines", () => this.#consoleStage());
    addSystem(s, "pre_update", "cvar_changes", () => this.#scripting.collectChanges());
    addSystem(s, "scripts", "lua_callbacks", (ctx) => this.#scriptsStage(ctx.dt));
    addSystem(
      s,
      "apply",
      "regular_queues",
      () => this.#applyOutcomes(this.#outcomes, "apply_stage"),
    );
    for (const system of GAMEPLAY_SYSTEMS) {
      addSystem(
        s,
        system.stage,
        system.name,
        (ctx) => system.run(this.state, this.#frameInfo(ctx.dt)),
      );
    }
    addSystem(s, "collision", "lua_collisions", (ctx) => this.#collisionStage(ctx.dt));
    addSystem(s, "post_update", "scripting_system", () => this.#scripting.drain());
    addSystem(s, "post_update", "scene_switch", () => this.#sceneRequests());
    addSystem(s, "render", "draw", (ctx) => {
      if (ctx.render) this.render();
    });
  }

  #inputStage(): void {
    const events: InputEvent[] = [...(this.#replayer?.eventsFor(this.#frame) ?? [])];
    for (const e of this.#renderer?.poll() ?? []) {
      if (e.type === "quit") this.state.requests.quit = true;
      else if (e.type === "console") events.push({ type: "console", line: e.line });
      else if (e.type === "mouse") events.push({ type: "mouse", x: e.x, y: e.y });
      else events.push({ type: e.type, name: e.key });
    }
    for (const e of events) {
      this.#recorder?.record(this.#frame, e);
      if (e.type === "console") this.#consoleLines.push(e.line);
      else {
        try {
          this.#input.apply(e);
        } catch (err) {
          this.state.log.warn(`input: ${(err as Error).message}`);
        }
      }
    }
    this.#snapshotInput = this.#input.endFrame(this.#frame);
  }

  async #consoleStage(): Promise<void> {
    const lines = this.#consoleLines.splice(0);
    for (const line of lines) {
      const out = await this.console.execute(line);
      const text = out.map((l) => l.text);
      for (const l of out) {
        if (l.level !== "input") {
          this.state.log.write(
            l.level === "error" ? "error" : l.level === "warn" ? "warn" : "info",
            `console: ${l.text}`,
          );
        }
      }
      this.#renderer?.consoleOutput(text);
    }
  }

  #applyEngineCVar(name: string): void {
    if (name === "lua_max_instructions" || name === "lua_max_memory_mb") {
      this.#host.setLimits({
        maxInstructions: this.cvars.getNumber("lua_max_instructions"),
        maxMemoryMb: this.cvars.getNumber("lua_max_memory_mb"),
      }).catch((e) => this.state.log.warn(`cvar ${name}: ${(e as Error).message}`));
    }
  }

  #frameFacts(dt: number): BatchFrame {
    const input = this.#snapshotInput ?? this.#input.endFrame(this.#frame);
    return {
      frame: this.#frame,
      dt,
      snapshot: buildSnapshot(this.state, this.cvars, snapshotInput(input)),
      input: callbackInput(input),
    };
  }

  #frameInfo(dt: number): FrameInfo {
    const input = this.#snapshotInput ?? this.#input.endFrame(this.#frame);
    return { dt, frame: this.#frame, input, seed: this.#seed };
  }

  async #scriptsStage(dt: number): Promise<void> {
    const info = this.#frameInfo(dt);
    const planned = planFrame({
      world: this.state.world,
      tables: this.state.gameplay,
      scene: this.#scene,
      functions: this.#functions,
      dt,
      log: this.state.log,
    });
    for (const source of CALLBACK_SOURCES) planned.push(...source.plan(this.state, info));
    this.#facts = this.#frameFacts(dt);
    this.#outcomes = await this.#stage.run(this.#facts, planned);
  }

  /**
   * Report, queue and apply callback outcomes (errors and logs in order).
   * With `collisionOnly`, commands of the regular queues wait for the next
   * apply stage (SPEC 3.2: only collision queues apply right after a
   * collision callback).
   */
  #applyOutcomes(
    outcomes: readonly CallbackOutcome[],
    mode: "apply_stage" | "now" | "collision",
  ): void {
    const log = this.state.log;
    const collisionOnly = mode === "collision";
    const queued: QueuedCallback[] = mode === "apply_stage" ? this.#deferred.splice(0) : [];
    for (const o of outcomes) {
      const name = "fn" in o.planned ? o.planned.fn : o.planned.chunkName;
      for (const l of o.logs) log.write(l.level === "debug" ? "info" : l.level, l.message);
      if (o.error !== undefined) {
        log.callbackError(name, o.planned.entity === 0 ? null : o.planned.entity, o.error);
        continue;
      }
      if (o.commands.length === 0) continue;
      const origin = {
        index: o.index,
        kind: KIND_RANK[o.planned.kind] ?? 99,
        entity: o.planned.entity,
      };
      if (collisionOnly) {
        const regular = o.commands.filter((c) => !c.collision);
        if (regular.length > 0) this.#deferred.push({ ...origin, commands: regular });
        queued.push({ ...origin, commands: o.commands.filter((c) => c.collision) });
      } else {
        queued.push({ ...origin, commands: o.commands });
      }
    }
    applyCallbackCommands(this.state, queued);
    applyPhaseReturns(this.state.world, this.state.gameplay, outcomes);
    this.#outcomes = [];
  }

  /**
   * Collision rules: each overlapping pair runs its callback alone over the
   * synchronous channel, seeing every earlier callback's changes, and its
   * collision queue is applied before the next pair. Pairs whose entity an
   * earlier callback despawned are skipped.
   */
  #collisionStage(dt: number): void {
    const { world, gameplay } = this.state;
    const pairs = findCollisions(this.state);
    let index = 0;
    for (const pair of pairs) {
      if (!isAlive(world, pair.a) || !isAlive(world, pair.b)) continue;
      const a = entityContext(world, gameplay, pair.a);
      const b = entityContext(world, gameplay, pair.b);
      if (!a || !b) continue;
      const planned: PlannedCallback = {
        kind: CallbackKind.Collision,
        fn: pair.callback,
        a,
        b,
        sides: { a: pair.sidesA, b: pair.sidesB },
        entity: pair.a,
      };
      const outcome = this.#stage.runSync(this.#frameFacts(dt), planned, index++);
      this.#applyOutcomes([outcome], "collision");
    }
  }

  /** Run callbacks now and apply their commands at once (setup, scene switch, handlers, console). */
  async #runNow(planned: PlannedCallback[]): Promise<CallbackOutcome[]> {
    if (planned.length === 0) return [];
    const outcomes = await this.#stage.run(this.#frameFacts(this.#dt()), planned);
    this.#applyOutcomes(outcomes, "now");
    return outcomes;
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

  async #switchScene(scene: string): Promise<void> {
    const { world } = this.state;
    // Queues are cleared on a scene switch (SPEC 3.4): nothing of the old scene carries over.
    this.#deferred = [];
    for (const id of aliveIds(world)) {
      if (eidOf(world, id) !== undefined && !hasComponent(world, id, Persistent)) {
        despawnEntity(world, id);
      }
    }
    this.#scene = scene;
    this.state.signals.setString("scene", scene);
    if (this.#functions.has("on_switch_scene")) {
      await this.#runNow([{
        kind: CallbackKind.Call,
        fn: "on_switch_scene",
        args: [scene],
        entity: 0,
      }]);
    }
  }

  /** Draw the current state with the renderer, if any. */
  render(): void {
    if (!this.#renderer) return;
    this.#renderer.draw(buildRenderFrame(this.state, {
      frame: this.#frame,
      scene: this.#scene,
      fps: this.#stepMs > 0
        ? Math.min(
          999,
          Math.round(1000 / Math.max(this.#stepMs, 1000 / this.cvars.getNumber("sys_tick_hz"))),
        )
        : 0,
      frameMs: this.#stepMs,
      view: this.#view,
    }));
  }
}

function applySets(cvars: CVarRegistry, log: EngineLog, sets: readonly PlusSet[]): void {
  for (const line of applyPlusSets(cvars, sets)) {
    if (line.level === "error" || line.level === "warn") log.warn(`+set: ${line.text}`);
  }
}
