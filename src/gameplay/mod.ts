/**
 * Gameplay component data: sprites, tints, texts, animations, phases, timers,
 * TTL, tweens, stuckto, shaders, particle emitters, menus, grid layouts and
 * mouse control, as side tables the world clears on despawn.
 *
 * The parsers of builder tables do not throw: a table that can be refused
 * for several reasons gives a {@linkcode Result} whose error is the sentence
 * the command layer logs when it skips the command; one with a single way
 * to be wrong gives `undefined`.
 *
 * @example
 * ```ts
 * import { createWorld, eidOf, spawnEntity } from "../ecs/mod.ts";
 * import { createGameplayTables, newTween } from "./mod.ts";
 * const world = createWorld();
 * const gameplay = createGameplayTables(world);
 * const eid = eidOf(world, spawnEntity(world))!;
 * gameplay.tweens.set(eid, { rotation: newTween([0], [360], 2) });
 * ```
 *
 * @module
 */
export {
  type AnimationCondition,
  type AnimationController,
  type AnimationState,
  parseCondition,
} from "./animation_data.ts";
export {
  arrayPart,
  colorOf,
  isTable,
  numberField,
  numberPair,
  type Rgba,
  stringField,
  tableField,
} from "./lua_table.ts";
export {
  type CollisionRule,
  type Easing,
  EASINGS,
  type EntityTweens,
  type LuaTimer,
  type MouseControlled,
  newTween,
  sameRule,
  type StuckTo,
  type Ttl,
  type Tween,
  TWEEN_TARGETS,
  type TweenLoop,
  type TweenTarget,
} from "./motion_data.ts";
export { parsePhaseDef, type PhaseCallbacks, type PhaseData, restartPhase } from "./phase_data.ts";
export {
  emptySprite,
  parseUniforms,
  type ShaderData,
  type Sprite,
  type TextData,
  type UniformValue,
} from "./render_data.ts";
export { copyGameplay, createGameplayTables, type GameplayTables } from "./tables.ts";
export {
  type EmitterShape,
  type GridLayoutRequest,
  type MenuAction,
  type MenuData,
  newMenu,
  parseMenuItems,
  parseParticleEmitter,
  type ParticleEmitter,
} from "./ui_data.ts";
