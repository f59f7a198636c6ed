/**
 * The context a processor gets: the game state, the callback the command
 * came from, and that callback's provisional ids.
 *
 * @module
 */
import type { Command } from "../api/mod.ts";
import type { CompactRange } from "./compact.ts";
import { type ComponentDef, eidOf, setComponent } from "../ecs/mod.ts";
import { SkippedCommandError } from "./errors.ts";
import type { GameState } from "../state/game_state.ts";

/**
 * Commands one Lua callback queued, with what orders them: the apply-order
 * rank of the callback's kind, the entity it ran for (0 when none) and its
 * index in the frame's batch.
 *
 * @example
 * ```ts
 * import type { QueuedCallback } from "./context.ts";
 * const q: QueuedCallback = { index: 0, rank: 1, entity: 0, commands: [] };
 * ```
 */
export interface QueuedCallback {
  /** Index of the callback in the frame's batch. */
  index: number;
  /**
   * Apply-order rank of the callback's kind (the engine's `KIND_RANK`, not the
   * kind's number): commands of a lower rank apply first.
   */
  rank: number;
  /** Entity the callback ran for, 0 when none. */
  entity: number;
  /** Decoded commands in issue order (none when they are `compact`). */
  commands: readonly Command[];
  /** Its commands as compact ones, when they all are entity writes (see compact.ts). */
  compact?: CompactRange;
}

/**
 * Per-callback map from provisional ids (`-1, -2, ...` returned by `build()`)
 * to the real ids of the entities spawned for them.
 *
 * @example
 * ```ts
 * import { ProvisionalIds } from "./context.ts";
 * const ids = new ProvisionalIds();
 * ids.bind(-1, 7);
 * console.assert(ids.resolve(-1) === 7 && ids.resolve(5) === 5);
 * ```
 */
export class ProvisionalIds {
  // Most callbacks build nothing: the map is made on the first bind.
  #real: Map<number, number> | undefined;

  /**
   * Record that provisional `provisional` is entity `id`.
   *
   * @example
   * ```ts
   * import { ProvisionalIds } from "./context.ts";
   * new ProvisionalIds().bind(-2, 9);
   * ```
   */
  bind(provisional: number, id: number): void {
    (this.#real ??= new Map()).set(provisional, id);
  }

  /**
   * The real id for `id`: itself when not provisional (>= 0), the bound id
   * for a provisional one, `undefined` when that one was never built.
   *
   * @example
   * ```ts
   * import { ProvisionalIds } from "./context.ts";
   * console.assert(new ProvisionalIds().resolve(-1) === undefined);
   * ```
   */
  resolve(id: number): number | undefined {
    return id < 0 ? this.#real?.get(id) : id;
  }

  /**
   * `args` with the provisional id in each of its `names` fields replaced by
   * the real one; `args` itself when none holds a provisional id.
   *
   * @throws {SkippedCommandError} when one was not built (`when` ends the message).
   * @example
   * ```ts
   * import { ProvisionalIds } from "./context.ts";
   * const ids = new ProvisionalIds();
   * ids.bind(-1, 7);
   * console.assert(ids.resolveArgs({ id: -1, x: 2 }, ["id"]).id === 7);
   * ```
   */
  resolveArgs<A extends Readonly<Record<string, unknown>>>(
    args: A,
    names: readonly string[],
    when = "in this callback",
  ): A {
    let out: Record<string, unknown> | undefined;
    for (const name of names) {
      const value = args[name];
      // Real ids (>= 0) stand as they are: args are copied only to resolve a provisional one.
      if (typeof value !== "number" || value >= 0) continue;
      const real = this.resolve(value);
      if (real === undefined) {
        throw new SkippedCommandError(`provisional id ${value} was not built ${when}`);
      }
      (out ??= { ...args })[name] = real;
    }
    return (out ?? args) as A;
  }
}

/**
 * What a processor works with.
 *
 * @example
 * ```ts
 * import { ProvisionalIds, type ApplyContext } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const ctx: ApplyContext = {
 *   state: createGameState(),
 *   origin: { index: 0, rank: 1, entity: 0, commands: [] },
 *   ids: new ProvisionalIds(),
 * };
 * ```
 */
export interface ApplyContext {
  /** The game state. */
  readonly state: GameState;
  /** The callback the command came from. */
  readonly origin: QueuedCallback;
  /** Provisional ids of that callback. */
  readonly ids: ProvisionalIds;
}

/**
 * The eid of live entity `id`, or skip the command.
 *
 * @throws {SkippedCommandError} when `id` is unknown or dead.
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { liveEid } from "./context.ts";
 * import { spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * console.assert(liveEid(state, spawnEntity(state.world)) > 0);
 * ```
 */
export function liveEid(state: GameState, id: number): number {
  const eid = eidOf(state.world, id);
  if (eid === undefined) throw new SkippedCommandError(`entity ${id} does not exist`);
  return eid;
}

/**
 * Write component values of live entity `id` (adding the component when
 * missing), or skip the command.
 *
 * @throws {SkippedCommandError} when `id` is unknown or dead.
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { writeComponent } from "./context.ts";
 * import { Position, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * writeComponent(state, spawnEntity(state.world), Position, { x: 1, y: 2 });
 * ```
 */
export function writeComponent<F extends string>(
  state: GameState,
  id: number,
  def: ComponentDef<F>,
  values: Partial<Record<F, number>>,
): void {
  if (!setComponent(state.world, id, def, values)) {
    throw new SkippedCommandError(`entity ${id} does not exist`);
  }
}
