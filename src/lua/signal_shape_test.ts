import { assert, assertEquals } from "@std/assert";
import { type LiveSignals, shapeOfLive, shapeOfRecords } from "./signal_shape.ts";
import { Signals } from "../signals/signals.ts";

function live(keys: Record<string, string[]>): LiveSignals & { version: number } {
  const s = {
    version: 0,
    get keysVersion() {
      return s.version;
    },
    keys: (c: "scalars" | "integers" | "strings" | "flags") => keys[c] ?? [],
    getScalar: () => 0,
    getInteger: () => 0,
    getString: () => "",
  };
  return s;
}

Deno.test("equal key sets share one shape, whatever order they were made in", () => {
  const a = shapeOfRecords({
    scalars: { y: 1, x: 2 },
    integers: {},
    strings: {},
    flags: ["b", "a"],
  });
  const b = shapeOfRecords({
    scalars: { x: 3, y: 4 },
    integers: {},
    strings: {},
    flags: ["a", "b"],
  });
  assert(a === b);
  assertEquals([a.sk, a.flags, a.total], [["x", "y"], ["a", "b"], 4]);
  const c = shapeOfRecords({ scalars: { x: 1 }, integers: { y: 1 }, strings: {}, flags: [] });
  assert(c !== a, "the same names in other categories are another shape");
});

Deno.test("a hint is used only when the records' keys are exactly its keys", () => {
  const hint = shapeOfRecords({ scalars: {}, integers: { a: 1, b: 2 }, strings: {}, flags: [] });
  const same = shapeOfRecords(
    { scalars: {}, integers: { a: 5, b: 6 }, strings: {}, flags: [] },
    hint,
  );
  assert(same === hint);
  const other = shapeOfRecords(
    { scalars: {}, integers: { a: 5, c: 6 }, strings: {}, flags: [] },
    hint,
  );
  assertEquals(other.ik, ["a", "c"]);
});

Deno.test("live signals are shaped again only after their keys change", () => {
  const keys: Record<string, string[]> = { integers: ["hp"] };
  const s = live(keys);
  const first = shapeOfLive(s);
  keys.integers = ["hp", "ammo"]; // not yet announced by keysVersion
  assert(shapeOfLive(s) === first, "the cached shape stands while keysVersion does not move");
  s.version++;
  assertEquals(shapeOfLive(s).ik, ["ammo", "hp"]);
});

Deno.test("a Signals' shape follows a key added or removed in any category, a clone its own", () => {
  const s = new Signals();
  s.setInteger("hp", 3);
  const hp = shapeOfLive(s);
  s.setInteger("hp", 4); // a value, not a key
  assert(shapeOfLive(s) === hp);
  s.setFlag("hit");
  assertEquals(shapeOfLive(s).flags, ["hit"]);
  s.setString("name", "a");
  s.setScalar("speed", 1);
  const all = shapeOfLive(s);
  assertEquals([all.sk, all.ik, all.tk, all.flags], [["speed"], ["hp"], ["name"], ["hit"]]);
  const copy = s.clone();
  copy.clearFlag("hit");
  assertEquals(shapeOfLive(copy).flags, []);
  assert(shapeOfLive(s) === all, "the clone's change is not the original's");
});
