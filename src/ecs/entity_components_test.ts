import { assert, assertEquals, assertThrows } from "@std/assert";
import * as bit from "bitecs";
import {
  addComponent,
  componentSetTest,
  componentTest,
  createWorld,
  defineComponent,
  eidOf,
  getComponent,
  hasComponent,
  Position,
  removeComponent,
  setComponent,
  spawnEntity,
  storeOf,
} from "./mod.ts";

Deno.test("componentTest agrees with bitECS across mask generations, made before or after", () => {
  const world = createWorld();
  // More than 31 components: bitECS starts a second mask array for the later ones.
  const defs = Array.from({ length: 70 }, (_, i) => defineComponent(`c${i}`, { v: i }));
  const early = defs.map((d) => componentTest(world, d));
  const ids = Array.from({ length: 5 }, () => spawnEntity(world));
  for (const [k, id] of ids.entries()) {
    for (const [i, d] of defs.entries()) if ((i + k) % 3 === 0) addComponent(world, id, d);
  }
  removeComponent(world, ids[0]!, defs[33]!);
  addComponent(world, ids[1]!, defs[69]!);
  const late = defs.map((d) => componentTest(world, d));
  for (const id of ids) {
    const eid = eidOf(world, id)!;
    for (const [i, d] of defs.entries()) {
      const truth = bit.hasComponent(world.ecs, eid, storeOf(world, d));
      assertEquals(early[i]!(eid), truth, `component ${i} of entity ${id}, early test`);
      assertEquals(late[i]!(eid), truth, `component ${i} of entity ${id}, late test`);
      assertEquals(hasComponent(world, id, d), truth);
    }
  }
});

Deno.test("componentSetTest agrees with bitECS, within one mask generation and across several", () => {
  const world = createWorld();
  const defs = Array.from({ length: 70 }, (_, i) => defineComponent(`s${i}`, { v: i }));
  // Registered in order, so that the later ones fill further bitECS mask generations.
  for (const d of defs) componentTest(world, d);
  const generation = (i: number) => {
    const internal = (world.ecs as bit.InternalWorld)[bit.$internal];
    return internal.componentMap.get(storeOf(world, defs[i]!))!.generationId;
  };
  // The first set lies in one generation (the fast path and its kept bits), the second across three.
  const sets = [[0, 3, 7, 12], [5, 31, 40, 69, 33]].map((picks) => picks.map((i) => defs[i]!));
  assertEquals(new Set([0, 3, 7, 12].map(generation)).size, 1);
  assertEquals(new Set([5, 31, 40, 69, 33].map(generation)).size, 3);
  const ids = Array.from({ length: 8 }, () => spawnEntity(world));
  const check = (set: typeof defs, test: (eid: number) => number) => {
    for (const id of ids) {
      const eid = eidOf(world, id)!;
      let want = 0;
      set.forEach((d, i) => {
        if (bit.hasComponent(world.ecs, eid, storeOf(world, d))) want |= 1 << i;
      });
      assertEquals(test(eid), want, `entity ${id}`);
    }
  };
  const tests = sets.map((set) => componentSetTest(world, set));
  sets.forEach((set, i) => check(set, tests[i]!)); // no components yet
  for (const [k, id] of ids.entries()) {
    for (const set of sets) set.forEach((d, i) => (k >> i) & 1 && addComponent(world, id, d));
  }
  sets.forEach((set, i) => check(set, tests[i]!));
  // A changed entity between two of the same set: the kept bits are not reused for it.
  removeComponent(world, ids[3]!, sets[0]![0]!);
  addComponent(world, ids[4]!, sets[1]![4]!);
  sets.forEach((set, i) => check(set, tests[i]!));
  assertThrows(() => componentSetTest(world, defs.slice(0, 32)), RangeError, "At most 31");
});

Deno.test("setComponent adds a missing component at its defaults and keeps a present one's fields", () => {
  const world = createWorld();
  const Health = defineComponent("health_test", { hp: 100, armor: 5 });
  const id = spawnEntity(world);
  const eid = eidOf(world, id)!;
  storeOf(world, Health).armor[eid] = 77; // a stale row from an earlier owner of the eid
  assert(setComponent(world, id, Health, { hp: 3 }));
  assertEquals(storeOf(world, Health).armor[eid], 5);
  storeOf(world, Health).armor[eid] = 9;
  assert(setComponent(world, id, Health, { hp: 4 }));
  assertEquals([storeOf(world, Health).hp[eid], storeOf(world, Health).armor[eid]], [4, 9]);
  assert(setComponent(world, id, Position, { x: 1 }));
  assert(componentTest(world, Position)(eid));
});

Deno.test("setComponent writes fields whatever their names, and only the fields it is given", () => {
  const world = createWorld();
  const Odd = defineComponent("odd", { "a-b": 1, "x y": 2, 'q"uote': 3, constructor: 4 });
  // Values without "constructor" of their own still inherit one: it is not a number to write.
  const some = (v: Record<string, number>) =>
    v as Partial<Record<keyof typeof Odd.defaults, number>>;
  const id = spawnEntity(world);
  assert(setComponent(world, id, Odd, some({ "x y": 20, 'q"uote': 30 })));
  assertEquals(getComponent(world, id, Odd), { "a-b": 1, "x y": 20, 'q"uote': 30, constructor: 4 });
  assert(setComponent(world, id, Odd, { constructor: 40 }));
  assertEquals(getComponent(world, id, Odd)?.constructor, 40);
  // Two worlds share the definition's writer, each with its own store.
  const other = createWorld();
  const there = spawnEntity(other);
  assert(setComponent(other, there, Odd, some({ "a-b": 5 })));
  assertEquals(getComponent(other, there, Odd)?.["a-b"], 5);
  assertEquals(getComponent(world, id, Odd)?.["a-b"], 1);
  assert(!setComponent(world, 999, Odd, some({ "a-b": 9 })), "an unknown id writes nothing");
});
