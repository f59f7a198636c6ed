/**
 * Stuckto: an entity follows another's position on the chosen axes at an
 * offset; when the target is gone it is released with its stored velocity.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import { eidOf, getComponent, Position, setComponent, Velocity } from "../ecs/mod.ts";
import { byId } from "./entity_order.ts";

/**
 * Move every stuck entity onto its target (target position + offset on the
 * followed axes), in ascending id order. A target that is itself stuck is
 * placed first, so chains settle in one frame whatever their ids; in a
 * cycle the lowest id keeps its position this frame and the others follow
 * it. An entity whose target no longer exists is released: the link is
 * removed and the stored velocity restored. Returns the ids released.
 *
 * @example
 * ```ts
 * import { stucktoStep } from "./stuckto.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { eidOf, getComponent, Position, setComponent, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * const paddle = spawnEntity(state.world);
 * setComponent(state.world, paddle, Position, { x: 50, y: 100 });
 * const ball = spawnEntity(state.world);
 * state.gameplay.stuckto.set(eidOf(state.world, ball)!, {
 *   target: paddle, followX: true, followY: true, offsetX: 0, offsetY: -8,
 *   storedVx: 0, storedVy: -200,
 * });
 * stucktoStep(state);
 * console.assert(getComponent(state.world, ball, Position)?.y === 92);
 * ```
 */
export function stucktoStep(state: GameState): number[] {
  const { world, gameplay } = state;
  const released: number[] = [];
  const placed = new Set<number>();
  const visiting = new Set<number>();
  const place = (id: number, eid: number): void => {
    if (placed.has(id) || visiting.has(id)) return;
    const link = gameplay.stuckto.get(eid);
    if (link === undefined) return;
    visiting.add(id);
    const targetEid = eidOf(world, link.target);
    if (targetEid === undefined) {
      gameplay.stuckto.delete(eid);
      setComponent(world, id, Velocity, { x: link.storedVx, y: link.storedVy });
      released.push(id);
    } else {
      place(link.target, targetEid);
      const target = getComponent(world, link.target, Position) ?? { x: 0, y: 0 };
      const values: { x?: number; y?: number } = {};
      if (link.followX) values.x = target.x + link.offsetX;
      if (link.followY) values.y = target.y + link.offsetY;
      setComponent(world, id, Position, values);
    }
    visiting.delete(id);
    placed.add(id);
  };
  for (const [id, eid] of byId(world, gameplay.stuckto)) place(id, eid);
  return released.sort((a, b) => a - b);
}
