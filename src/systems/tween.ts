/**
 * Tweens: drive an entity's position, rotation or scale from `from` to `to`
 * over `duration` seconds along an easing curve.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import { type Tween, TWEEN_TARGETS, type TweenTarget } from "../gameplay/mod.ts";
import { Position, Rotation, Scale, setComponent } from "../ecs/mod.ts";
import { ease } from "./easing.ts";
import { byId } from "./entity_order.ts";

// Summing dt = 1/60 drifts by ulps; a tween due on a frame must end on it.
const EPSILON = 1e-9;

/**
 * The values of `tween` after `elapsed` seconds, and whether a `once` tween
 * is over. A `once` tween ends exactly on its end values (`to`, or `from`
 * when backwards); `loop` starts over each period; `ping_pong` goes there and
 * back, each way one `duration`. A zero or negative duration is at its end
 * at once.
 *
 * @example
 * ```ts
 * import { tweenValues } from "./tween.ts";
 * import { newTween } from "../gameplay/mod.ts";
 * const t = newTween([0], [100], 2);
 * console.assert(tweenValues(t, 1).values[0] === 50);
 * console.assert(tweenValues(t, 2).done);
 * ```
 */
export function tweenValues(tween: Tween, elapsed: number): { values: number[]; done: boolean } {
  // `a` is where the tween begins, `b` where it ends.
  const a = tween.backwards ? tween.to : tween.from;
  const b = tween.backwards ? tween.from : tween.to;
  const d = tween.duration;
  let t: number;
  let done = false;
  if (!(d > 0)) {
    t = 1;
    done = tween.loop === "once";
  } else if (tween.loop === "once") {
    t = elapsed / d;
    if (t >= 1 - EPSILON / d) {
      t = 1;
      done = true;
    }
  } else if (tween.loop === "loop") {
    t = (elapsed % d) / d;
  } else {
    const phase = (elapsed % (2 * d)) / d;
    t = phase <= 1 ? phase : 2 - phase;
  }
  if (done) return { values: [...b], done };
  const k = ease(tween.easing, t);
  return { values: a.map((v, i) => v + ((b[i] ?? v) - v) * k), done };
}

function write(state: GameState, id: number, target: TweenTarget, v: number[]): void {
  const [x = 0, y = 0] = v;
  if (target === "position") setComponent(state.world, id, Position, { x, y });
  else if (target === "rotation") setComponent(state.world, id, Rotation, { degrees: x });
  else setComponent(state.world, id, Scale, { x, y });
}

/**
 * Advance every tween by `dt` and write the tweened values, entities in
 * ascending id order, targets in the order position, rotation, scale. A
 * finished `once` tween is removed. Tweens run on frozen entities too
 * (freezing stops physics, not animation).
 *
 * @example
 * ```ts
 * import { tweenStep } from "./tween.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { newTween } from "../gameplay/mod.ts";
 * import { eidOf, getComponent, Rotation, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * const id = spawnEntity(state.world);
 * state.gameplay.tweens.set(eidOf(state.world, id)!, { rotation: newTween([0], [90], 1) });
 * tweenStep(state, 0.5);
 * console.assert(getComponent(state.world, id, Rotation)?.degrees === 45);
 * ```
 */
export function tweenStep(state: GameState, dt: number): void {
  const table = state.gameplay.tweens;
  for (const [id, eid, tweens] of byId(state.world, table)) {
    for (const target of TWEEN_TARGETS) {
      const tween = tweens[target];
      if (tween === undefined) continue;
      tween.elapsed += dt;
      const { values, done } = tweenValues(tween, tween.elapsed);
      write(state, id, target, values);
      if (done) delete tweens[target];
    }
    if (Object.keys(tweens).length === 0) table.delete(eid);
  }
}
