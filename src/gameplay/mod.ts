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
export * from "./animation_data.ts";
export * from "./lua_table.ts";
export * from "./motion_data.ts";
export * from "./phase_data.ts";
export * from "./render_data.ts";
export * from "./tables.ts";
export * from "./ui_data.ts";
