import { assert, assertEquals, assertThrows } from "@std/assert";
import { query } from "bitecs";
import {
  addComponent,
  addSideTable,
  aliveEntities,
  aliveIds,
  componentsOf,
  createWorld,
  defineComponent,
  despawnEntity,
  eidOf,
  entityCount,
  entityRoom,
  Frozen,
  getComponent,
  hasComponent,
  idOf,
  isAlive,
  MaxSpeed,
  Position,
  removeComponent,
  Scale,
  setComponent,
  SideTable,
  spawnEntity,
  storeOf,
  Velocity,
  WorldCapacityError,
} from "./mod.ts";
import { MAX_ENTITIES } from "../core/ceilings.ts";

Deno.test("spawn hands out ids 1, 2, 3 and never reuses one", () => {
  const world = createWorld();
  assertEquals([spawnEntity(world), spawnEntity(world), spawnEntity(world)], [1, 2, 3]);
  despawnEntity(world, 2);
  assertEquals(spawnEntity(world), 4);
  assertEquals(aliveIds(world), [1, 3, 4]);
  assertEquals(entityCount(world), 3);
});

Deno.test("a respawn on a recycled eid gets a new id and the stale id is refused", () => {
  const world = createWorld();
  const first = spawnEntity(world);
  const eid = eidOf(world, first);
  assert(despawnEntity(world, first));
  const second = spawnEntity(world);
  assertEquals(second, 2);
  // bitECS recycles the eid at once: that is exactly the aliasing risk.
  assertEquals(eidOf(world, second), eid);
  assertEquals(eidOf(world, first), undefined);
  assertEquals(isAlive(world, first), false);

  setComponent(world, second, Position, { x: 1, y: 2 });
  assertEquals(setComponent(world, first, Position, { x: 99, y: 99 }), false);
  assertEquals(addComponent(world, first, Frozen), false);
  assertEquals(removeComponent(world, first, Position), false);
  assertEquals(hasComponent(world, first, Position), false);
  assertEquals(getComponent(world, first, Position), undefined);
  assertEquals(getComponent(world, second, Position), { x: 1, y: 2 });
  assertEquals(hasComponent(world, second, Frozen), false);
  assertEquals(idOf(world, eid!), second);
});

Deno.test("despawn of an unknown or dead id returns false", () => {
  const world = createWorld();
  assertEquals(despawnEntity(world, 1), false);
  const id = spawnEntity(world);
  assertEquals(despawnEntity(world, id), true);
  assertEquals(despawnEntity(world, id), false);
  assertEquals(despawnEntity(world, -1), false);
  assertEquals(entityCount(world), 0);
});

Deno.test("a recycled eid starts with no components and default values", () => {
  const world = createWorld();
  const old = spawnEntity(world);
  setComponent(world, old, Position, { x: 5, y: 6 });
  setComponent(world, old, Scale, { x: 3 });
  setComponent(world, old, MaxSpeed, { value: 10 });
  addComponent(world, old, Frozen);
  const eid = eidOf(world, old)!;
  despawnEntity(world, old);

  const fresh = spawnEntity(world);
  assertEquals(eidOf(world, fresh), eid);
  assertEquals(componentsOf(world, fresh), []);
  const { position, scale, maxSpeed } = world.components;
  assertEquals([position.x[eid], position.y[eid], scale.x[eid], scale.y[eid]], [0, 0, 1, 1]);
  assert(Number.isNaN(maxSpeed.value[eid]!));
  addComponent(world, fresh, Scale);
  assertEquals(getComponent(world, fresh, Scale), { x: 1, y: 1 });
});

Deno.test("a recycled eid starts clean after the stores grew and after a store was added", () => {
  const world = createWorld({ capacity: 2 });
  const Health = defineComponent("health", { hp: 100, armor: 2 });
  const dirty = (id: number) => {
    setComponent(world, id, Position, { x: 5, y: 6 });
    setComponent(world, id, Health, { hp: 7, armor: 8 });
  };
  const cleanAt = (eid: number) => {
    const { position } = world.components, health = storeOf(world, Health);
    assertEquals([position.x[eid], position.y[eid], health.hp[eid], health.armor[eid]], [
      0,
      0,
      100,
      2,
    ]);
  };
  // Despawned once before Health's store exists: that store is reset too, once it is made.
  const first = spawnEntity(world);
  setComponent(world, first, Position, { x: 1, y: 1 });
  despawnEntity(world, first);
  const a = spawnEntity(world);
  dirty(a); // makes Health's store
  const eidA = eidOf(world, a)!;
  despawnEntity(world, a);
  assertEquals(eidOf(world, spawnEntity(world)), eidA);
  cleanAt(eidA);
  // Past the capacity the stores grow (new arrays): their rows still come back clean.
  const many = Array.from({ length: 9 }, () => spawnEntity(world));
  for (const id of many) dirty(id);
  const last = many[many.length - 1]!, eidLast = eidOf(world, last)!;
  despawnEntity(world, last);
  assertEquals(eidOf(world, spawnEntity(world)), eidLast);
  cleanAt(eidLast);
});

Deno.test("adding a component writes its defaults, re-adding keeps values", () => {
  const world = createWorld();
  const id = spawnEntity(world);
  const eid = eidOf(world, id)!;
  world.components.scale.x[eid] = 7; // garbage left in the row by raw writes
  addComponent(world, id, Scale);
  assertEquals(getComponent(world, id, Scale), { x: 1, y: 1 });
  setComponent(world, id, Scale, { y: 4 });
  addComponent(world, id, Scale);
  assertEquals(getComponent(world, id, Scale), { x: 1, y: 4 });
});

