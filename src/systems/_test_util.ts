// Test helpers: entities placed in a game state, and where they are.
import { getComponent, Position, setComponent, spawnEntity } from "../ecs/mod.ts";
import type { GameState } from "../state/game_state.ts";

/** Spawn an entity at (`x`, `y`); returns its id. */
export function spawnAt(state: GameState, x = 0, y = 0): number {
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Position, { x, y });
  return id;
}

/** The position of entity `id`, or `undefined` when it has none. */
export function positionOf(state: GameState, id: number): { x: number; y: number } | undefined {
  return getComponent(state.world, id, Position);
}
