/**
 * Component access by public entity id, for command processing and tests.
 * Every function refuses a dead or unknown id instead of touching the eid it
 * used to have. Hot code should query and index the stores by eid instead.
 *
 * @module
 */
import * as bit from "bitecs";
import type { ComponentDef, Store } from "./store.ts";
import { eidOf, storeOf } from "./entity_lookup.ts";
import { type Membership, stateOf } from "./world_state.ts";
import type { World } from "./world.ts";

// Reading the membership bit directly skips the two map lookups of `bit.hasComponent`, which
// showed in every per-entity loop; finding it once per world and component skips allocating it and
// two more lookups on every write.
function membershipOf(world: World, def: ComponentDef): Membership {
  const members = stateOf(world).members;
  let m = members.get(def);
  if (m === undefined) {
    const store = storeOf(world, def);
    const ecs = world.ecs;
    const ctx = (ecs as bit.InternalWorld)[bit.$internal];
    const data = ctx.componentMap.get(store) ?? bit.registerComponent(ecs, store);
    const write = writers.get(def) ?? compileWriter(def.fields) ?? writeByLoop(def.fields);
    writers.set(def, write);
    m = { store, masks: ctx.entityMasks[data.generationId]!, flag: data.bitflag, write };
    members.set(def, m);
  }
  return m;
}

function has(m: Membership, eid: number): boolean {
  return ((m.masks[eid] ?? 0) & m.flag) === m.flag;
}

type FieldWriter = Membership["write"];

// By definition: worlds share them.
const writers = new WeakMap<ComponentDef, FieldWriter>();

// A field read by a name known only at run time is a generic keyed load, about 20 ns each in a
// write of two fields (most of `setComponent`); compiled with the names as constants, the loads
// are plain property reads. Only numbers are written: a field named like something every object
// inherits ("constructor") and missing from `values` reads as that. Undefined where a name would
// not be read as a field ("__proto__") or the host forbids compiling code.
function compileWriter(fields: readonly string[]): FieldWriter | undefined {
  if (fields.includes("__proto__")) return undefined;
  const body = fields.map((field, i) => {
    const key = JSON.stringify(field);
    return `const v${i} = values[${key}];\nif (typeof v${i} === "number") store[${key}][eid] = v${i};`;
  });
  try {
    return new Function("store", "eid", "values", body.join("\n")) as FieldWriter;
  } catch {
    return undefined;
  }
}

function writeByLoop(fields: readonly string[]): FieldWriter {
  return (store, eid, values) => {
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const value = values[field];
      if (typeof value === "number") store[field]![eid] = value;
    }
  };
}

/**
 * Add component `def` to entity `id` at its defaults (no change when it has it
 * already). Returns false when `id` is not alive.
 *
 * @example
 * ```ts
 * import { addComponent, createWorld, Frozen, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * console.assert(addComponent(world, spawnEntity(world), Frozen));
 * ```
 */
export function addComponent(world: World, id: number, def: ComponentDef): boolean {
  const eid = eidOf(world, id);
  if (eid === undefined) return false;
  attach(world, eid, def);
  return true;
}

function attach(world: World, eid: number, def: ComponentDef): Membership {
  // Most writes go to a component the entity has: test its bit before asking bitECS.
  const m = membershipOf(world, def);
  if (has(m, eid)) return m;
  // bitECS returns true only when newly added; a fresh component starts at
  // its defaults whatever the row held.
  if (bit.addComponent(world.ecs, eid, m.store)) m.write(m.store, eid, def.defaults);
  return m;
}

/**
 * Remove component `def` from entity `id`. Returns false when `id` is not alive.
 *
 * @example
 * ```ts
 * import { addComponent, createWorld, Frozen, hasComponent, removeComponent, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * addComponent(world, id, Frozen);
 * removeComponent(world, id, Frozen);
 * console.assert(!hasComponent(world, id, Frozen));
 * ```
 */
export function removeComponent(world: World, id: number, def: ComponentDef): boolean {
  const eid = eidOf(world, id);
  if (eid === undefined) return false;
  bit.removeComponent(world.ecs, eid, storeOf(world, def));
  return true;
}

/**
 * Whether live entity `id` has component `def`.
 *
 * @example
 * ```ts
 * import { createWorld, hasComponent, Position, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * console.assert(!hasComponent(world, spawnEntity(world), Position));
 * ```
 */
