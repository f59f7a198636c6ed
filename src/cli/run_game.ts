/**
 * `run`: load a game, drive it with the chosen renderer until `--frames` or
 * a quit, then write `--dump-state` and `--record` files. A terminal run
 * prints a summary of the game's errors to stderr once the terminal is
 * restored (the screen only showed the latest few); with `--profile` it
 * prints the profile to stderr.
 *
 * @module
 */
import { FixedTimestep } from "../ecs/mod.ts";
import { Engine, GameLoadFailedError } from "../engine/engine.ts";
import { GameFilesError } from "../engine/game_files.ts";
import { type GameManifest, ManifestError, readManifest } from "../engine/manifest.ts";
import { formatErrorSummary, MAX_DISTINCT_ERRORS } from "../state/error_digest.ts";
import type { LogEntry } from "../state/log.ts";
import { profileTable } from "../engine/profile_report.ts";
import { HeadlessRenderer } from "../render/headless.ts";
import { PngTextureSampler, TerminalRenderer } from "../render/terminal/mod.ts";
import type { Renderer } from "../core/render_types.ts";
import { WebRenderer } from "../render/web/mod.ts";
import type { RunLaunch } from "./cli_deps.ts";
import { writeDumpState } from "../engine/dump_state.ts";
import { GameLoadError } from "./errors.ts";
import { defaultSettingsPath } from "../cvar/mod.ts";
import type { AssetLoadError } from "../assets/mod.ts";
import { isAbsolute, relative } from "node:path";

/** Renderer problems go to the engine log once it exists: page trouble as warnings, bad assets as errors. */
interface Reports {
  warn(message: string): void;
  asset(renderer: string, error: AssetLoadError): void;
}

function makeRenderer(launch: RunLaunch, report: Reports): Renderer {
  switch (launch.renderer) {
    case "headless":
      return new HeadlessRenderer();
    case "terminal":
      return new TerminalRenderer({
        sampler: new PngTextureSampler({ onError: (e) => report.asset("terminal renderer", e) }),
      });
    case "web":
      return new WebRenderer({
        gameDir: launch.gameDir,
        port: launch.port,
        onProtocolError: (e) => report.warn(`web page: ${e.message}`),
        onAssetError: (e) => report.asset("web renderer", e),
      });
  }
}

