/**
 * Animations: controllers pick the animation from entity signals, then
 * every playing animation advances by its frame rate.
 *
 * @module
 */
import type { AnimationDef, GameState } from "../state/game_state.ts";
import type { AnimationCondition, AnimationController } from "../gameplay/mod.ts";
import type { SignalsApi } from "../signals/mod.ts";
import { byId } from "./entity_order.ts";

// Summing dt = 1/60 drifts by ulps; a frame due on a tick must not slip.
const EPSILON = 1e-9;

/**
 * Whether `condition` holds for `signals` (an entity without signals has no
 * flags and no values, so only `not` conditions can hold). `eq` compares
 * exactly: integers are exact, and a scalar set from Lua is the same double.
 *
 * @example
 * ```ts
 * import { conditionHolds } from "./animation.ts";
 * import { Signals } from "../signals/mod.ts";
 * const s = new Signals();
 * s.setScalar("speed", 12);
 * console.assert(conditionHolds({ kind: "scalar", key: "speed", op: "gt", value: 10 }, s));
 * ```
 */
export function conditionHolds(
  condition: AnimationCondition,
  signals: SignalsApi | undefined,
): boolean {
  switch (condition.kind) {
    case "has_flag":
      return signals?.hasFlag(condition.key) ?? false;
    case "scalar":
    case "integer": {
      const v = condition.kind === "scalar"
        ? signals?.getScalar(condition.key)
        : signals?.getInteger(condition.key);
      if (v === undefined) return false;
      if (condition.op === "gt") return v > condition.value;
      if (condition.op === "lt") return v < condition.value;
      return v === condition.value;
    }
    case "all":
      return condition.of.every((c) => conditionHolds(c, signals));
    case "any":
      return condition.of.some((c) => conditionHolds(c, signals));
    case "not":
      return !conditionHolds(condition.of, signals);
  }
}

/**
 * The animation `controller` picks: the first rule that holds, else the fallback.
 *
 * @example
 * ```ts
 * import { chooseAnimation } from "./animation.ts";
 * console.assert(chooseAnimation({ fallback: "idle", rules: [] }, undefined) === "idle");
 * ```
 */
export function chooseAnimation(
  controller: AnimationController,
  signals: SignalsApi | undefined,
): string {
  for (const rule of controller.rules) {
    if (conditionHolds(rule.condition, signals)) return rule.anim;
  }
  return controller.fallback;
}

/**
 * The source rectangle of frame `frame` of `def` in its texture, for renderers.
 *
 * @example
 * ```ts
 * import { frameRect } from "./animation.ts";
 * const def = { texture: "hero", x: 0, y: 16, dx: 16, dy: 0, frames: 4, fps: 8, looped: true };
 * console.assert(frameRect(def, 2).x === 32);
 * ```
 */
export function frameRect(def: AnimationDef, frame: number): { x: number; y: number } {
  return { x: def.x + def.dx * frame, y: def.y + def.dy * frame };
}

/**
 * One animation frame step, entities in ascending id order:
 *
 * 1. every entity with a controller switches to the animation its rules
 *    choose (first match, else the fallback), starting it at frame 0 when it
 *    changes and leaving it running when it is the same;
 * 2. every playing animation advances by `dt`: one frame each `1 / fps`
 *    seconds; a looped animation wraps to frame 0, another holds its last
 *    frame. An animation key that is not registered (yet) stays at frame 0.
 *
 * @example
 * ```ts
 * import { animationStep } from "./animation.ts";
 * import { createGameState } from "../state/game_state.ts";
 * import { eidOf, spawnEntity } from "../ecs/mod.ts";
 * const state = createGameState();
 * state.animations.set("walk", { texture: "t", x: 0, y: 0, dx: 8, dy: 0, frames: 3, fps: 10, looped: true });
 * const eid = eidOf(state.world, spawnEntity(state.world))!;
 * state.gameplay.animation.set(eid, { key: "walk", frame: 0, elapsed: 0 });
 * animationStep(state, 0.25);
 * console.assert(state.gameplay.animation.get(eid)?.frame === 2);
 * ```
 */
export function animationStep(state: GameState, dt: number): void {
  const { world, gameplay } = state;
  for (const [, eid, controller] of byId(world, gameplay.animationController)) {
    const key = chooseAnimation(controller, world.entitySignals.get(eid));
    if (gameplay.animation.get(eid)?.key !== key) {
      gameplay.animation.set(eid, { key, frame: 0, elapsed: 0 });
    }
  }
  for (const [, , anim] of byId(world, gameplay.animation)) {
    const def = state.animations.get(anim.key);
    if (def === undefined) continue;
    const period = 1 / def.fps;
    const last = def.frames - 1;
    if (!def.looped && anim.frame >= last) {
      anim.frame = last;
      continue;
    }
    anim.elapsed += dt;
    while (anim.elapsed >= period - EPSILON) {
      anim.elapsed = Math.max(0, anim.elapsed - period);
      if (anim.frame < last) anim.frame++;
      else if (def.looped) anim.frame = 0;
      if (!def.looped && anim.frame >= last) {
        anim.elapsed = 0;
        break;
      }
    }
  }
}
