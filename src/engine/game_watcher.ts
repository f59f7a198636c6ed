/**
 * Watching a game folder for saved Lua files (`run --watch`). File system
 * events are debounced: an editor's save is often several events (truncate,
 * write, rename, a backup file), and one save must be one change.
 *
 * @module
 */

/**
 * Quiet time after the last event before a change is reported: long enough
 * for an editor to finish a save, short enough to feel immediate.
 *
 * @example
 * ```ts
 * import { WATCH_DEBOUNCE_MS } from "./game_watcher.ts";
 * console.log(WATCH_DEBOUNCE_MS); // 100
 * ```
 */
export const WATCH_DEBOUNCE_MS = 100;

/**
 * Whether a file system event on `paths` may have changed a Lua file: a
 * `.lua` file, or a name without an extension, which may be a folder of them
 * renamed or removed. (A false alarm costs a read of the game's files: the
 * reloader compares texts and reloads nothing when none changed.)
 *
 * @example
 * ```ts
 * import { touchesLua } from "./game_watcher.ts";
 * touchesLua(["/game/lib/util.lua"]); // true
 * touchesLua(["/game/lib"]); // true: a folder
 * touchesLua(["/game/assets/ball.png", "/game/main.lua~"]); // false
 * ```
 */
export function touchesLua(paths: readonly string[]): boolean {
  return paths.some((p) => p.endsWith(".lua") || !/\.[^/]*$/.test(p));
}

/** Options for {@linkcode GameWatcher}. */
export interface GameWatcherOptions {
  /** Quiet time in ms before a change is reported (default {@linkcode WATCH_DEBOUNCE_MS}). */
  debounceMs?: number;
  /** Told when watching stops on an error (e.g. the folder was removed). */
  onError?: (error: Error) => void;
}

/**
 * Calls `onChange` once a burst of events on `.lua` files below a folder has
 * settled. Which files really changed is the caller's business (it compares
 * their text): events only say that something may have.
 *
 * @example
 * ```ts ignore
 * import { GameWatcher } from "./game_watcher.ts";
 * const watcher = new GameWatcher("examples/breakout", () => console.log("saved"));
 * // ... later
 * watcher.close();
 * ```
 */
export class GameWatcher {
  #watcher: Deno.FsWatcher;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  /** Settles once the event loop has ended (after {@linkcode GameWatcher.close}). */
  readonly done: Promise<void>;

  /**
   * Start watching `dir` and everything below it.
   *
   * @throws {Deno.errors.NotFound} when `dir` does not exist.
   */
  constructor(dir: string, onChange: () => void, options: GameWatcherOptions = {}) {
    this.#watcher = Deno.watchFs(dir, { recursive: true });
    this.done = this.#listen(onChange, options);
  }

  async #listen(onChange: () => void, options: GameWatcherOptions): Promise<void> {
    const ms = options.debounceMs ?? WATCH_DEBOUNCE_MS;
    try {
      for await (const event of this.#watcher) {
        if (!touchesLua(event.paths)) continue;
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          if (!this.#closed) onChange();
        }, ms);
      }
    } catch (e) {
      if (!this.#closed) options.onError?.(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /**
   * Stop watching; a change waiting for its quiet time is dropped. Safe to
   * call twice.
   *
   * @example
   * ```ts ignore
   * watcher.close();
   * await watcher.done;
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      this.#watcher.close();
    } catch {
      // Already closed by an error that ended the loop.
    }
  }
}
