/**
 * The Lua side of a frame as the engine drives it: the facts every batch
 * carries (snapshot, input, entity contexts) and the plan of the scripts
 * stage's callbacks.
 *
 * @module
 */
import type { GameState } from "../commands/mod.ts";
import type { CVarRegistry } from "../cvar/mod.ts";
import type { InputSnapshot } from "../input/actions.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import type { StateHandle } from "../lua/host_options.ts";
import type { LuaHost } from "../lua/lua_host.ts";
import { CONTEXT_FIELDS_FUNCTION, parseFieldsRead } from "../lua/runtime_lua.ts";
import { CALLBACK_SOURCES, type FrameInfo } from "../systems/registry.ts";
import { WorldContexts } from "./entity_context.ts";
import { PlanCache, planFrame } from "./plan.ts";
import type { BatchFrame } from "./batch_encoder.ts";
import { ScriptStage } from "./script_stage.ts";
import { type ComponentsMode, SnapshotCache } from "./snapshot.ts";

/**
 * The script stage of a game with what its batches read.
 *
 * @example
 * ```ts
 * import type { GameState } from "../commands/mod.ts";
 * import type { CVarRegistry } from "../cvar/mod.ts";
 * import type { InputSnapshot } from "../input/actions.ts";
 * import type { LuaHost } from "../lua/lua_host.ts";
 * import type { FrameInfo } from "../systems/registry.ts";
 * import { FrameScripts } from "./frame_scripts.ts";
 * declare const state: GameState, cvars: CVarRegistry, host: LuaHost;
 * declare const input: InputSnapshot, info: FrameInfo;
 * const scripts = new FrameScripts(state, cvars, host, 7);
 * const planned = scripts.plan("level", new Set(["on_update_level"]), info);
 * const outcomes = await scripts.stage.run(scripts.facts(0, 1 / 60, input, false), planned);
 * ```
 */
export class FrameScripts {
  /** Where the callbacks run. */
  readonly stage: ScriptStage;
  readonly #state: GameState;
  readonly #snapshots: SnapshotCache;
  readonly #contexts: WorldContexts;
  readonly #plans = new PlanCache();
  readonly #host: LuaHost;

  /** The scripts of `state` in `host`'s states, seeding `math.random` from `seed`. */
  constructor(state: GameState, cvars: CVarRegistry, host: LuaHost, seed: number) {
    this.#state = state;
    this.#host = host;
    this.stage = new ScriptStage(host, seed);
    this.#snapshots = new SnapshotCache(state, cvars);
    this.#contexts = new WorldContexts(state.world, state.gameplay);
  }

  /**
   * Ask a state what each of the game's functions can read of an entity context, and from then
   * on write entity contexts with those fields alone. Call after loading and after each reload
   * (the functions changed): until it answers, and if it cannot, contexts carry every field.
   */
  async learnFieldsRead(): Promise<void> {
    const contexts = this.#contexts, pool = this.#host.pool;
    contexts.setFieldsRead(new Map());
    let handle: StateHandle | undefined;
    try {
      handle = await pool.acquire();
      const reply = await this.#host.call(handle, CONTEXT_FIELDS_FUNCTION, new Uint8Array(0));
      contexts.setFieldsRead(parseFieldsRead(new TextDecoder().decode(reply)));
    } catch {
      // A closed host or a crashed worker: contexts keep every field, which is always right.
    } finally {
      if (handle !== undefined) pool.release(handle);
    }
  }

  /**
   * The facts of frame `frame`'s batches (`withComponents`: for games that
   * read components; `components`: how their part is made).
   */
  facts(
    frame: number,
    dt: number,
    input: InputSnapshot,
    withComponents: boolean,
    components: ComponentsMode = "write",
  ): BatchFrame {
    // Same objects while nothing changed: the stage then skips re-encoding them.
    return {
      frame,
      dt,
      snapshot: this.#snapshots.snapshot(input, withComponents, components),
      input: this.#snapshots.input(input),
      contexts: this.#contexts,
    };
  }

  /** The scripts stage's callbacks this frame: the entities', then each callback source's. */
  plan(scene: string, functions: ReadonlySet<string>, info: FrameInfo): PlannedCallback[] {
    const state = this.#state;
    const planned = planFrame({
      world: state.world,
      tables: state.gameplay,
      scene,
      functions,
      dt: info.dt,
      log: state.log,
      contexts: this.#contexts,
      cache: this.#plans,
    });
    for (const source of CALLBACK_SOURCES) planned.push(...source.plan(state, info));
    return planned;
  }
}
