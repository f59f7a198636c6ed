import { assert, assertEquals, assertStrictEquals } from "@std/assert";
import { Prng } from "../systems/prng.ts";
import { EMPTY_KEY_SET, KeySet, type KeySlot } from "./key_set.ts";

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const listsOf = (k: KeySet) => [k.sk, k.ik, k.tk, k.flags].map((l) => [...l]);

Deno.test("equal sets are one object, whatever order their keys came in", () => {
  const a = KeySet.sorting([["b", "a"], ["hp"], [], ["z", "boss"]]);
  const b = KeySet.sorting([["a", "b"], ["hp"], [], ["boss", "z"]]);
  assertStrictEquals(a, b);
  assertEquals(listsOf(a), [["a", "b"], ["hp"], [], ["boss", "z"]]);
  assertEquals(a.total, 5);
  // A key in another category is another set.
  assert(KeySet.of([["hp"], [], [], []]) !== KeySet.of([[], ["hp"], [], []]));
});

Deno.test("keys sort by UTF-16 code units, as the runtime reads them", () => {
  const set = KeySet.sorting([["é", "z", "B", "a", "", "\u0000", '"', "😀", "\uffff"], [], [], []]);
  const expected = ["é", "z", "B", "a", "", "\u0000", '"', "😀", "\uffff"].sort(byKey);
  assertEquals([...set.sk], expected);
  let k = EMPTY_KEY_SET;
  for (const key of ["é", "z", "B", "a", "", "\u0000", '"', "😀", "\uffff"]) k = k.with(0, key);
  assertStrictEquals(k, set);
});

Deno.test("with and without move between the interned sets, and leave a set alone when nothing changes", () => {
  const hp = EMPTY_KEY_SET.with(1, "hp");
  assertStrictEquals(hp.with(1, "hp"), hp);
  assertStrictEquals(hp.without(1, "mp"), hp);
  assertStrictEquals(hp.without(0, "hp"), hp); // another category
  const hit = hp.with(3, "hit");
  assertStrictEquals(hit.without(3, "hit"), hp);
  assertStrictEquals(hp.with(3, "hit"), hit); // the move is kept
  assertStrictEquals(hit.without(1, "hp"), EMPTY_KEY_SET.with(3, "hit"));
  assert(Object.isFrozen(hit.flags) && Object.isFrozen(hit.ik));
});

Deno.test("fuzz: moves give the set of the keys held, interned, also after the table started over", () => {
  const rng = new Prng(20261205);
  const sortedOf = (model: Set<string>[]) => model.map((s) => [...s].sort(byKey));
  // Phase one: few keys (at most 256 sets), so every set stays interned: a move gives the very
  // set its keys give. Phase two: keys without number, well past the 4,096 sets the table holds.
  const phases = [{ keys: ["a", "é"], fresh: 0 }, {
    keys: ["a", "hp", "", "__proto__"],
    fresh: 0.3,
  }];
  for (const [phase, { keys, fresh }] of phases.entries()) {
    const held = Array.from({ length: 8 }, () => ({
      set: EMPTY_KEY_SET,
      model: [0, 1, 2, 3].map(() => new Set<string>()),
    }));
    const seen = new Set<string>();
    for (let step = 0; step < 30_000; step++) {
      const h = held[Math.floor(rng.next() * held.length)]!;
      const slot = Math.floor(rng.next() * 4) as KeySlot;
      const key = rng.next() < fresh
        ? `n${Math.floor(rng.next() * 100_000)}`
        : keys[Math.floor(rng.next() * keys.length)]!;
      if (rng.next() < 0.5) (h.set = h.set.with(slot, key), h.model[slot]!.add(key));
      else (h.set = h.set.without(slot, key), h.model[slot]!.delete(key));
      const expected = sortedOf(h.model);
      assertEquals(listsOf(h.set), expected, `phase ${phase}, step ${step}`);
      assertEquals(h.set.total, expected.flat().length);
      if (phase === 0) assertStrictEquals(h.set, KeySet.of(expected), `step ${step}`);
      seen.add(JSON.stringify(expected));
    }
    if (phase === 1) assert(seen.size > 4096, `${seen.size} sets: the table never started over`);
  }
});

Deno.test("when the table starts over, the sets made before forget their moves", () => {
  let made = 0;
  // Makes new sets until the table starts over (a set it held comes back as another object).
  const startOver = () => {
    const lists = [[`probe${made}`], [], [], []];
    const probe = KeySet.of(lists);
    while (KeySet.of(lists) === probe) KeySet.of([[`fill${made++}`], [], [], []]);
  };
  startOver();
  const base = KeySet.of([["base"], [], [], []]);
  const x = base.with(0, "x");
  assert(base.with(0, "x") === x);
  startOver();
  const again = base.with(0, "x");
  assert(again !== x, "a move out of a set of the old table was kept");
  assertStrictEquals(again, KeySet.of([["base", "x"], [], [], []]));
});
