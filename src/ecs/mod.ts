/**
 * Moonglow's ECS core: the world handle over bitECS with never-reused public
 * entity ids, typed-array component stores, side tables (groups, forces,
 * entity signals), the staged scheduler and the fixed timestep.
 *
 * @example
 * ```ts
 * import {
 *   addSystem,
 *   createScheduler,
 *   createWorld,
 *   FixedTimestep,
 *   Position,
 *   runFrame,
 *   setComponent,
 *   spawnEntity,
 * } from "./mod.ts";
 *
 * const world = createWorld();
 * const ball = spawnEntity(world);
 * setComponent(world, ball, Position, { x: 10, y: 20 });
 *
 * const scheduler = createScheduler<{ dt: number }>({ onError: (f) => console.error(f) });
 * addSystem(scheduler, "physics", "fall", () => {});
 * const timestep = new FixedTimestep();
 * const { steps } = timestep.advance(1 / 60);
 * for (let i = 0; i < steps; i++) await runFrame(scheduler, { dt: timestep.dt });
 * ```
 *
 * @module
 */
export * from "./world.ts";
export * from "./entity_lookup.ts";
export * from "./entity_components.ts";
export {
  type ComponentDef,
  defineComponent,
  defineTag,
  type FieldDefaults,
  InvalidComponentError,
  type Store,
} from "./store.ts";
export {
  Collider,
  CORE_COMPONENTS,
  type CoreComponents,
  type CoreStores,
  Friction,
  Frozen,
  MaxSpeed,
  Persistent,
  Position,
  Rotation,
  Scale,
  ScreenSpace,
  type StoreOf,
  Velocity,
  ZIndex,
} from "./components.ts";
export * from "./side_table.ts";
export * from "./groups.ts";
export * from "./forces.ts";
export * from "./errors.ts";
export * from "./scheduler.ts";
export * from "./scheduler_errors.ts";
export * from "./stages.ts";
export * from "./timestep.ts";
export * from "./collider_rect.ts";