Deno.test("despawn clears groups, forces, entity signals and registered side tables", () => {
  const world = createWorld();
  const labels = addSideTable(world, new SideTable<string>());
  const id = spawnEntity(world);
  const eid = eidOf(world, id)!;
  world.groups.add(eid, "ball");
  world.forces.set(eid, "gravity", 0, 9.8);
  const signals = world.entitySignals.ensure(eid);
  signals.setFlag("hit");
  labels.set(eid, "ball");

  despawnEntity(world, id);
  const next = spawnEntity(world);
  assertEquals(eidOf(world, next), eid);
  assertEquals(world.groups.of(eid), []);
  assertEquals(world.groups.count("ball"), 0);
  assertEquals(world.forces.of(eid), undefined);
  assertEquals(world.entitySignals.get(eid), undefined);
  // The reused eid starts without the signals, also through a row handed out before.
  assertEquals(world.entitySignals.ensure(eid).hasFlag("hit"), false);
  assertEquals(signals.hasFlag("hit"), false);
  assertEquals(labels.get(eid), undefined);
});

Deno.test("stores grow by doubling and keep values; queries still work", () => {
  const world = createWorld({ capacity: 2 });
  const ids = Array.from({ length: 5 }, () => spawnEntity(world));
  assertEquals(world.capacity, 8);
  ids.forEach((id, i) => setComponent(world, id, Position, { x: i, y: -i }));
  const health = storeOf(world, defineComponent("health", { hp: 100 }));
  assertEquals(health.hp.length, 9);
  for (let i = 0; i < 6; i++) spawnEntity(world);
  assertEquals(world.capacity, 16);
  assertEquals(health.hp.length, 17);
  assertEquals(health.hp[16], 100);
  assertEquals(ids.map((id) => getComponent(world, id, Position)?.x), [0, 1, 2, 3, 4]);
  const xs = [...query(world.ecs, [world.components.position])].map((eid) =>
    world.components.position.x[eid]
  );
  assertEquals(xs.sort(), [0, 1, 2, 3, 4]);
});

Deno.test("a fixed-capacity world refuses to grow", () => {
  const world = createWorld({ capacity: 2, growable: false });
  spawnEntity(world);
  spawnEntity(world);
  assertThrows(() => spawnEntity(world), WorldCapacityError, "capacity is 2");
  assertEquals(entityCount(world), 2);
  despawnEntity(world, 1);
  assertEquals(spawnEntity(world), 3);
});

Deno.test("a growing world stops at its entity ceiling with a clear error", () => {
  const world = createWorld({ capacity: 2, maxEntities: 5 });
  for (let i = 0; i < 5; i++) spawnEntity(world);
  assertEquals([world.capacity, entityRoom(world)], [5, 0]);
  assertThrows(
    () => spawnEntity(world),
    WorldCapacityError,
    "The world is full: it holds at most 5 entities",
  );
  assertEquals(entityCount(world), 5);
  despawnEntity(world, 2);
  assertEquals(entityRoom(world), 1);
  assertEquals(spawnEntity(world), 6);
});

Deno.test("by default a world holds MAX_ENTITIES, not as many as memory allows", () => {
  const world = createWorld();
  assertEquals(world.maxEntities, MAX_ENTITIES);
  for (let i = 0; i < MAX_ENTITIES; i++) spawnEntity(world);
  assertThrows(() => spawnEntity(world), WorldCapacityError, `at most ${MAX_ENTITIES} entities`);
  assertEquals(world.capacity, MAX_ENTITIES);
});

Deno.test("createWorld rejects a bad capacity", () => {
  assertThrows(() => createWorld({ capacity: 0 }), RangeError, "positive integer");
});

Deno.test("custom components get their own store with defaults", () => {
  const Health = defineComponent("health", { hp: 100, armor: 2 });
  const world = createWorld();
  const id = spawnEntity(world);
  assertEquals(getComponent(world, id, Health), undefined);
  setComponent(world, id, Health, { hp: 50 });
  assertEquals(getComponent(world, id, Health), { hp: 50, armor: 2 });
  assertEquals(componentsOf(world, id), [Health]);
  assertEquals(componentsOf(world, 99), undefined);
});

Deno.test("worlds are independent", () => {
  const a = createWorld();
  const b = createWorld();
  const id = spawnEntity(a);
  setComponent(a, id, Velocity, { x: 3 });
  assertEquals(spawnEntity(b), 1);
  assertEquals(getComponent(b, 1, Velocity), undefined);
  assertEquals(query(b.ecs, [b.components.velocity]).length, 0);
});

Deno.test("idOf answers undefined for free and out-of-range eids", () => {
  const world = createWorld({ capacity: 4 });
  assertEquals(idOf(world, 1), undefined);
  assertEquals(idOf(world, 1000), undefined);
  assertEquals(idOf(world, 0), undefined);
});

Deno.test("aliveEntities lists ids with their eids, anew after each spawn or despawn", () => {
  const world = createWorld();
  const [a, b, c] = [spawnEntity(world), spawnEntity(world), spawnEntity(world)];
  const first = aliveEntities(world);
  assertEquals(first.ids, [a, b, c]);
  assertEquals(first.eids, [a, b, c].map((id) => eidOf(world, id)!));
  assert(aliveEntities(world) === first, "nothing changed: the same lists");
  despawnEntity(world, b);
  const second = aliveEntities(world);
  assertEquals(second.ids, [a, c]);
  assertEquals(first.ids, [a, b, c], "an earlier list is never changed");
  const d = spawnEntity(world); // reuses b's eid
  assertEquals(aliveEntities(world).ids, [a, c, d]);
  assertEquals(aliveEntities(world).eids, [a, c, d].map((id) => eidOf(world, id)!));
  assertEquals(aliveIds(world), [a, c, d]);
});
