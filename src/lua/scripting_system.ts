/**
 * The post_update system that connects CVars, the action queue and Lua:
 * pending CVar changes become `CVarLua` actions, the queue is drained, script
 * results are logged, and CVar handlers `handler(name, old, new)` are called
 * in a pooled state.
 *
 * It never blocks the frame: states are taken with `tryAcquire` and handlers
 * run asynchronously; when no state is free they wait for a later frame.
 *
 * @example
 * ```ts
 * import { ActionQueue } from "./action_queue.ts";
 * import { LuaHost } from "./lua_host.ts";
 * import { ScriptingSystem } from "./scripting_system.ts";
 * import { CVarRegistry } from "../cvar/registry.ts";
 * const host = await LuaHost.start({ workers: 1 });
 * const cvars = new CVarRegistry();
 * const system = new ScriptingSystem({ cvars, queue: new ActionQueue(), host, log: console.log });
 * system.update(); // once per frame, in post_update
 * await system.idle();
 * host.close();
 * ```
 *
 * @module
 */
import type { ActionQueue, CustomEventAction } from "./action_queue.ts";
import { type CVarLuaFields, encodeCVarLua, parseCVarLua } from "./cvar_lua_payload.ts";
import type { LogLevel } from "./host_protocol.ts";
import { luaString } from "./lua_literal.ts";
import type { ScriptExecutor } from "./script_runner.ts";

export type { CVarChange } from "../cvar/types.ts";
import type { CVarChange } from "../cvar/types.ts";

/**
 * The part of the CVar registry this system uses.
 *
 * @example
 * ```ts
 * import type { PendingChangeSource } from "./scripting_system.ts";
 * const none: PendingChangeSource = { takePendingChanges: () => [] };
 * ```
 */
export interface PendingChangeSource {
  /** Return the changes since the last call, oldest first, and forget them. */
  takePendingChanges(): readonly CVarChange[];
}

/**
 * Where the system reports results and errors.
 *
 * @example
 * ```ts
 * import type { LogSink } from "./scripting_system.ts";
 * const log: LogSink = (level, message) => console.log(level, message);
 * ```
 */
export type LogSink = (level: LogLevel, message: string) => void;

/** Options for {@linkcode ScriptingSystem}. */
export interface ScriptingSystemOptions<H> {
  /** Source of CVar changes. */
  cvars: PendingChangeSource;
  /** The queue shared with the script runner. */
  queue: ActionQueue;
  /** Where handlers run ({@linkcode LuaHost} satisfies this). */
  host: ScriptExecutor<H>;
  /** Log sink for script results and handler errors. */
  log: LogSink;
  /** Receives `CustomEvent` actions; without it they are logged at info level. */
  onCustomEvent?: (action: CustomEventAction) => void;
  /**
   * Run a frame's CVar handler calls in order and resolve when done. The
   * engine uses this to run them as part of the frame (deterministic, their
   * engine commands applied); without it they run in a pooled state in the
   * background via `host.run`.
   */
  runHandlers?: (calls: readonly CVarLuaFields[]) => Promise<void>;
}

/**
 * The Lua chunk that calls `handler(name, old, new)`; a missing handler is a
 * Lua error naming it.
 *
 * @example
 * ```ts
 * import { handlerChunk } from "./scripting_system.ts";
 * handlerChunk({ handler: "on_fov", name: "r_fov", oldValue: "75", newValue: "90" });
 * ```
 */
export function handlerChunk(f: CVarLuaFields): string {
  const h = luaString(f.handler);
  return `local f = _ENV[${h}]\n` +
    `if type(f) ~= "function" then error("CVar handler " .. ${h} .. " is not a function", 0) end\n` +
    `f(${luaString(f.name)}, ${luaString(f.oldValue)}, ${luaString(f.newValue)})`;
}

/**
 * Dispatches CVar changes to Lua and drains the action queue, once per frame.
 * CVar handlers run in one state at a time, in change order; their errors are
 * logged and never stop the game.
 *
 * @example
 * ```ts
 * import { ActionQueue } from "./action_queue.ts";
 * import type { LuaHost } from "./lua_host.ts";
 * import { ScriptingSystem } from "./scripting_system.ts";
 * import { CVarRegistry } from "../cvar/registry.ts";
 * declare const host: LuaHost;
 * const system = new ScriptingSystem({
 *   cvars: new CVarRegistry(),
 *   queue: new ActionQueue(),
 *   host,
 *   log: (level, message) => console.log(level, message),
 * });
 * system.update();
 * await system.idle(); // in tests: wait for handlers started so far
 * ```
 */
export class ScriptingSystem<H> {
  #cvars: PendingChangeSource;
  #queue: ActionQueue;
  #host: ScriptExecutor<H>;
  #log: LogSink;
  #onCustomEvent: ((action: CustomEventAction) => void) | undefined;
  #runHandlers: ((calls: readonly CVarLuaFields[]) => Promise<void>) | undefined;
  #handlers: CVarLuaFields[] = [];
  #running: Promise<void> | undefined;

