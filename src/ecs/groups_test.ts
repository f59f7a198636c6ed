import { assertEquals, assertThrows } from "@std/assert";
import { createWorld, despawnEntity, eidOf, spawnEntity, UnknownEntityError } from "./mod.ts";

function setup() {
  const world = createWorld();
  const ids = [spawnEntity(world), spawnEntity(world), spawnEntity(world)];
  const eids = ids.map((id) => eidOf(world, id)!);
  return { world, ids, eids };
}

Deno.test("group counts follow add, remove and despawn", () => {
  const { world, ids, eids } = setup();
  const [a, b, c] = eids as [number, number, number];
  world.groups.add(a, "enemies");
  world.groups.add(b, "enemies");
  world.groups.add(c, "walls");
  assertEquals(world.groups.count("enemies"), 2);
  assertEquals(world.groups.add(a, "enemies"), false);
  assertEquals(world.groups.count("enemies"), 2);
  assertEquals(world.groups.remove(b, "enemies"), true);
  assertEquals(world.groups.remove(b, "enemies"), false);
  assertEquals(world.groups.count("enemies"), 1);
  despawnEntity(world, ids[0]!);
  assertEquals(world.groups.count("enemies"), 0);
  assertEquals(world.groups.counts(), { walls: 1 });
  assertEquals(world.groups.names(), ["walls"]);
});

Deno.test("an entity keeps its groups in the order it joined them", () => {
  const { world, eids } = setup();
  const eid = eids[0]!;
  world.groups.add(eid, "b");
  world.groups.add(eid, "a");
  world.groups.add(eid, "c");
  world.groups.remove(eid, "a");
  assertEquals(world.groups.of(eid), ["b", "c"]);
  assertEquals(world.groups.has(eid, "c"), true);
  assertEquals(world.groups.has(eid, "a"), false);
});

Deno.test("members are sorted by id whatever the join order, and cached until a change", () => {
  const { world, ids, eids } = setup();
  world.groups.add(eids[2]!, "g");
  world.groups.add(eids[0]!, "g");
  world.groups.add(eids[1]!, "g");
  const members = world.groups.members("g");
  assertEquals(members, ids);
  assertEquals(world.groups.members("g"), members);
  assertEquals(world.groups.members("g") === members, true);
  assertEquals(Object.isFrozen(members), true);
  world.groups.remove(eids[1]!, "g");
  assertEquals(world.groups.members("g"), [ids[0]!, ids[2]!]);
  assertEquals(members, ids, "an earlier list is not changed");
  assertEquals(world.groups.members("none"), []);
});

Deno.test("a recycled eid is not in the old entity's groups", () => {
  const { world, ids, eids } = setup();
  world.groups.add(eids[0]!, "g");
  despawnEntity(world, ids[0]!);
  const fresh = spawnEntity(world);
  const eid = eidOf(world, fresh)!;
  assertEquals(eid, eids[0]);
  assertEquals(world.groups.has(eid, "g"), false);
  world.groups.add(eid, "g");
  assertEquals(world.groups.members("g"), [fresh]);
});

Deno.test("adding a dead eid to a group throws", () => {
  const { world } = setup();
  assertThrows(() => world.groups.add(999, "g"), UnknownEntityError, "not alive");
});

Deno.test("version moves on every membership change only", () => {
  const { world, eids } = setup();
  const v0 = world.groups.version;
  world.groups.add(eids[0]!, "g");
  const v1 = world.groups.version;
  world.groups.add(eids[0]!, "g");
  world.groups.remove(eids[1]!, "g");
  assertEquals(world.groups.version, v1);
  assertEquals(v1 > v0, true);
});