/** `path` as one shell word: quoted when it holds spaces or quotes. */
function shellWord(path: string): string {
  return /^[\w./~:-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

/**
 * Log lines to stderr. An error already printed is not printed again (a
 * callback failing every frame would flood the terminal); the summary at exit
 * counts the repeats. While the game loads, errors wait: a load that fails
 * says its error once, in the `moonglow:` line.
 */
class StderrLog {
  #quiet: boolean;
  #seen = new Set<string>();
  #repeats = 0;
  #held: LogEntry[] | undefined = [];
  #enc = new TextEncoder();

  constructor(quiet: boolean) {
    this.#quiet = quiet;
  }

  /** Whether an error was held back as a repeat. */
  get repeated(): boolean {
    return this.#repeats > 0;
  }

  readonly sink = (e: LogEntry): void => {
    if (this.#quiet && (e.level === "info" || e.level === "debug")) return;
    if (e.level === "error") {
      if (this.#held) return void this.#held.push(e);
      if (this.#seen.has(e.message)) return void this.#repeats++;
      if (this.#seen.size < MAX_DISTINCT_ERRORS) this.#seen.add(e.message); // bounded, as the digest
    }
    Deno.stderr.writeSync(this.#enc.encode(`[${e.frame}] ${e.level}: ${e.message}\n`));
  };

  /** The game loaded: print the errors held back. */
  loaded(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const e of held) this.sink(e);
  }
}

/**
 * Run a game as the command line asked; resolves to the exit code.
 *
 * @example
 * ```ts
 * import type { RunLaunch } from "./cli_deps.ts";
 * import { runGame } from "./run_game.ts";
 * declare const launch: RunLaunch; // the parsed `moonglow run` options
 * Deno.exitCode = await runGame(launch);
 * ```
 */
export async function runGame(launch: RunLaunch): Promise<number> {
  // The renderer exists before the engine; its reports wait for the log.
  const loaded: { engine?: Engine } = {};
  const renderer = makeRenderer(launch, {
    warn: (m) => loaded.engine?.state.log.warn(m),
    asset: (who, e) => {
      // A missing file was an error when the game loaded it already.
      if (e.cause instanceof Deno.errors.NotFound) return;
      // The sampler reads the file where it is on disk; the game named it relative to its folder.
      const path = isAbsolute(e.path) ? relative(launch.gameDir, e.path) : e.path;
      loaded.engine?.state.log.assetError(who, path, `cannot load ${path}: ${e.reason}`);
    },
  });
  // The terminal renderer owns the screen; the log then only goes to the dump.
  const stderr = launch.renderer === "terminal"
    ? undefined
    : new StderrLog(launch.renderer === "headless");
  const manifest = await readGameManifest(launch.gameDir);
  let engine: Engine;
  try {
    engine = await Engine.load({
      manifest,
      gameDir: launch.gameDir,
      workers: launch.workers,
      seed: launch.seed,
      scene: launch.scene,
      sets: launch.cvars,
      inputLog: launch.inputLog,
      record: launch.record !== undefined,
      renderer,
      logSink: stderr?.sink,
      // Saved settings are for players; a headless run (tests, CI, dumps) must
      // give the same world for the same command line, so it neither reads nor writes them.
      settingsPath: launch.renderer === "headless" ? undefined : defaultSettingsPath(),
      verbose: launch.verbose,
      watch: launch.watch,
      profile: launch.profile,
    });
  } catch (e) {
    if (e instanceof GameFilesError) throw new GameLoadError(e.message);
    if (e instanceof GameLoadFailedError) {
      // The error record explains the failure: keep it in the dump asked for.
      if (launch.dumpState !== undefined && e.dump) await writeDumpState(launch.dumpState, e.dump);
      // `check` finds what keeps a file from compiling; an error the code raises shows only here.
      throw new GameLoadError(
        e.message,
        e.syntax
          ? `Run "moonglow check ${shellWord(launch.gameDir)}" to list every syntax error.`
          : e.callback === undefined
          ? "The code outside functions runs when the game loads; the error above stopped it."
          : "",
      );
    }
    throw e;
  }
  loaded.engine = engine;
  stderr?.loaded();
  const stop = new StopSignals();
  try {
    await renderer.start();
    const going = () => !engine.quitRequested && stop.code === undefined;
    if (launch.renderer === "headless") await runFast(engine, launch.frames, going);
    else await runRealTime(engine, launch.frames, going);
  } finally {
    stop.dispose();
    await renderer.stop();
    await engine.saveSettings();
    engine.close();
    // The terminal showed only the latest errors, and the log did not reach stderr; elsewhere
    // stderr had each error once, and the summary counts the repeats.
    const summary = stderr === undefined || stderr.repeated
      ? formatErrorSummary(engine.state.log.digest)
      : "";
    if (summary !== "") Deno.stderr.writeSync(new TextEncoder().encode(`${summary}\n`));
  }
  // After the renderer gave the terminal back.
  if (engine.profiler.ran) {
    Deno.stderr.writeSync(new TextEncoder().encode(`${profileTable(engine.profiler.dump())}\n`));
  }
  if (launch.dumpState !== undefined) await writeDumpState(launch.dumpState, engine.dump());
  if (launch.record !== undefined && engine.recorder) await engine.recorder.write(launch.record);
  return stop.code ?? engine.exitCode;
}

/** The game's manifest; one that cannot be used stops the run (exit 1). */
async function readGameManifest(gameDir: string): Promise<GameManifest> {
  try {
    return await readManifest(gameDir);
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    throw new GameLoadError(
      e.message,
      'moonglow.json is optional; all its fields are: { "title": "My game", "view": ' +
        '{ "width": 800, "height": 600 }, "scene": "menu", "bindings": { "k": "action_1" } }',
    );
  }
}

/**
 * SIGINT and SIGTERM end the run after the current frame, like a quit, so
 * `--dump-state` and `--record` are still written; the exit code is then
 * 128 + the signal number. A second signal ends the process at once.
 */
class StopSignals {
  code: number | undefined;
  #listeners: [Deno.Signal, () => void][] = [];

  constructor() {
    for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
      const listener = () => {
        if (this.code !== undefined) Deno.exit(code);
        this.code = code;
      };
      try {
        Deno.addSignalListener(signal, listener);
        this.#listeners.push([signal, listener]);
      } catch {
        // Not every platform offers every signal (Windows has no SIGTERM).
      }
    }
  }

  dispose(): void {
    for (const [signal, listener] of this.#listeners) Deno.removeSignalListener(signal, listener);
    this.#listeners = [];
  }
}

async function runFast(
  engine: Engine,
  frames: number | undefined,
  going: () => boolean,
): Promise<void> {
  if (frames === undefined) {
    // Headless with no end: say so, or a non-interactive run looks hung.
    Deno.stderr.writeSync(
      new TextEncoder().encode(
        "moonglow: headless run without --frames; stops when the game quits (Ctrl-C to stop)\n",
      ),
    );
  }
  while ((frames === undefined || engine.frame < frames) && going()) {
    await engine.step();
  }
}

async function runRealTime(
  engine: Engine,
  frames: number | undefined,
  going: () => boolean,
): Promise<void> {
  const cvars = engine.cvars;
  const timestep = new FixedTimestep({ hz: cvars.getNumber("sys_tick_hz") });
  let last = performance.now();
  while ((frames === undefined || engine.frame < frames) && going()) {
    const now = performance.now();
    timestep.hz = cvars.getNumber("sys_tick_hz");
    timestep.maxSteps = cvars.getNumber("sys_max_steps_per_frame");
    // sys_time_scale (a cheat) runs simulated time faster or slower than real
    // time; each step keeps its fixed dt, so a run stays reproducible.
    const { steps } = timestep.advance((now - last) / 1000 * cvars.getNumber("sys_time_scale"));
    last = now;
    // Several fixed steps may be due; draw once, after the last.
    for (let i = 0; i < steps && going(); i++) {
      await engine.step({ render: i === steps - 1 });
    }
    if (steps === 0) engine.render();
    const wait = Math.max(0, timestep.dt * 1000 - (performance.now() - now));
    await new Promise((r) => setTimeout(r, wait));
  }
}
