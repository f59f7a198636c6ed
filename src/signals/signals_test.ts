import { assert, assertEquals, assertStrictEquals, assertThrows } from "@std/assert";
import { InvalidSignalValueError, Signals } from "./mod.ts";

Deno.test("getters give undefined for missing keys, then the value set", () => {
  const s = new Signals();
  assertEquals(
    [s.getScalar("k"), s.getInteger("k"), s.getString("k"), s.hasFlag("k")],
    [undefined, undefined, undefined, false],
  );
  s.setScalar("k", 1.5);
  s.setInteger("k", 2);
  s.setString("k", "three");
  s.setFlag("k");
  assertEquals([s.getScalar("k"), s.getInteger("k"), s.getString("k"), s.hasFlag("k")], [
    1.5,
    2,
    "three",
    true,
  ]);
  s.clearScalar("k");
  s.clearInteger("k");
  s.clearString("k");
  s.clearFlag("k");
  assertEquals(
    [s.getScalar("k"), s.getInteger("k"), s.getString("k"), s.hasFlag("k")],
    [undefined, undefined, undefined, false],
  );
});

Deno.test("values of the wrong kind are refused with a precise message", () => {
  const s = new Signals();
  assertThrows(() => s.setInteger("lives", 1.5), InvalidSignalValueError, `"lives"`);
  assertThrows(() => s.setInteger("lives", 2 ** 53), InvalidSignalValueError, "safe integer");
  assertThrows(() => s.setScalar("speed", NaN), InvalidSignalValueError, "must be a number");
  assertThrows(
    () => s.setScalar("speed", "1" as unknown as number),
    InvalidSignalValueError,
    'got "1"',
  );
  assertThrows(() => s.setString("name", 1 as unknown as string), InvalidSignalValueError);
  assertThrows(() => s.setFlag(3 as unknown as string), InvalidSignalValueError, "key");
  assertEquals(s.version, 0, "a refused value changes nothing");
  s.setScalar("speed", Infinity);
  assertEquals(s.getScalar("speed"), Infinity);
});

Deno.test("integers store -0 as 0", () => {
  const s = new Signals();
  s.setInteger("x", -0);
  assertStrictEquals(Object.is(s.getInteger("x"), 0), true);
});

Deno.test("version moves on changes only", () => {
  const s = new Signals();
  s.setScalar("a", 1);
  const v = s.version;
  s.setScalar("a", 1);
  s.clearScalar("missing");
  s.clearFlag("missing");
  s.setFlag("f");
  const afterFlag = s.version;
  s.setFlag("f");
  assertEquals(afterFlag, v + 1);
  assertEquals(s.version, afterFlag);
  s.clear();
  assertEquals(s.version, afterFlag + 1);
  s.clear();
  assertEquals(s.version, afterFlag + 1);
});

Deno.test("a snapshot is reused until a change and never changes afterwards", () => {
  const s = new Signals();
  s.setInteger("score", 1);
  s.setFlag("on");
  const first = s.snapshot();
  assertStrictEquals(s.snapshot(), first);
  assertEquals(first, {
    scalars: {},
    integers: { score: 1 },
    strings: {},
    flags: { on: true },
  });

  s.setInteger("score", 2);
  s.clearFlag("on");
  const second = s.snapshot();
  assert(second !== first, "a new object after the change");
  assertEquals(first.integers.score, 1);
  assertEquals(first.flags.on, true);
  assertEquals(second.integers.score, 2);
  assertEquals(second.flags.on, undefined);
  // Categories that did not change are shared, not copied.
  assertStrictEquals(second.strings, first.strings);
});

Deno.test("snapshots are deeply frozen", () => {
  const s = new Signals();
  s.setScalar("x", 1);
  const snap = s.snapshot();
  assertEquals(Object.isFrozen(snap) && Object.isFrozen(snap.scalars), true);
  assertThrows(() => {
    (snap.scalars as Record<string, number>).x = 5;
  }, TypeError);
  assertThrows(() => {
    (snap as { scalars: unknown }).scalars = {};
  }, TypeError);
  assertEquals(s.getScalar("x"), 1);
  assertEquals(s.snapshot().scalars.x, 1);
});

Deno.test("a key named __proto__ is plain data in a snapshot", () => {
  const s = new Signals();
  s.setInteger("__proto__", 7);
  const snap = s.snapshot();
  assertEquals(Object.keys(snap.integers), ["__proto__"]);
  assertEquals(Object.getOwnPropertyDescriptor(snap.integers, "__proto__")?.value, 7);
});

Deno.test("clone is independent", () => {
  const a = new Signals();
  a.setScalar("s", 1);
  a.setInteger("i", 2);
  a.setString("t", "x");
  a.setFlag("f");
  const b = a.clone();
  assertEquals(b.snapshot(), a.snapshot());
  b.setScalar("s", 9);
  b.clearFlag("f");
  assertEquals(a.getScalar("s"), 1);
  assertEquals(a.hasFlag("f"), true);
});
