/**
 * The gameplay side tables of one world, registered with the world so that a
 * despawn clears them, plus the copy used by clone.
 *
 * @module
 */
import { addSideTable, SideTable, type World } from "../ecs/mod.ts";
import type { AnimationController, AnimationState } from "./animation_data.ts";
import type { Rgba } from "./lua_table.ts";
import type {
  CollisionRule,
  EntityTweens,
  LuaTimer,
  MouseControlled,
  StuckTo,
  Ttl,
} from "./motion_data.ts";
import { type PhaseData, restartPhase } from "./phase_data.ts";
import type { ShaderData, Sprite, TextData } from "./render_data.ts";
import type { GridLayoutRequest, MenuData, ParticleEmitter } from "./ui_data.ts";

/**
 * Every gameplay side table, keyed by eid.
 *
 * @example
 * ```ts
 * import { createWorld, eidOf, spawnEntity, despawnEntity } from "../ecs/mod.ts";
 * import { createGameplayTables } from "./tables.ts";
 * const world = createWorld();
 * const tables = createGameplayTables(world);
 * const id = spawnEntity(world);
 * tables.tint.set(eidOf(world, id)!, [255, 0, 0, 255]);
 * despawnEntity(world, id);
 * console.assert(tables.tint.size === 0);
 * ```
 */
// One side table per component: alike lines on purpose.
export interface GameplayTables {
  /** Sprites. */
  readonly sprite: SideTable<Sprite>;
  /** Tints (0..255). */
  readonly tint: SideTable<Rgba>;
  /** Texts. */
  readonly text: SideTable<TextData>;
  /** Playing animations. */
  readonly animation: SideTable<AnimationState>;
  /** Animation controllers. */
  readonly animationController: SideTable<AnimationController>;
  /** Phase machines. */
  readonly phase: SideTable<PhaseData>;
  /** Lua timers. */
  readonly luaTimer: SideTable<LuaTimer>;
  /** Lua collision rules an entity carries (they end with it). */
  readonly collisionRules: SideTable<CollisionRule[]>;
  /** Time to live. */
  readonly ttl: SideTable<Ttl>;
  /** Tweens. */
  readonly tweens: SideTable<EntityTweens>;
  /** Stuckto links. */
  readonly stuckto: SideTable<StuckTo>;
  /** Entity shaders. */
  readonly shader: SideTable<ShaderData>;
  /** Particle emitters. */
  readonly particleEmitter: SideTable<ParticleEmitter>;
  /** Menus. */
  readonly menu: SideTable<MenuData>;
  /** Grid layout requests. */
  readonly gridLayout: SideTable<GridLayoutRequest>;
  /** Mouse control. */
  readonly mouseControlled: SideTable<MouseControlled>;
}

type AnyTable = SideTable<unknown>;

/**
 * Create the gameplay tables of `world` and register each with it.
 *
 * @example
 * ```ts
 * import { createWorld } from "../ecs/mod.ts";
 * import { createGameplayTables } from "./tables.ts";
 * const tables = createGameplayTables(createWorld());
 * console.assert(tables.sprite.size === 0);
 * ```
 */
export function createGameplayTables(world: World): GameplayTables {
  const tables: GameplayTables = {
    sprite: new SideTable(),
    tint: new SideTable(),
    text: new SideTable(),
    animation: new SideTable(),
    animationController: new SideTable(),
    phase: new SideTable(),
    luaTimer: new SideTable(),
    collisionRules: new SideTable(),
    ttl: new SideTable(),
    tweens: new SideTable(),
    stuckto: new SideTable(),
    shader: new SideTable(),
    particleEmitter: new SideTable(),
    menu: new SideTable(),
    gridLayout: new SideTable(),
    mouseControlled: new SideTable(),
  };
  for (const table of Object.values(tables) as AnyTable[]) addSideTable(world, table);
  return Object.freeze(tables);
}

// How clone copies a value; anything not listed is deep-copied as is.
const COPY: { [K in keyof GameplayTables]?: (value: never) => unknown } = {
  // The clone is a new life: it enters its initial phase itself.
  phase: (p: PhaseData) => restartPhase(p),
  // The menu system spawns the clone's own item and cursor entities.
  menu: (m: MenuData) => ({
    ...structuredClone(m),
    status: "new",
    pending: null,
    itemEntities: [],
    cursorEntity: null,
  }),
  // A clone lays out its own grid.
  gridLayout: (g: GridLayoutRequest) => ({ ...g, done: false }),
};

/**
 * Copy every gameplay value of eid `from` onto eid `to` (clone). Values are
 * deep copies, so changing one entity never changes the other.
 *
 * @example
 * ```ts
 * import { createWorld, eidOf, spawnEntity } from "../ecs/mod.ts";
 * import { copyGameplay, createGameplayTables } from "./tables.ts";
 * const world = createWorld();
 * const tables = createGameplayTables(world);
 * const [a, b] = [spawnEntity(world), spawnEntity(world)].map((id) => eidOf(world, id)!);
 * tables.ttl.set(a!, { duration: 2, elapsed: 1 });
 * copyGameplay(tables, a!, b!);
 * console.assert(tables.ttl.get(b!)?.elapsed === 1);
 * ```
 */
export function copyGameplay(tables: GameplayTables, from: number, to: number): void {
  for (const [name, table] of Object.entries(tables) as [keyof GameplayTables, AnyTable][]) {
    const value = table.get(from);
    if (value === undefined) continue;
    const copy = COPY[name];
    table.set(to, copy ? copy(value as never) : structuredClone(value));
  }
}
