import { assert, assertEquals, assertStrictEquals, assertThrows } from "@std/assert";
import { createWorld, despawnEntity, eidOf, spawnEntity } from "../ecs/mod.ts";
import { InvalidSignalValueError, TrackedGroups } from "./mod.ts";

function setup() {
  const world = createWorld();
  const tracked = new TrackedGroups(world.groups);
  const join = (group: string) => {
    const id = spawnEntity(world);
    world.groups.add(eidOf(world, id)!, group);
    return id;
  };
  return { world, tracked, join };
}

Deno.test("track, untrack, clear and has", () => {
  const { tracked } = setup();
  tracked.track("bricks");
  tracked.track("balls");
  tracked.track("bricks");
  assertEquals(tracked.names(), ["bricks", "balls"]);
  assertEquals(tracked.has("bricks"), true);
  tracked.untrack("bricks");
  assertEquals(tracked.has("bricks"), false);
  tracked.clear();
  assertEquals(tracked.names(), []);
  assertThrows(() => tracked.track(1 as unknown as string), InvalidSignalValueError);
});

Deno.test("counts are live members of tracked groups only", () => {
  const { world, tracked, join } = setup();
  const a = join("bricks");
  join("bricks");
  join("balls");
  assertEquals(tracked.count("bricks"), undefined, "untracked reads as nil");
  tracked.track("bricks");
  tracked.track("empty");
  assertEquals(tracked.count("bricks"), 2);
  assertEquals(tracked.count("empty"), 0);
  despawnEntity(world, a);
  assertEquals(tracked.count("bricks"), 1);
});

Deno.test("snapshot is a frozen map, reused while nothing tracked changes", () => {
  const { world, tracked, join } = setup();
  const brick = join("bricks");
  tracked.track("bricks");
  const first = tracked.snapshot();
  assertEquals(first, { bricks: 1 });
  assertEquals(Object.isFrozen(first), true);
  assertStrictEquals(tracked.snapshot(), first);

  join("balls"); // an untracked group changes: same snapshot
  assertStrictEquals(tracked.snapshot(), first);

  despawnEntity(world, brick);
  const second = tracked.snapshot();
  assert(second !== first, "a new object after the change");
  assertEquals(second, { bricks: 0 });
  assertEquals(first, { bricks: 1 }, "an old snapshot does not change");

  tracked.track("balls");
  assertEquals(tracked.snapshot(), { bricks: 0, balls: 1 });
  tracked.untrack("bricks");
  assertEquals(tracked.snapshot(), { balls: 1 });
  assertThrows(() => {
    (tracked.snapshot() as Record<string, number>).balls = 9;
  }, TypeError);
});
