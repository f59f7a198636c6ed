/**
 * Loading a game: read its Lua files, define engine CVars and apply `+set`,
 * create the game state, start the Lua workers (engine runtime + API, then
 * `main.lua` in every state, then freeze), and list the game's functions.
 *
 * @module
 */
import { engineLuaSource } from "../api/mod.ts";
import { GameHints } from "../hints/mod.ts";
import type { DumpState } from "./dump_state.ts";
import { createGameState, type GameState } from "../commands/mod.ts";
import { applyPlusSets, CVarRegistry, defineEngineCVars, type PlusSet } from "../cvar/mod.ts";
import { HostStartError, WorkerCrashedError } from "../lua/host_errors.ts";
import { LuaHost } from "../lua/lua_host.ts";
import { runtimeLuaSource } from "../lua/runtime_lua.ts";
import { applyCVarCommand } from "./cvar_commands.ts";
import { readGameFiles } from "./game_files.ts";
import { callbackSeed } from "./seed.ts";
import { EngineLog, type LogEntry } from "../state/log.ts";
import { gameErrorText, literalWhere } from "../state/error_text.ts";
import { MoonglowError } from "../core/errors.ts";

/**
 * Error for a game that could not be loaded (a Lua error at load, a worker
 * that would not start). The message is in the game's words (`main.lua:3:
 * ...` and the game's own traceback frames) unless loading was verbose.
 *
 * @example
 * ```ts
 * import { GameLoadFailedError } from "./load.ts";
 * const e = new GameLoadFailedError("main.lua:3: unexpected symbol");
 * e.callback; // undefined: the scripts themselves failed to load
 * ```
 */
export class GameLoadFailedError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "GAME_LOAD_FAILED";
  /**
   * The world as loading left it, when the failure came after the workers
   * started (`on_setup` or the first scene): `--dump-state` still writes it,
   * with the error record.
   */
  dump: DumpState | undefined;
  /**
   * The callback that failed (`on_setup`, `on_switch_scene`), or `undefined`
   * when the game's scripts failed to load (a syntax error, an error at the
   * top level of a file).
   */
  readonly callback: string | undefined;
  /** Whether a game file does not compile (what `check` reports without running the game). */
  readonly syntax: boolean;
  /** Create the error. */
  constructor(message: string, callback?: string, syntax = false) {
    super(message);
    this.callback = callback;
    this.syntax = syntax;
  }
}

/**
 * Why the workers could not load the game: the game's error and traceback,
 * or with `verbose` the host's own message (worker and state numbers,
 * engine frames).
 */
function startFailure(e: unknown, verbose: boolean): string {
  if (verbose) {
    const traceback = e instanceof HostStartError && e.traceback !== "" ? `\n${e.traceback}` : "";
    return `${(e as Error).message}${traceback}`;
  }
  if (e instanceof HostStartError) {
    if (e.slot < 0) return `the Lua runtime could not start: ${e.luaMessage}`;
    return gameErrorText(e.traceback === "" ? e.luaMessage : `${e.luaMessage}\n${e.traceback}`);
  }
  if (e instanceof WorkerCrashedError) {
    return `the Lua runtime stopped while loading the game: ${e.reason}`;
  }
  return (e as Error).message;
}

/** What loading needs. */
export interface LoadOptions {
  /** Game folder with `main.lua`. */
  gameDir: string;
  /** Lua workers (default: the `lua_workers` CVar). */
  workers?: number;
  /** Run seed: `math.random` at the game's top level is seeded from it (default 0). */
  seed?: number;
  /** Lua states per worker (default: the `lua_states_per_worker` CVar, 2). */
  statesPerWorker?: number;
  /** `+set NAME VALUE` pairs. */
  sets?: readonly PlusSet[];
  /** Receives every log line as it is written. */
  logSink?: (entry: LogEntry) => void;
  /** Logical view size; the camera starts at its centre. */
  view: { width: number; height: number };
  /** Keep the engine's detail in error texts (`--verbose`). */
  verbose?: boolean;
}

/** A loaded game, ready for `on_setup`. */
export interface LoadedGame {
  /** The game state. */
  state: GameState;
  /** CVars with engine ones defined and `+set` applied where known. */
  cvars: CVarRegistry;
  /** `+set` pairs naming CVars the game has not defined yet (retried after `on_setup`). */
  laterSets: PlusSet[];
  /** The started workers. */
  host: LuaHost;
  /** Names of the game's global functions. */
  functions: Set<string>;
  /** Console lines queued by Lua's `console.execute`. */
  consoleLines: string[];
  /** The game calls `ecs.getComponent`, so snapshots carry components. */
  readsComponents: boolean;
  /**
   * The game's Lua files (path to text), as loaded; a reload replaces them
   * (error records then name lines of the new text).
   */
  files: ReadonlyMap<string, string>;
  /** Hints from the game's source (its load-time ones are logged already). */
  hints: GameHints;
}

