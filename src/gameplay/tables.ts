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

/** The side tables holding `Values`, by name. */
type Tables<Values> = { readonly [K in keyof Values]: SideTable<Values[K]> };

/**
 * Every gameplay side table, keyed by eid, by what it is about.
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
export type GameplayTables =
  // How it looks.
  & Tables<{ sprite: Sprite; tint: Rgba; text: TextData; shader: ShaderData }>
  // How it animates.
  & Tables<{ animation: AnimationState; animationController: AnimationController }>
  & Tables<{ tweens: EntityTweens }>
  // What it does over time; collision rules are the ones it carries (they end with it).
  & Tables<{ phase: PhaseData; luaTimer: LuaTimer; ttl: Ttl; collisionRules: CollisionRule[] }>
  // How it moves with others and the mouse.
  & Tables<{ stuckto: StuckTo; mouseControlled: MouseControlled }>
  // What it spawns and lays out.
  & Tables<{ particleEmitter: ParticleEmitter; menu: MenuData; gridLayout: GridLayoutRequest }>;

/** How clone copies one table's value onto the new entity. */
type Copy<T> = (value: T) => T;

/** The usual copy: a deep one, so changing one entity never changes the other. */
const deep = <T>(): Copy<T> => (value) => structuredClone(value);

type ValueOf<T> = T extends SideTable<infer V> ? V : never;

// How clone copies each table's value. Order is registration order.
const COPIES: { readonly [K in keyof GameplayTables]: Copy<ValueOf<GameplayTables[K]>> } = {
  sprite: deep(),
  tint: deep(),
  text: deep(),
  animation: deep(),
  animationController: deep(),
  // The clone is a new life: it enters its initial phase itself.
  phase: restartPhase,
  luaTimer: deep(),
  collisionRules: deep(),
  ttl: deep(),
  tweens: deep(),
  stuckto: deep(),
  shader: deep(),
  particleEmitter: deep(),
  // The menu system spawns the clone's own item and cursor entities.
  menu: (m) => ({
    ...structuredClone(m),
    status: "new",
    pending: null,
    itemEntities: [],
    cursorEntity: null,
  }),
  // A clone lays out its own grid.
  gridLayout: (g) => ({ ...g, done: false }),
  mouseControlled: deep(),
};

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
  const tables = Object.fromEntries(Object.keys(COPIES).map((name) => [name, new SideTable()]));
  for (const table of Object.values(tables) as AnyTable[]) addSideTable(world, table);
  return Object.freeze(tables) as GameplayTables;
}

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
    table.set(to, (COPIES[name] as Copy<unknown>)(value));
  }
}
