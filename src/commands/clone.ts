/**
 * The `clone` category: copy the entity registered under a world key, then
 * apply the overrides through the same path as spawn (a `with_group`
 * override replaces the source's groups).
 *
 * @module
 */
import type { CloneCommand } from "../api/mod.ts";
import { componentsOf, getComponent, setComponent, spawnEntity } from "../ecs/mod.ts";
import { copyGameplay } from "../gameplay/mod.ts";
import { applyComponents } from "./components.ts";
import { liveEid } from "./context.ts";
import { SkippedCommandError } from "./errors.ts";
import type { GameState } from "../state/game_state.ts";
import type { Processor } from "./processor.ts";

/**
 * Copy everything entity `from` has onto entity `to`: components, forces,
 * groups, entity signals and gameplay data (deep copies).
 *
 * @example
 * ```ts
 * import { copyEntity } from "./clone.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { getComponent, Position, setComponent, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * const a = spawnEntity(state.world);
 * setComponent(state.world, a, Position, { x: 3, y: 4 });
 * const b = spawnEntity(state.world);
 * copyEntity(state, a, b);
 * console.assert(getComponent(state.world, b, Position)?.x === 3);
 * ```
 */
export function copyEntity(state: GameState, from: number, to: number): void {
  const { world } = state;
  const fromEid = liveEid(state, from);
  const toEid = liveEid(state, to);
  for (const def of componentsOf(world, from) ?? []) {
    setComponent(world, to, def, getComponent(world, from, def) ?? {});
  }
  world.forces.copy(fromEid, toEid);
  for (const group of world.groups.of(fromEid)) world.groups.add(toEid, group);
  const signals = world.entitySignals.get(fromEid);
  if (signals !== undefined) world.entitySignals.set(toEid, signals);
  copyGameplay(state.gameplay, fromEid, toEid);
}

/**
 * Apply a `clone` (or `collision_clone`) command. An unknown key or a dead
 * source skips the command (and its provisional id stays unbound).
 *
 * @example
 * ```ts
 * import { processClone } from "./clone.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * state.signals.setEntity("tpl", spawnEntity(state.world));
 * const ids = new ProvisionalIds();
 * processClone(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids },
 *   { op: 0, name: "clone", category: "clone", collision: false,
 *     args: { provisionalId: -1, sourceKey: "tpl", records: [] } },
 * );
 * console.assert(ids.resolve(-1) === 2);
 * ```
 */
export const processClone: Processor<CloneCommand> = (ctx, cmd) => {
  const { state } = ctx;
  const key = cmd.args.sourceKey;
  const source = state.signals.getEntity(key);
  if (source === undefined) throw new SkippedCommandError(`no entity is registered as "${key}"`);
  liveEid(state, source);
  const id = spawnEntity(state.world);
  copyEntity(state, source, id);
  // An override replaces what it names: with_group gives the copy its own
  // group(s) instead of adding to the source's.
  if (cmd.args.records.some((r) => r.method === "with_group")) {
    state.world.groups.delete(liveEid(state, id));
  }
  ctx.ids.bind(cmd.args.provisionalId, id);
  applyComponents(ctx, id, cmd.args.records, cmd.name);
};
