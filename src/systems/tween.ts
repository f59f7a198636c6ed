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
  const k = progress(tween, elapsed);
  const a = tween.backwards ? tween.to : tween.from;
  const b = tween.backwards ? tween.from : tween.to;
  if (Number.isNaN(k)) return { values: [...b], done: true };
  return { values: a.map((_, i) => valueAt(a, b, i, k)), done: false };
}

// Value `i` of a tween going from `a` to `b`, at eased progress `k` (a missing end stays put).
function valueAt(a: readonly number[], b: readonly number[], i: number, k: number): number {
  const v = a[i]!;
  return v + ((b[i] ?? v) - v) * k;
}

// The eased progress of `tween` after `elapsed` seconds, or NaN when it is a `once` tween that is
// over (it then ends exactly on its end values).
function progress(tween: Tween, elapsed: number): number {
  const d = tween.duration;
  let t: number;
  if (!(d > 0)) {
    if (tween.loop === "once") return NaN;
    t = 1;
  } else if (tween.loop === "once") {
    t = elapsed / d;
    if (t >= 1 - EPSILON / d) return NaN;
  } else if (tween.loop === "loop") {
    t = (elapsed % d) / d;
  } else {
    const phase = (elapsed % (2 * d)) / d;
    t = phase <= 1 ? phase : 2 - phase;
  }
  return ease(tween.easing, t);
}

// The objects the step writes components from, reused: a step of thousands of tweens made two
// arrays and two objects per tween (most of its time).
const XY = { x: 0, y: 0 }, DEGREES = { degrees: 0 };

// Write `tween`'s values after `k` (see progress) to entity `id`: tweenValues' values, a missing
// first or second one as 0.
function write(state: GameState, id: number, target: TweenTarget, tween: Tween, k: number): void {
  const a = tween.backwards ? tween.to : tween.from;
  const b = tween.backwards ? tween.from : tween.to;
  let x = 0, y = 0;
  if (Number.isNaN(k)) {
    x = b[0] ?? 0;
    y = b[1] ?? 0;
  } else {
    if (a.length > 0) x = valueAt(a, b, 0, k);
    if (a.length > 1) y = valueAt(a, b, 1, k);
  }
  if (target === "rotation") {
    DEGREES.degrees = x;
    setComponent(state.world, id, Rotation, DEGREES);
    return;
  }
  XY.x = x;
  XY.y = y;
  setComponent(state.world, id, target === "position" ? Position : Scale, XY);
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
      const k = progress(tween, tween.elapsed);
      write(state, id, target, tween, k);
      if (Number.isNaN(k)) delete tweens[target];
    }
    if (
      tweens.position === undefined && tweens.rotation === undefined && tweens.scale === undefined
    ) {
      table.delete(eid);
    }
  }
}
