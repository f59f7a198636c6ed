/**
 * Hot reload of a running game's scripts: `run --watch` (a saved Lua file),
 * the console's `reload`, and the reload entries of a replayed input log. At
 * the boundary before a frame every Lua state runs the game's files again
 * into a fresh set of globals, all or nothing (see `LuaHost.reload`); the
 * world, signals, CVars and scene stay, and `on_setup` and `on_switch_scene`
 * do not run again. Callbacks are named by string, so the world's phases,
 * timers, collision rules and menus call the new functions from then on.
 *
 * A reload that fails (a syntax error, an error at the top level, a callback
 * the world names that the new scripts lack) leaves the running scripts in
 * every state and is reported as an error record of callback `reload`.
 *
 * @module
 */
import type { InputLogEntry } from "../input/input_log.ts";
import type { LuaHost } from "../lua/lua_host.ts";
import { GameFilesError, readGameFiles } from "./game_files.ts";
import { GameWatcher } from "./game_watcher.ts";
import type { EngineLog } from "../state/log.ts";

/** Who asked for a reload. */
export type ReloadTrigger = "watch" | "console";

/** The text of changed Lua files by path; `null` for a deleted one. */
export type ChangedSources = Record<string, string | null>;

/** What the reloader needs from the engine. */
export interface ScriptReloaderOptions {
  /** The game folder. */
  gameDir: string;
  /** The Lua workers. */
  host: LuaHost;
  /** The game's Lua files as loaded. */
  files: ReadonlyMap<string, string>;
  /** The engine log (reloads and their errors). */
  log: EngineLog;
  /** Watch the folder and reload when a Lua file's text changes. */
  watch?: boolean;
  /** The replayed input log: when it has reload entries, they are the only reloads. */
  replay?: readonly InputLogEntry[];
  /** The callbacks the world names, with where (see `callbacks_in_use.ts`). */
  inUse: () => ReadonlyMap<string, string>;
  /** Record a reload (when recording input). */
  record?: (frame: number, sources: ChangedSources) => void;
  /** Told the new scripts' global functions and files once a reload succeeded. */
  onReloaded: (functions: ReadonlySet<string>, files: ReadonlyMap<string, string>) => void;
}

/**
 * The files of `next` whose text differs from `current`, deleted ones as
 * `null`, sorted by path.
 *
 * @example
 * ```ts
 * import { changedSources } from "./reload.ts";
 * changedSources(new Map([["main.lua", "a"], ["x.lua", "b"]]), new Map([["main.lua", "c"]]));
 * // { "main.lua": "c", "x.lua": null }
 * ```
 */
export function changedSources(
  current: ReadonlyMap<string, string>,
  next: ReadonlyMap<string, string>,
): ChangedSources {
  const paths = new Set([...current.keys(), ...next.keys()]);
  const out: ChangedSources = {};
  for (const path of [...paths].sort()) {
    const text = next.get(path);
    if (text !== current.get(path)) out[path] = text ?? null;
  }
  return out;
}

/**
 * Runs reloads at frame boundaries; see the module doc.
 *
 * @example
 * ```ts ignore
 * const reloader = new ScriptReloader({ gameDir, host, files, log, inUse, onReloaded });
 * reloader.request("console");
 * if (reloader.due(frame)) await reloader.atBoundary(frame);
 * reloader.close();
 * ```
 */
export class ScriptReloader {
  #o: ScriptReloaderOptions;
  #files: ReadonlyMap<string, string>;
  #requested: ReloadTrigger | undefined;
  #replay = new Map<number, InputLogEntry[]>();
  #watcher: GameWatcher | undefined;
  /** Whether the last reload failed (the next good one says so louder). */
  #broken = false;

