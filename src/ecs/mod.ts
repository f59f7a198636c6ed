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
export {
  addSideTable,
  aliveIds,
  componentsOf,
  createWorld,
  despawnEntity,
  type EcsWorld,
  eidOf,
  entityCount,
  entityRoom,
  idOf,
  isAlive,
  spawnEntity,
  storeOf,
  World,
  type WorldOptions,
} from "./world.ts";
export {
  addComponent,
  componentTest,
  getComponent,
  hasComponent,
  removeComponent,
  setComponent,
} from "./entity_components.ts";
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
export { type EntityTable, SideTable } from "./side_table.ts";
export { GroupTable } from "./groups.ts";
export { type Force, ForceTable } from "./forces.ts";
export { UnknownEntityError, WorldCapacityError } from "./errors.ts";
export {
  addSystem,
  createScheduler,
  removeSystem,
  runFrame,
  runStage,
  Scheduler,
  type SchedulerOptions,
  setStageTimer,
  type StageTimer,
  type System,
  type SystemFailure,
  systemNames,
} from "./scheduler.ts";
export { DuplicateSystemError, SchedulerBusyError, UnknownStageError } from "./scheduler_errors.ts";
export { type Stage, STAGES } from "./stages.ts";
export {
  FixedTimestep,
  InvalidTimestepError,
  type TimestepOptions,
  type TimestepResult,
} from "./timestep.ts";
export { colliderRect, type Rect } from "./collider_rect.ts";