/**
 * Whether the game's Lua calls `ecs.getComponent` (then snapshots carry components).
 *
 * @example
 * ```ts
 * import { readsComponents } from "./load.ts";
 * readsComponents(new Map([["main.lua", "local p = ecs.getComponent(id, 'position')"]])); // true
 * ```
 */
export function readsComponents(files: ReadonlyMap<string, string>): boolean {
  return [...files.values()].some((src) => src.includes("getComponent"));
}

const FUNCTIONS_CHUNK = `local names = {}
for k, v in pairs(_G) do if type(v) == "function" then names[#names + 1] = k end end
table.sort(names)
return table.concat(names, "\\n")`;

/**
 * Apply `+set` pairs, logging rejected ones.
 *
 * @example
 * ```ts
 * import { CVarRegistry, defineEngineCVars } from "../cvar/mod.ts";
 * import { applySets } from "./load.ts";
 * import { EngineLog } from "../state/log.ts";
 * const cvars = new CVarRegistry();
 * defineEngineCVars(cvars);
 * applySets(cvars, new EngineLog(), [{ name: "sys_tick_hz", value: "30" }]);
 * ```
 */
export function applySets(cvars: CVarRegistry, log: EngineLog, sets: readonly PlusSet[]): void {
  for (const line of applyPlusSets(cvars, sets)) {
    if (line.level === "error" || line.level === "warn") log.warn(`+set: ${line.text}`);
  }
}

/**
 * Load a game folder. Throws `GameFilesError` for a missing folder or
 * `main.lua`, {@linkcode GameLoadFailedError} when its Lua fails to load.
 *
 * @example
 * ```ts
 * import { loadGame } from "./load.ts";
 * const game = await loadGame({ gameDir: "examples/breakout", view: { width: 800, height: 600 } });
 * ```
 */
export async function loadGame(options: LoadOptions): Promise<LoadedGame> {
  const files = await readGameFiles(options.gameDir);
  const verbose = options.verbose ?? false;
  // The files as they are now (`game.files`, which a reload replaces), for asset error lines.
  let game: LoadedGame | undefined;
  const log = new EngineLog({
    sink: options.logSink,
    verbose,
    locate: (literal) => literalWhere(game?.files ?? files, literal),
  });
  const cvars = new CVarRegistry();
  defineEngineCVars(cvars);
  const laterSets: PlusSet[] = [];
  for (const set of options.sets ?? []) {
    if (cvars.has(set.name)) applySets(cvars, log, [set]);
    else laterSets.push(set);
  }
  const consoleLines: string[] = [];
  const state = createGameState({
    gameDir: options.gameDir,
    // A missing asset file is an error when it is loaded, in every renderer.
    checkAssetFiles: true,
    log,
    hooks: {
      cvar: (cmd) => applyCVarCommand(cvars, log, cmd),
      console: (cmd) => void consoleLines.push(String((cmd.args as { cmd?: unknown }).cmd ?? "")),
    },
  });
  state.camera.x = options.view.width / 2;
  state.camera.y = options.view.height / 2;
  let host: LuaHost;
  let started = false;
  try {
    host = await LuaHost.start({
      workers: options.workers ?? cvars.getNumber("lua_workers"),
      statesPerWorker: options.statesPerWorker ?? cvars.getNumber("lua_states_per_worker"),
      vm: {
        maxInstructions: cvars.getNumber("lua_max_instructions"),
        maxMemoryMb: cvars.getNumber("lua_max_memory_mb"),
      },
      setup: {
        privileged: [{
          source: runtimeLuaSource({
            apiSource: engineLuaSource(),
            loadSeed: callbackSeed(options.seed ?? 0, 0, "main.lua", 0),
          }),
          name: "=moonglow_runtime",
        }],
        files: Object.fromEntries(files),
        main: { source: files.get("main.lua") ?? "", name: "main.lua" },
        freeze: true,
      },
      // main.lua's top level runs in every state: keep the lines of one.
      onLog: (h, level, message) => {
        if (started || (h.worker === 0 && h.slot === 0)) log.write(level, message);
      },
      // The callbacks a crash loses are error records; which worker it was is engine detail.
      onCrash: verbose ? (e) => log.warn(e.message) : undefined,
    });
  } catch (e) {
    const syntax = e instanceof HostStartError && e.kind === "syntax";
    throw new GameLoadFailedError(startFailure(e, verbose), undefined, syntax);
  }
  started = true;
  try {
    const listed = await host.run(host.handle(0, 0), FUNCTIONS_CHUNK, "functions");
    const functions = new Set(listed.ok ? (listed.values[0] ?? "").split("\n") : []);
    const hints = new GameHints(files);
    for (const warning of hints.atLoad()) log.warn(warning);
    return game = {
      state,
      cvars,
      laterSets,
      host,
      functions,
      consoleLines,
      readsComponents: readsComponents(files),
      files,
      hints,
    };
  } catch (e) {
    host.close();
    throw new GameLoadFailedError(startFailure(e, verbose));
  }
}
