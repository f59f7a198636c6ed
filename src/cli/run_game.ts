/**
 * `run`: load a game, drive it with the chosen renderer until `--frames` or
 * a quit, then write `--dump-state` and `--record` files (and with
 * `--profile` print the profile to stderr).
 *
 * @module
 */
import { FixedTimestep } from "../ecs/mod.ts";
import { Engine, GameLoadFailedError } from "../engine/engine.ts";
import { GameFilesError } from "../engine/game_files.ts";
import type { LogEntry } from "../engine/log.ts";
import { profileTable } from "../engine/profile_report.ts";
import { HeadlessRenderer } from "../render/headless.ts";
import { PngTextureSampler, TerminalRenderer } from "../render/terminal/mod.ts";
import type { Renderer } from "../render/types.ts";
import { WebRenderer } from "../render/web/mod.ts";
import type { RunLaunch } from "./cli_deps.ts";
import { writeDumpState } from "./dump_state.ts";
import { GameLoadError } from "./errors.ts";
import { defaultSettingsPath } from "../cvar/mod.ts";

/** Renderer problems (e.g. a corrupt texture) go to the engine log once it exists. */
type Report = (message: string) => void;

function makeRenderer(launch: RunLaunch, report: Report): Renderer {
  switch (launch.renderer) {
    case "headless":
      return new HeadlessRenderer();
    case "terminal":
      return new TerminalRenderer({
        sampler: new PngTextureSampler({ onError: (e) => report(e.message) }),
      });
    case "web":
      return new WebRenderer({
        gameDir: launch.gameDir,
        port: launch.port,
        onProtocolError: (e) => report(`web page: ${e.message}`),
        onAssetError: (e) => report(e.message),
      });
  }
}

function stderrSink(quiet: boolean): (e: LogEntry) => void {
  const enc = new TextEncoder();
  return (e) => {
    if (quiet && (e.level === "info" || e.level === "debug")) return;
    Deno.stderr.writeSync(enc.encode(`[${e.frame}] ${e.level}: ${e.message}\n`));
  };
}

/**
 * Run a game as the command line asked; resolves to the exit code.
 *
 * @example
 * ```ts ignore
 * const code = await runGame(launch);
 * ```
 */
export async function runGame(launch: RunLaunch): Promise<number> {
  // The renderer exists before the engine; its reports wait for the log.
  const loaded: { engine?: Engine } = {};
  const renderer = makeRenderer(launch, (m) => loaded.engine?.state.log.warn(m));
  // The terminal renderer owns the screen; the log then only goes to the dump.
  const logSink = launch.renderer === "terminal"
    ? undefined
    : stderrSink(launch.renderer === "headless");
  let engine: Engine;
  try {
    engine = await Engine.load({
      gameDir: launch.gameDir,
      workers: launch.workers,
      seed: launch.seed,
      scene: launch.scene,
      sets: launch.cvars,
      inputLog: launch.inputLog,
      record: launch.record !== undefined,
      renderer,
      logSink,
      // Saved settings are for players; a headless run (tests, CI, dumps) must
      // give the same world for the same command line, so it neither reads nor writes them.
      settingsPath: launch.renderer === "headless" ? undefined : defaultSettingsPath(),
      profile: launch.profile,
    });
  } catch (e) {
    if (e instanceof GameFilesError) throw new GameLoadError(e.message);
    if (e instanceof GameLoadFailedError) {
      // The error record explains the failure: keep it in the dump asked for.
      if (launch.dumpState !== undefined && e.dump) await writeDumpState(launch.dumpState, e.dump);
      throw new GameLoadError(
        e.message,
        "The game's Lua failed while loading; `check <game_dir>` lists syntax errors.",
      );
    }
    throw e;
  }
  loaded.engine = engine;
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
  }
  // After the renderer gave the terminal back.
  if (engine.profiler.ran) {
    Deno.stderr.writeSync(new TextEncoder().encode(`${profileTable(engine.profiler.dump())}\n`));
  }
  if (launch.dumpState !== undefined) await writeDumpState(launch.dumpState, engine.dump());
  if (launch.record !== undefined && engine.recorder) await engine.recorder.write(launch.record);
  return stop.code ?? 0;
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
