/**
 * Command processing: decoded Lua commands change the world. One processor
 * per category, applied in a fixed category order by
 * {@linkcode applyCallbackCommands}; spawn and clone share one
 * component-applying path; provisional ids resolve per callback; commands
 * on dead ids are skipped with one log line.
 *
 * @example
 * ```ts
 * import { applyCallbackCommands, createGameState } from "./mod.ts";
 * import { getComponent, Velocity } from "../ecs/mod.ts";
 *
 * const state = createGameState({ gameDir: "examples/pong" });
 * applyCallbackCommands(state, [{
 *   index: 0, rank: 1, entity: 0,
 *   commands: [
 *     { op: 0, name: "entity_set_velocity", category: "entity", collision: false, args: { id: -1, vx: 3, vy: 0 } },
 *     { op: 0, name: "spawn", category: "spawn", collision: false,
 *       args: { provisionalId: -1, records: [{ method: "with_position", args: { x: 1, y: 2 } }] } },
 *   ],
 * }]);
 * console.assert(getComponent(state.world, 1, Velocity)?.x === 3);
 * ```
 *
 * @module
 */
export { applyCallbackCommands, applyCommand, CATEGORY_ORDER } from "./apply.ts";
export { CommandTape, compactCommands, CompactRange } from "./compact.ts";
export { commandReach, type Reach, type WorldWrite } from "./reach.ts";
export {
  type AnimationDef,
  type AssetEntry,
  type AudioEvent,
  type Camera,
  type CollisionRule,
  type CommandHooks,
  createGameState,
  FILE_ASSET_KINDS,
  type FileAssetKind,
  type GameState,
  type GameStateOptions,
  type PostProcess,
  type Requests,
  type TilemapRequest,
} from "../state/game_state.ts";
export { type ApplyContext, ProvisionalIds, type QueuedCallback } from "./context.ts";
export { SkippedCommandError } from "./errors.ts";
export { applyComponents } from "./components.ts";
export { copyEntity } from "./clone.ts";
export { resolveAssetPath } from "./asset.ts";
export { spawnTilesFromTilemap } from "./tilemap.ts";
export type { CategoryCommand, Processor, ProcessorTable } from "./processor.ts";
