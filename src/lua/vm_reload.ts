/**
 * A VM's game scripts across reloads: the files `require` reads, and the two steps that replace
 * the game's globals while the state keeps running (prepare the new set beside the running one,
 * then swap it in or drop it). `LuaVm` calls these inside its guarded entry.
 *
 * @example
 * ```ts
 * import { GameScripts } from "./vm_reload.ts";
 * const scripts = new GameScripts(new Map([["lib/a.lua", "return 1"]]));
 * scripts.file("lib/a.lua"); // "return 1"
 * ```
 *
 * @module
 */
import { LuaRunError } from "./errors.ts";
import type { GuardedState } from "./guarded_state.ts";
import { LUA_OK } from "./raw_api.ts";
import { REGISTRY_KEYS } from "./sandbox.ts";

/**
 * The files `require` reads in one VM, and a reload's pending files until it is committed.
 *
 * @example
 * ```ts
 * import { GameScripts } from "./vm_reload.ts";
 * const scripts = new GameScripts(new Map());
 * scripts.file("missing.lua"); // undefined
 * ```
 */
export class GameScripts {
  #files: ReadonlyMap<string, string>;
  /** The files of a prepared reload, `require`'s once it is committed. */
  #pendingFiles: ReadonlyMap<string, string> | undefined;

  /** Start with the files `require` reads until a reload is committed. */
  constructor(files: ReadonlyMap<string, string>) {
    this.#files = files;
  }

  /**
   * The text of the file at `path`, as `require` reads it now.
   *
   * @example
   * ```ts
   * import { GameScripts } from "./vm_reload.ts";
   * new GameScripts(new Map([["a.lua", "x = 1"]])).file("a.lua"); // "x = 1"
   * ```
   */
  file(path: string): string | undefined {
    return this.#files.get(path);
  }

  /**
   * The body of `LuaVm.prepareReload`, run inside the state's guarded entry.
   *
   * @returns The names of the new globals' functions, sorted.
   * @throws {LuaRunError} when the new top level fails; nothing is then pending.
   *
   * @example
   * ```ts
   * import type { GuardedState } from "./guarded_state.ts";
   * import { GameScripts } from "./vm_reload.ts";
   * declare const s: GuardedState;
   * const scripts = new GameScripts(new Map());
   * const names = s.enter(() => scripts.prepare(s, "function f() end", "main.lua", new Map()));
   * ```
   */
  prepare(
    s: GuardedState,
    source: string,
    chunkName: string,
    files: ReadonlyMap<string, string>,
  ): string[] {
    const m = s.m, L = s.L;
    // Opening, closing and finishing swap whole sets of globals: run without the game's memory
    // cap, which a game near it would otherwise hit halfway, leaving them half swapped.
    s.callRegistry(REGISTRY_KEYS.reloadOpen, undefined, false);
    const running = this.#files;
    this.#files = files;
    let failure: LuaRunError | undefined;
    try {
      m._lua_settop(L, 0);
      m._lua_pushcclosure(L, s.msghPtr, 0);
      s.load(source, `@${chunkName}`);
      const st = s.pcall(0, 0, 1);
      if (st !== LUA_OK) throw s.takeError(st);
    } catch (e) {
      if (!(e instanceof LuaRunError)) throw e;
      failure = e;
    } finally {
      this.#files = running;
    }
    // Closing puts the running globals back whatever happened.
    const names = s.callRegistry(REGISTRY_KEYS.reloadClose, failure === undefined, false);
    if (failure) throw failure;
    this.#pendingFiles = files;
    return typeof names === "string" ? names.split("\n").filter((n) => n !== "").sort() : [];
  }

  /**
   * The body of `LuaVm.finishReload`, run inside the state's guarded entry: swap in
   * (`commit`) or drop the pending globals; returns whether some were pending.
   *
   * @example
   * ```ts
   * import type { GuardedState } from "./guarded_state.ts";
   * import { GameScripts } from "./vm_reload.ts";
   * declare const s: GuardedState;
   * const scripts = new GameScripts(new Map());
   * const had = s.enter(() => scripts.finish(s, true));
   * ```
   */
  finish(s: GuardedState, commit: boolean): boolean {
    const had = s.callRegistry(REGISTRY_KEYS.reloadFinish, commit, false) === true;
    if (had && commit && this.#pendingFiles) this.#files = this.#pendingFiles;
    this.#pendingFiles = undefined;
    return had;
  }
}
