import { assert, assertEquals, assertStrictEquals, assertThrows } from "@std/assert";
import { Prng } from "../systems/prng.ts";
import { EntitySignals, keySetOf } from "./entity_signals.ts";
import { KeySet } from "./key_set.ts";
import { Signals, type SignalsApi } from "./signals.ts";
import { InvalidSignalValueError } from "./validate.ts";

const CATEGORIES = ["scalars", "integers", "strings", "flags"] as const;

function keysOf(s: SignalsApi) {
  return CATEGORIES.map((c) => [...s.keys(c)]);
}

Deno.test("fuzz: an entity's row behaves as a Signals of its own, through despawns and reused eids", () => {
  const rng = new Prng(20261204);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const table = new EntitySignals();
  // The model: a Signals per eid that has signals. Eids span several pages of the columns.
  const model = new Map<number, Signals>();
  const eids = [1, 2, 3, 63, 64, 65, 130, 500];
  const keys = ["hp", "speed", "name", "__proto__", "a", "b", "hé", ""];
  const values = [0, -0, 1, -1.5, 2 ** 53 - 1, Infinity, 7];
  let held:
    | { category: typeof CATEGORIES[number]; key: string; layout: number; column: unknown }
    | undefined;
  for (let step = 0; step < 20_000; step++) {
    const eid = pick(eids), key = pick(keys);
    const row = table.get(eid), mine = model.get(eid);
    assertEquals(row === undefined, mine === undefined, `step ${step}: eid ${eid} has signals`);
    const op = Math.floor(rng.next() * 16);
    if (op === 0) {
      assertEquals(table.delete(eid), mine !== undefined);
      model.delete(eid);
      continue;
    }
    if (op === 1) {
      const from = new Signals();
      from.setInteger(pick(keys), 3);
      from.setFlag(pick(keys));
      table.set(eid, from);
      model.set(eid, from.clone());
      continue;
    }
    const s = table.ensure(eid), m = mine ?? model.set(eid, new Signals()).get(eid)!;
    const before = { v: s.version, k: s.keysVersion, snap: s.snapshot() };
    const mv = m.version, mk = m.keysVersion;
    const value = pick(values);
    const both = (f: (x: SignalsApi) => unknown) => {
      let a: unknown, b: unknown;
      try {
        a = f(s);
      } catch (e) {
        a = e instanceof InvalidSignalValueError ? "invalid" : e;
      }
      try {
        b = f(m);
      } catch (e) {
        b = e instanceof InvalidSignalValueError ? "invalid" : e;
      }
      assertEquals(a, b, `step ${step}: op ${op} on ${key}`);
    };
    const ops: ((x: SignalsApi) => unknown)[] = [
      (x) => x.setScalar(key, value),
      (x) => x.setInteger(key, value),
      (x) => x.setString(key, String(value)),
      (x) => x.setFlag(key),
      (x) => x.clearScalar(key),
      (x) => x.clearInteger(key),
      (x) => x.clearString(key),
      (x) => x.clearFlag(key),
      (x) => x.clear(),
    ];
    both(
      ops[op - 2] ??
        ((x) => [x.getScalar(key), x.getInteger(key), x.getString(key), x.hasFlag(key)]),
    );
    assertEquals(keysOf(s), keysOf(m), `step ${step}: key order`);
    assertEquals(s.snapshot(), m.snapshot(), `step ${step}: snapshot`);
    assertEquals(s.version !== before.v, m.version !== mv, `step ${step}: version moved`);
    assertEquals(s.keysVersion !== before.k, m.keysVersion !== mk, `step ${step}: keys moved`);
    if (s.version === before.v) assertStrictEquals(s.snapshot(), before.snap);
    assertEquals(s.clone().snapshot(), m.snapshot());
    // The table's columns read what the row reads, and a column handed out stays the key's
    // while the layout count stands.
    assertEquals(table.keysVersion(eid), s.keysVersion);
    // The key set the table keeps is the sorted keys, and the one any equal set gives.
    const sortedKeys = keysOf(m).map((k) => k.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    const kept = keySetOf(table, eid);
    assertEquals([kept.sk, kept.ik, kept.tk, kept.flags], sortedKeys, `step ${step}: key set`);
    assertStrictEquals(kept, KeySet.of(sortedKeys), `step ${step}: key set interned`);
    const reads = [
      m.getScalar(key),
      m.getInteger(key),
      m.getString(key),
      m.hasFlag(key) || undefined,
    ];
    CATEGORIES.forEach((c, i) => {
      assertEquals(table.column(c, key)?.at(eid), reads[i], `step ${step}: ${c} column`);
    });
    if (held !== undefined && held.layout === table.layout) {
      assertStrictEquals(table.column(held.category, held.key), held.column, `step ${step}`);
    }
    const category = pick(CATEGORIES);
    held = { category, key, layout: table.layout, column: table.column(category, key) };
  }
});

Deno.test("a row handed out before a despawn is detached: the reused eid starts empty", () => {
  const table = new EntitySignals();
  const old = table.ensure(9);
  old.setInteger("hp", 3);
  old.keysCache = "kept";
  assert(table.delete(9));
  assertEquals(table.get(9), undefined);
  old.setInteger("hp", 4); // goes nowhere
  assertEquals(old.getInteger("hp"), undefined);
  const fresh = table.ensure(9);
  assert(fresh !== old);
  assertEquals([fresh.getInteger("hp"), fresh.keysCache, keysOf(fresh)], [undefined, undefined, [
    [],
    [],
    [],
    [],
  ]]);
});

Deno.test("set copies: later writes to the source or the row stay apart", () => {
  const table = new EntitySignals(), source = new Signals();
  source.setString("name", "kit");
  source.setFlag("boss");
  table.set(1, source);
  table.set(2, table.get(1)!);
  source.setString("name", "other");
  table.get(2)!.clearFlag("boss");
  assertEquals(table.get(1)?.snapshot(), {
    scalars: {},
    integers: {},
    strings: { name: "kit" },
    flags: { boss: true },
  });
  assertEquals(table.get(2)?.hasFlag("boss"), false);
  table.set(1, table.get(1)!); // itself: unchanged
  assertEquals(table.get(1)?.getString("name"), "kit");
});

Deno.test("bad values are refused with the Signals errors and change nothing", () => {
  const row = new EntitySignals().ensure(1);
  assertThrows(() => row.setInteger("hp", 1.5), InvalidSignalValueError, "safe integer");
  assertThrows(() => row.setScalar("x", NaN), InvalidSignalValueError);
  assertThrows(() => row.setString("s", 3 as unknown as string), InvalidSignalValueError);
  assertThrows(() => row.setFlag(4 as unknown as string), InvalidSignalValueError);
  assertEquals([row.version, keysOf(row)], [0, [[], [], [], []]]);
});