  /**
   * Create the system.
   *
   * @example
   * ```ts
   * import { ActionQueue } from "./action_queue.ts";
   * import type { LuaHost } from "./lua_host.ts";
   * import { ScriptingSystem } from "./scripting_system.ts";
   * import { CVarRegistry } from "../cvar/registry.ts";
   * declare const host: LuaHost;
   * const cvars = new CVarRegistry();
   * new ScriptingSystem({ cvars, queue: new ActionQueue(), host, log: (l, m) => console.log(l, m) });
   * ```
   */
  constructor(options: ScriptingSystemOptions<H>) {
    this.#cvars = options.cvars;
    this.#queue = options.queue;
    this.#host = options.host;
    this.#log = options.log;
    this.#onCustomEvent = options.onCustomEvent;
    this.#runHandlers = options.runHandlers;
  }

  /**
   * Handler calls parsed but not started (waiting for a free state).
   *
   * @example
   * ```ts
   * import type { ScriptingSystem } from "./scripting_system.ts";
   * declare const system: ScriptingSystem<unknown>;
   * system.pendingHandlers; // 0 when every handler has run
   * ```
   */
  get pendingHandlers(): number {
    return this.#handlers.length;
  }

  /**
   * One frame's work; never blocks and never throws for Lua problems.
   *
   * @example
   * ```ts
   * import type { ScriptingSystem } from "./scripting_system.ts";
   * declare const system: ScriptingSystem<unknown>;
   * system.update();
   * ```
   */
  update(): void {
    this.collectChanges();
    void this.drain();
  }

  /**
   * Turn the CVar changes since the last call into `CVarLua` actions (the
   * engine calls this in pre_update).
   *
   * @example
   * ```ts
   * import type { ScriptingSystem } from "./scripting_system.ts";
   * declare const system: ScriptingSystem<unknown>;
   * system.collectChanges();
   * ```
   */
  collectChanges(): void {
    for (const change of this.#cvars.takePendingChanges()) {
      for (const handler of change.handlers) {
        let message: string;
        try {
          message = encodeCVarLua({ handler, ...change });
        } catch (e) {
          this.#log("error", `CVar ${change.name}: ${(e as Error).message}`);
          continue;
        }
        this.#queue.tryPush({ kind: "CVarLua", message });
      }
    }
  }

  /**
   * Drain the action queue: log script results, hand custom events on, and
   * run CVar handlers (through `runHandlers` when given: the promise resolves
   * when they are done).
   *
   * @example
   * ```ts
   * import type { ScriptingSystem } from "./scripting_system.ts";
   * declare const system: ScriptingSystem<unknown>;
   * await system.drain();
   * ```
   */
  drain(): Promise<void> {
    for (let a = this.#queue.tryPop(); a; a = this.#queue.tryPop()) {
      switch (a.kind) {
        case "ScriptResult":
          if (a.ok) this.#log("info", `Script result: ${a.message}`);
          // The first line: the traceback is in the error record already.
          else this.#log("error", `Script failed: ${a.message.split("\n", 1)[0]}`);
          break;
        case "CVarLua":
          try {
            this.#handlers.push(parseCVarLua(a.message));
          } catch (e) {
            this.#log("error", (e as Error).message);
          }
          break;
        case "CustomEvent":
          if (this.#onCustomEvent) this.#onCustomEvent(a);
          else this.#log("info", `Custom event ${a.name}: ${a.message}`);
          break;
      }
    }
    if (this.#runHandlers) {
      const calls = this.#handlers;
      this.#handlers = [];
      return calls.length > 0 ? this.#runHandlers(calls) : Promise.resolve();
    }
    this.#dispatch();
    return Promise.resolve();
  }

  /**
   * Resolve once the handler calls started so far have finished.
   *
   * @example
   * ```ts
   * import type { ScriptingSystem } from "./scripting_system.ts";
   * declare const system: ScriptingSystem<unknown>;
   * await system.idle();
   * ```
   */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  // One batch at a time keeps handlers in change order across frames.
  #dispatch(): void {
    if (this.#running || this.#handlers.length === 0) return;
    const handle = this.#host.pool.tryAcquire();
    if (handle === null) return; // all states busy: try again next frame
    const batch = this.#handlers;
    this.#handlers = [];
    this.#running = this.#runBatch(handle, batch).finally(() => {
      this.#running = undefined;
    });
  }

  async #runBatch(handle: H, batch: CVarLuaFields[]): Promise<void> {
    try {
      for (const f of batch) {
        const what = `CVar handler ${f.handler}(${f.name})`;
        try {
          const outcome = await this.#host.run(handle, handlerChunk(f), `cvar:${f.name}`);
          if (!outcome.ok) {
            const { message, traceback } = outcome.error;
            this.#log("error", `${what} failed: ${message}${traceback ? `\n${traceback}` : ""}`);
          }
        } catch (e) {
          this.#log("error", `${what} failed: ${e instanceof Error ? e.message : e}`);
        }
      }
    } finally {
      this.#host.pool.release(handle);
    }
  }
}
