/**
 * The scripting trio wired to the engine: the console's `exec` goes
 * through the ScriptRunner, whose results reach the ActionQueue; the
 * ScriptingSystem turns CVar changes into `CVarLua` actions (pre_update) and
 * drains the queue (post_update), running Lua handlers as callbacks of the
 * frame so their engine commands apply.
 *
 * @module
 */
import { Console, type ConsoleCommand, type CVarRegistry } from "../cvar/mod.ts";
import type { ActionQueue } from "../lua/action_queue.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import type { RunOutcome } from "../lua/host_protocol.ts";
import { LuaRunError } from "../lua/errors.ts";
import type { StateHandle } from "../lua/host_options.ts";
import { type ScriptExecutor, ScriptRunner } from "../lua/script_runner.ts";
import { ScriptingSystem } from "../lua/scripting_system.ts";
import type { StatePool } from "../lua/state_pool.ts";
import type { EngineLog } from "../state/log.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";

/** What the wiring needs from the engine. */
export interface ScriptingOptions {
  /** The host's state pool (the runner leases a state per script). */
  pool: StatePool<StateHandle>;
  /** The engine's action queue. */
  queue: ActionQueue;
  /** CVars. */
  cvars: CVarRegistry;
  /** The engine log. */
  log: EngineLog;
  /** Run callbacks now and apply their commands; in the state `on` when given (leased by the caller). */
  runNow: (planned: PlannedCallback[], on?: StateHandle) => Promise<CallbackOutcome[]>;
  /** Told about each CVar change as it is taken (engine CVars act on the engine). */
  onChange: (name: string) => void;
  /** The engine's own console commands besides the built-in ones. */
  commands?: Readonly<Record<string, ConsoleCommand>>;
}

/** The wired pieces. */
export interface Scripting {
  /** ScriptRunner behind the console's `exec`. */
  runner: ScriptRunner<StateHandle>;
  /** The post_update system. */
  system: ScriptingSystem<StateHandle>;
  /** The console. */
  console: Console;
}

/**
 * Wire the runner, the scripting system and the console.
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "../cvar/mod.ts";
 * import { ActionQueue } from "../lua/action_queue.ts";
 * import type { LuaHost } from "../lua/lua_host.ts";
 * import { EngineLog } from "../state/log.ts";
 * import { createScripting } from "./scripting.ts";
 * import type { BatchFrame } from "./batch_encoder.ts";
 * import type { ScriptStage } from "./script_stage.ts";
 * declare const host: LuaHost, stage: ScriptStage, facts: BatchFrame;
 * const log = new EngineLog();
 * const { runner, system } = createScripting({
 *   pool: host.pool,
 *   queue: new ActionQueue(),
 *   cvars: new CVarRegistry(),
 *   log,
 *   runNow: (planned, on) => stage.run(facts, planned, on),
 *   onChange: (name) => log.info(`${name} changed`),
 * });
 * ```
 */
export function createScripting(o: ScriptingOptions): Scripting {
  // Scripts run as Chunk callbacks, so `exec engine.set_integer("lives", 9)` applies.
  const executor: ScriptExecutor<StateHandle> = {
    pool: o.pool,
    // The runner leased `handle` from the pool (waiting while a frame holds every state).
    run: async (handle, source, chunkName = "console"): Promise<RunOutcome> => {
      const chunk: PlannedCallback = { kind: CallbackKind.Chunk, source, chunkName, entity: 0 };
      const [r] = await o.runNow([chunk], handle);
      if (r === undefined) return { ok: true, values: [] };
      if (r.error !== undefined) return { ok: false, error: { message: r.error, traceback: "" } };
      return { ok: true, values: r.returned === undefined ? [] : [r.returned] };
    },
  };
  const runner = new ScriptRunner({ host: executor, queue: o.queue, chunkName: "console" });
  const system = new ScriptingSystem({
    cvars: {
      takePendingChanges: () => {
        const changes = o.cvars.takePendingChanges();
        for (const c of changes) o.onChange(c.name);
        return changes;
      },
    },
    queue: o.queue,
    host: executor,
    log: (level, message) => o.log.write(level, message),
    runHandlers: async (calls) => {
      await o.runNow(calls.map((f) => ({
        kind: CallbackKind.CVar,
        fn: f.handler,
        args: [f.name, f.oldValue, f.newValue],
        entity: 0,
      })));
    },
  });
  const console = new Console(o.cvars, {
    historySize: o.cvars.getNumber("con_history_size"),
    scrollback: o.cvars.getNumber("con_scrollback"),
    commands: o.commands,
    executor: async (code) => {
      const outcome = await runner.enqueueScript(code);
      // The console shows the message; the traceback is in the error record.
      if (!outcome.ok) {
        const [message = "", ...traceback] = outcome.message.split("\n");
        throw new LuaRunError(message, traceback.join("\n"));
      }
      return outcome.message;
    },
  });
  return { runner, system, console };
}
