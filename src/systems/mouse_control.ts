/**
 * Mouse-controlled entities follow the mouse on the chosen axes.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import { Position, setComponent } from "../ecs/mod.ts";
import type { InputSnapshot } from "../input/actions.ts";
import { byId } from "./entity_order.ts";

/**
 * Put every mouse-controlled entity at this frame's mouse position on its
 * followed axes (ascending id order). The position is taken as reported by
 * the renderer, in the same units as the entity's position.
 *
 * @example
 * ```ts
 * import { mouseControlStep } from "./mouse_control.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { eidOf, getComponent, Position, setComponent, spawnEntity } from "../ecs/mod.ts";
 * import type { InputSnapshot } from "../input/actions.ts";
 * const state = createGameState();
 * const paddle = spawnEntity(state.world);
 * setComponent(state.world, paddle, Position, { x: 0, y: 500 });
 * state.gameplay.mouseControlled.set(eidOf(state.world, paddle)!, { followX: true, followY: false });
 * const input = { mouse: { x: 300, y: 20 } } as InputSnapshot;
 * mouseControlStep(state, input);
 * console.assert(getComponent(state.world, paddle, Position)?.x === 300);
 * ```
 */
export function mouseControlStep(state: GameState, input: InputSnapshot): void {
  const { x, y } = input.mouse;
  for (const [id, , follow] of byId(state.world, state.gameplay.mouseControlled)) {
    const values: { x?: number; y?: number } = {};
    if (follow.followX) values.x = x;
    if (follow.followY) values.y = y;
    setComponent(state.world, id, Position, values);
  }
}
