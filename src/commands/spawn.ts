/**
 * The `spawn` category: create an entity, bind the callback's provisional id
 * to it, then apply the builder records.
 *
 * @module
 */
import type { SpawnCommand } from "../api/mod.ts";
import { spawnEntity } from "../ecs/mod.ts";
import { applyComponents } from "./components.ts";
import type { Processor } from "./processor.ts";

/**
 * Apply a `spawn` (or `collision_spawn`, or `ecs.createEntity()`) command.
 *
 * @example
 * ```ts
 * import { processSpawn } from "./spawn.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * const ids = new ProvisionalIds();
 * processSpawn(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids },
 *   { op: 0, name: "spawn", category: "spawn", collision: false, args: { provisionalId: -1, records: [] } },
 * );
 * console.assert(ids.resolve(-1) === 1);
 * ```
 */
export const processSpawn: Processor<SpawnCommand> = (ctx, cmd) => {
  const id = spawnEntity(ctx.state.world);
  ctx.ids.bind(cmd.args.provisionalId, id);
  applyComponents(ctx, id, cmd.args.records, cmd.name);
};
