/**
 * Loading a game: read its Lua files, define engine CVars and apply `+set`,
 * create the game state, start the Lua workers (engine runtime + API, then
 * `main.lua` in every state, then freeze), and list the game's functions.
 *
 * @module
 */
import { engineLuaSource } from "../api/mod.ts";
import { GameHints } from "../hints/mod.ts";
import type { DumpState } from "../cli/dump_state.ts";
import { createGameState, type GameState } from "../commands/mod.ts";
import { applyPlusSets, CVarRegistry, defineEngineCVars, type PlusSet } from "../cvar/mod.ts";
import { LuaHost } from "../lua/lua_host.ts";
import { runtimeLuaSource } from "../lua/runtime_lua.ts";
import { applyCVarCommand } from "./cvar_commands.ts";
import { readGameFiles } from "./game_files.ts";
import { callbackSeed } from "./seed.ts";
import { EngineLog, type LogEntry } from "./log.ts";

/**
 * Error for a game that could not be loaded (a Lua error at load, a worker
 * that would not start).
 *
 * @example
 * ```ts
 * import { GameLoadFailedError } from "./load.ts";
 * const e = new GameLoadFailedError("main.lua:3: unexpected symbol");
 * ```
 */
export class GameLoadFailedError extends Error {
  /**
   * The world as loading left it, when the failure came after the workers
   * started (`on_setup` or the first scene): `--dump-state` still writes it,
   * with the error record.
   */
  dump: DumpState | undefined;
  /** Create the error. */
  constructor(message: string) {
    super(message);
    this.name = "GameLoadFailedError";
  }
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
  /** Hints from the game's source (its load-time ones are logged already). */
  hints: GameHints;
}

const FUNCTIONS_CHUNK = `local names = {}
for k, v in pairs(_G) do if type(v) == "function" then names[#names + 1] = k end end
table.sort(names)
return table.concat(names, "\\n")`;

/**
 * Apply `+set` pairs, logging rejected ones.
 *
 * @example
 * ```ts ignore
 * applySets(cvars, log, [{ name: "sys_tick_hz", value: "30" }]);
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
 * ```ts ignore
 * const game = await loadGame({ gameDir: "examples/breakout", view: { width: 800, height: 600 } });
 * ```
 */
export async function loadGame(options: LoadOptions): Promise<LoadedGame> {
  const files = await readGameFiles(options.gameDir);
  const log = new EngineLog({ sink: options.logSink });
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
    });
  } catch (e) {
    throw new GameLoadFailedError((e as Error).message);
  }
  started = true;
  try {
    const listed = await host.run(host.handle(0, 0), FUNCTIONS_CHUNK, "functions");
    const functions = new Set(listed.ok ? (listed.values[0] ?? "").split("\n") : []);
    const readsComponents = [...files.values()].some((src) => src.includes("getComponent"));
    const hints = new GameHints(files);
    for (const warning of hints.atLoad()) log.warn(warning);
    return { state, cvars, laterSets, host, functions, consoleLines, readsComponents, hints };
  } catch (e) {
    host.close();
    throw new GameLoadFailedError((e as Error).message);
  }
}