export function hasComponent(world: World, id: number, def: ComponentDef): boolean {
  const eid = eidOf(world, id);
  return eid !== undefined && has(membershipOf(world, def), eid);
}

/**
 * A test of component `def` by internal eid, its store resolved once: for
 * loops that test the same components of many entities.
 *
 * @example
 * ```ts
 * import { addComponent, componentTest, createWorld, eidOf, Position, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const hasPosition = componentTest(world, Position);
 * const id = spawnEntity(world);
 * addComponent(world, id, Position);
 * console.assert(hasPosition(eidOf(world, id)!));
 * ```
 */
export function componentTest(world: World, def: ComponentDef): (eid: number) => boolean {
  const m = membershipOf(world, def);
  return (eid) => has(m, eid);
}

/**
 * A test of several components at once, by internal eid, their stores resolved once: bit `i` of
 * the result is set when the entity has `defs[i]`. For loops that read which of the same
 * components each of many entities has (most have the same set): the membership word of each
 * bitECS generation is read once per entity, and the bits of the last word seen are kept.
 *
 * @throws {RangeError} When given more than 31 components.
 * @example
 * ```ts
 * import { addComponent, componentSetTest, createWorld, eidOf, Position, Velocity, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const kinematic = componentSetTest(world, [Position, Velocity]);
 * const id = spawnEntity(world);
 * addComponent(world, id, Velocity);
 * console.assert(kinematic(eidOf(world, id)!) === 0b10);
 * ```
 */
export function componentSetTest(
  world: World,
  defs: readonly ComponentDef[],
): (eid: number) => number {
  if (defs.length > 31) {
    throw new RangeError(`At most 31 components in one test, not ${defs.length}`);
  }
  const generations: { masks: number[]; flags: number[]; bits: number[] }[] = [];
  defs.forEach((def, i) => {
    const m = membershipOf(world, def);
    let g = generations.find((x) => x.masks === m.masks);
    if (g === undefined) generations.push(g = { masks: m.masks, flags: [], bits: [] });
    g.flags.push(m.flag);
    g.bits.push(1 << i);
  });
  const bitsOf = (g: typeof generations[number], word: number): number => {
    let out = 0;
    for (let k = 0; k < g.flags.length; k++) {
      const flag = g.flags[k]!;
      if ((word & flag) === flag) out |= g.bits[k]!;
    }
    return out;
  };
  const only = generations[0];
  if (generations.length === 1 && only !== undefined) {
    // The usual case (a world has fewer than 32 components): one read and a compare.
    const masks = only.masks;
    let lastWord = 0, lastBits = 0;
    return (eid) => {
      const word = masks[eid] ?? 0;
      if (word !== lastWord) (lastWord = word, lastBits = bitsOf(only, word));
      return lastBits;
    };
  }
  return (eid) => {
    let out = 0;
    for (const g of generations) out |= bitsOf(g, g.masks[eid] ?? 0);
    return out;
  };
}

/**
 * Write `values` into component `def` of entity `id`, adding the component
 * (at its defaults) first when missing. Returns false, writing nothing, when
 * `id` is not alive.
 *
 * @example
 * ```ts
 * import { createWorld, getComponent, Position, setComponent, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * setComponent(world, id, Position, { x: 4, y: 2 });
 * console.assert(getComponent(world, id, Position)?.x === 4);
 * ```
 */
export function setComponent<F extends string>(
  world: World,
  id: number,
  def: ComponentDef<F>,
  values: Partial<Record<F, number>>,
): boolean {
  const eid = eidOf(world, id);
  if (eid === undefined) return false;
  const m = attach(world, eid, def);
  m.write(m.store, eid, values);
  return true;
}

/**
 * A copy of component `def` of entity `id`, or `undefined` when the entity is
 * not alive or does not have it.
 *
 * @example
 * ```ts
 * import { addComponent, createWorld, getComponent, Scale, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * addComponent(world, id, Scale);
 * console.assert(getComponent(world, id, Scale)?.x === 1);
 * ```
 */
export function getComponent<F extends string>(
  world: World,
  id: number,
  def: ComponentDef<F>,
): Record<F, number> | undefined {
  const eid = eidOf(world, id);
  if (eid === undefined) return undefined;
  const m = membershipOf(world, def);
  if (!has(m, eid)) return undefined;
  const store = m.store as Store<F>;
  const out = {} as Record<F, number>;
  for (const field of def.fields) out[field] = store[field][eid]!;
  return out;
}