  /** Start watching when asked to. */
  constructor(options: ScriptReloaderOptions) {
    this.#o = options;
    this.#files = options.files;
    for (const e of options.replay ?? []) {
      if (e.reload !== undefined) {
        this.#replay.set(e.frame, [...this.#replay.get(e.frame) ?? [], e]);
      }
    }
    if (options.watch && this.replaying) {
      options.log.warn(
        "--watch: a replay reloads where its input log says; file changes are ignored",
      );
    } else if (options.watch) {
      this.#watcher = new GameWatcher(options.gameDir, () => this.request("watch"), {
        onError: (e) => options.log.warn(`--watch stopped: ${e.message}`),
      });
    }
  }

  /**
   * Whether reloads come from a replayed input log (then only from it: a recorded `reload`
   * console line or a save would reload a second time).
   */
  get replaying(): boolean {
    return this.#replay.size > 0;
  }

  /**
   * Ask for a reload at the next frame boundary; returns what to tell the
   * asker. A replay ignores the request: its reloads are in its input log.
   */
  request(trigger: ReloadTrigger): string {
    if (this.replaying) {
      return "reload: ignored during a replay; the input log's reload entries reload";
    }
    // The console's reload runs even when no file changed; a save's only when one did.
    if (this.#requested !== "console") this.#requested = trigger;
    return "reload: the scripts reload before the next frame";
  }

  /** Whether a reload is due at the boundary before `frame`. */
  due(frame: number): boolean {
    return this.#requested !== undefined || this.#replay.has(frame);
  }

  /** Run the reloads due before `frame`. */
  async atBoundary(frame: number): Promise<void> {
    for (const entry of this.#replay.get(frame) ?? []) await this.#replayed(frame, entry);
    const trigger = this.#requested;
    this.#requested = undefined;
    if (trigger === undefined || this.replaying) return;
    const files = await this.#readFolder();
    if (files === undefined) return;
    const sources = changedSources(this.#files, files);
    if (trigger === "watch" && Object.keys(sources).length === 0) return;
    await this.#reload(frame, files, sources);
  }

  /** Stop watching. Safe to call twice. */
  close(): void {
    this.#watcher?.close();
  }

  async #replayed(frame: number, entry: InputLogEntry): Promise<void> {
    let files: Map<string, string> | undefined;
    if (entry.sources === undefined) {
      // A hand-written entry without the texts: the folder as it is now.
      files = await this.#readFolder();
      if (files === undefined) return;
    } else {
      files = new Map(this.#files);
      for (const [path, text] of Object.entries(entry.sources)) {
        if (text === null) files.delete(path);
        else files.set(path, text);
      }
    }
    await this.#reload(frame, files, entry.sources ?? changedSources(this.#files, files));
  }

  /** The game's Lua files as they are now, or undefined (and the failure logged). */
  async #readFolder(): Promise<Map<string, string> | undefined> {
    try {
      return await readGameFiles(this.#o.gameDir);
    } catch (e) {
      if (!(e instanceof GameFilesError)) throw e;
      this.#failed(e.message);
      return undefined;
    }
  }

  async #reload(frame: number, files: Map<string, string>, sources: ChangedSources) {
    this.#o.record?.(frame, sources);
    const main = files.get("main.lua");
    if (main === undefined) return this.#failed("main.lua is missing from the game folder");
    const outcome = await this.#o.host.reload(
      { main: { source: main, name: "main.lua" }, files: Object.fromEntries(files) },
      (functions) => this.#missing(functions),
    );
    if (!outcome.ok) {
      const { message, traceback } = outcome.error;
      return this.#failed(traceback === "" ? message : `${message}\n${traceback}`);
    }
    this.#files = files;
    this.#o.onReloaded(new Set(outcome.functions), files);
    const changed = Object.keys(sources);
    const line = `reload: ${changed.length === 0 ? "no Lua file changed" : changed.join(", ")}; ` +
      "the scripts reloaded";
    // After a failed reload the author waits for this line: say it where warnings go (stderr).
    if (this.#broken) this.#o.log.warn(`${line} (the earlier failure is fixed)`);
    else this.#o.log.info(line);
    this.#broken = false;
  }

  /** The problem with the new scripts' functions, if the world names one they lack. */
  #missing(functions: readonly string[]): string | undefined {
    const defined = new Set(functions);
    const missing = [...this.#o.inUse()].filter(([name]) => !defined.has(name));
    if (missing.length === 0) return undefined;
    const shown = missing.slice(0, 3).map(([name, where]) => `'${name}' (used by ${where})`);
    const more = missing.length > 3 ? ` and ${missing.length - 3} more` : "";
    return `the new scripts do not define ${shown.join(", ")}${more}`;
  }

  #failed(message: string): void {
    this.#broken = true;
    const log = this.#o.log;
    log.callbackError("reload", null, message);
    log.warn("reload failed: the previous scripts keep running until a reload succeeds");
  }
}
