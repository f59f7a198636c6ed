import { assert, assertEquals, assertStrictEquals, assertThrows } from "@std/assert";
import { InvalidSignalValueError, WorldSignals } from "./mod.ts";

Deno.test("entity references: set, get, remove, validation", () => {
  const s = new WorldSignals();
  assertEquals(s.getEntity("player"), undefined);
  s.setEntity("player", 4);
  assertEquals(s.getEntity("player"), 4);
  assertThrows(() => s.setEntity("player", 0), InvalidSignalValueError, "positive integer id");
  assertThrows(() => s.setEntity("player", -1), InvalidSignalValueError);
  assertThrows(() => s.setEntity("player", 1.5), InvalidSignalValueError);
  assertEquals(s.getEntity("player"), 4);
  s.removeEntity("player");
  assertEquals(s.getEntity("player"), undefined);
});

Deno.test("version covers entity references and the base categories", () => {
  const s = new WorldSignals();
  const v0 = s.version;
  s.setEntity("p", 1);
  const v1 = s.version;
  s.setEntity("p", 1);
  s.removeEntity("missing");
  assertEquals(s.version, v1);
  s.setScalar("x", 1);
  const v2 = s.version;
  s.removeEntity("p");
  const v3 = s.version;
  assertEquals(v0 < v1 && v1 < v2 && v2 < v3, true);
});

Deno.test("the snapshot has every category, is reused, and copies on change", () => {
  const s = new WorldSignals();
  s.setScalar("speed", 2);
  s.setInteger("score", 10);
  s.setString("scene", "menu");
  s.setFlag("paused");
  s.setEntity("player", 1);
  const snap = s.snapshot();
  assertEquals(snap, {
    scalars: { speed: 2 },
    integers: { score: 10 },
    strings: { scene: "menu" },
    flags: { paused: true },
    entities: { player: 1 },
  });
  assertStrictEquals(s.snapshot(), snap);

  s.setEntity("player", 2);
  const afterEntity = s.snapshot();
  assert(afterEntity !== snap, "a new object after the change");
  assertEquals(snap.entities.player, 1);
  assertEquals(afterEntity.entities.player, 2);

  s.setInteger("score", 11);
  const afterScore = s.snapshot();
  assert(afterScore !== afterEntity, "a new object after the change");
  assertEquals(afterEntity.integers.score, 10);
  assertEquals(afterScore.integers.score, 11);
  assertStrictEquals(afterScore.entities, afterEntity.entities);
});

Deno.test("the world snapshot is frozen at both levels", () => {
  const s = new WorldSignals();
  s.setEntity("p", 1);
  const snap = s.snapshot();
  assertThrows(() => {
    (snap.entities as Record<string, number>).p = 2;
  }, TypeError);
  assertThrows(() => {
    (snap as { entities: unknown }).entities = {};
  }, TypeError);
  assertEquals(s.getEntity("p"), 1);
});

Deno.test("clear and clone include entity references", () => {
  const s = new WorldSignals();
  s.setEntity("p", 1);
  s.setInteger("score", 3);
  s.setFlag("f");
  const copy = s.clone();
  assertEquals(copy.snapshot(), s.snapshot());
  copy.setEntity("p", 2);
  assertEquals(s.getEntity("p"), 1);
  const v = s.version;
  s.clear();
  assertEquals(s.version > v, true);
  assertEquals(s.snapshot(), { scalars: {}, integers: {}, strings: {}, flags: {}, entities: {} });
});
