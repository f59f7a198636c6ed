/**
 * Component definitions and their structure-of-arrays stores.
 *
 * A {@linkcode ComponentDef} names a component and the default of each numeric
 * field. Each world makes one {@linkcode Store} per definition: one
 * `Float64Array` per field, indexed by bitECS eid. Float64 matches Lua numbers,
 * so values round-trip to scripts unchanged.
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * The numeric fields of a component and their defaults.
 *
 * @example
 * ```ts
 * import type { FieldDefaults } from "./store.ts";
 * const d: FieldDefaults<"x" | "y"> = { x: 0, y: 0 };
 * ```
 */
export type FieldDefaults<F extends string> = { readonly [K in F]: number };

/**
 * A component: a name and the default value of each field. Tags have no fields.
 *
 * Definitions are world independent; each world holds its own {@linkcode Store}.
 *
 * @example
 * ```ts
 * import { defineComponent, type ComponentDef } from "./store.ts";
 * const Health: ComponentDef<"hp"> = defineComponent("health", { hp: 100 });
 * ```
 */
export interface ComponentDef<F extends string = string> {
  /** Name used in messages and dumps. */
  readonly name: string;
  /** Field names in declaration order. */
  readonly fields: readonly F[];
  /** Value each field takes when the component is added. */
  readonly defaults: FieldDefaults<F>;
}

/**
 * The per-world data of one component: one `Float64Array` per field, indexed by
 * eid. The store object itself is the bitECS component ref, so it can be
 * passed to bitECS `query`.
 *
 * The arrays are replaced when the world grows (on spawn), so read
 * `store.x` again after anything that may spawn instead of keeping the array.
 *
 * @example
 * ```ts
 * import { createWorld, spawnEntity, eidOf, addComponent, Position } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * addComponent(world, id, Position);
 * const eid = eidOf(world, id)!;
 * world.components.position.x[eid] = 10;
 * ```
 */
export type Store<F extends string = string> = { readonly [K in F]: Float64Array };

/**
 * Thrown when a component definition is malformed.
 *
 * @example
 * ```ts
 * import { defineComponent, InvalidComponentError } from "./store.ts";
 * try {
 *   defineComponent("bad", { data: 0 });
 * } catch (e) {
 *   console.assert(e instanceof InvalidComponentError);
 * }
 * ```
 */
export class InvalidComponentError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "INVALID_COMPONENT";
}

// bitECS reads "component" and "data" keys to detect `set(component, data)`
// wrappers, so a store with such a field would be misread.
const RESERVED_FIELDS = new Set(["component", "data"]);

/**
 * Define a component with numeric fields and their defaults.
 *
 * @example
 * ```ts
 * import { defineComponent } from "./store.ts";
 * const Health = defineComponent("health", { hp: 100, max: 100 });
 * console.assert(Health.defaults.hp === 100);
 * ```
 */
export function defineComponent<const D extends Record<string, number>>(
  name: string,
  defaults: D,
): ComponentDef<keyof D & string> {
  const fields = Object.keys(defaults) as (keyof D & string)[];
  for (const field of fields) {
    if (RESERVED_FIELDS.has(field)) {
      throw new InvalidComponentError(`Component "${name}" cannot have a field named "${field}"`);
    }
    if (typeof defaults[field] !== "number") {
      throw new InvalidComponentError(`Default of "${name}.${field}" must be a number`);
    }
  }
  return Object.freeze({
    name,
    fields: Object.freeze(fields),
    defaults: Object.freeze({ ...defaults }),
  });
}

/**
 * Define a tag: a component without data, used only for membership.
 *
 * @example
 * ```ts
 * import { defineTag } from "./store.ts";
 * const Enemy = defineTag("enemy");
 * console.assert(Enemy.fields.length === 0);
 * ```
 */
export function defineTag(name: string): ComponentDef<never> {
  return defineComponent(name, {}) as ComponentDef<never>;
}

type MutableStore = Record<string, Float64Array>;

/**
 * Allocate a store for `def` with room for `capacity` eids, every row at its
 * defaults.
 *
 * @example
 * ```ts
 * import { createStore, defineComponent } from "./store.ts";
 * const s = createStore(defineComponent("scale", { x: 1 }), 8);
 * console.assert(s.x[3] === 1);
 * ```
 */
export function createStore<F extends string>(def: ComponentDef<F>, capacity: number): Store<F> {
  const store: MutableStore = {};
  for (const field of def.fields) {
    store[field] = new Float64Array(capacity).fill(def.defaults[field]);
  }
  return store as Store<F>;
}

/**
 * Replace every array of `store` by one of `capacity` rows, keeping the old
 * rows and filling the new ones with defaults.
 *
 * @example
 * ```ts
 * import { createStore, defineComponent, growStore } from "./store.ts";
 * const def = defineComponent("scale", { x: 1 });
 * const s = createStore(def, 2);
 * growStore(def, s, 4);
 * console.assert(s.x.length === 4 && s.x[3] === 1);
 * ```
 */
export function growStore<F extends string>(
  def: ComponentDef<F>,
  store: Store<F>,
  capacity: number,
): void {
  const mutable = store as MutableStore;
  for (const field of def.fields) {
    const old = store[field];
    const next = new Float64Array(capacity).fill(def.defaults[field], old.length);
    next.set(old);
    mutable[field] = next;
  }
}

/**
 * Write the defaults of `def` into row `eid` of `store`.
 *
 * @example
 * ```ts
 * import { createStore, defineComponent, resetRow } from "./store.ts";
 * const def = defineComponent("scale", { x: 1 });
 * const s = createStore(def, 4);
 * s.x[2] = 9;
 * resetRow(def, s, 2);
 * console.assert(s.x[2] === 1);
 * ```
 */
export function resetRow<F extends string>(
  def: ComponentDef<F>,
  store: Store<F>,
  eid: number,
): void {
  for (const field of def.fields) store[field][eid] = def.defaults[field];
}
