import { assert, assertEquals, assertStrictEquals } from "@std/assert";
import { Bucket } from "./bucket.ts";

Deno.test("view is rebuilt only after a real change", () => {
  const b = new Bucket<number>();
  b.set("a", 1);
  const v1 = b.view();
  assertEquals(b.set("a", 1), false);
  assertEquals(b.delete("missing"), false);
  assertStrictEquals(b.view(), v1);
  assertEquals(b.set("a", 2), true);
  assert(b.view() !== v1, "a new object after the change");
  assertEquals(v1, { a: 1 });
});

Deno.test("setting 0 over -0 is a change, NaN over NaN is not", () => {
  const b = new Bucket<number>();
  b.set("z", -0);
  assertEquals(b.set("z", 0), true);
  b.set("n", NaN);
  assertEquals(b.set("n", NaN), false);
});

Deno.test("clear empties the bucket and reports whether it had keys", () => {
  const b = new Bucket<string>();
  assertEquals(b.clear(), false);
  b.set("k", "v");
  assertEquals(b.clear(), true);
  assertEquals(b.view(), {});
  assertEquals([...b.entries()], []);
});

Deno.test("the key set version moves when a key comes or goes, not when a value changes", () => {
  const b = new Bucket<number | undefined>();
  const v0 = b.keysVersion;
  assertEquals(b.set("a", 1), true);
  const v1 = b.keysVersion;
  assert(v1 !== v0);
  assertEquals(b.set("a", 2), true);
  assertEquals(b.set("a", 2), false);
  assertEquals(b.keysVersion, v1);
  // A key holding undefined is still a key: setting it again is no new key.
  assertEquals(b.set("u", undefined), true);
  const v2 = b.keysVersion;
  assert(v2 !== v1);
  assertEquals(b.set("u", undefined), false);
  assertEquals(b.set("u", 3), true);
  assertEquals(b.keysVersion, v2);
  assertEquals([...b.keys()], ["a", "u"]);
  b.delete("a");
  assert(b.keysVersion !== v2);
});

Deno.test("a bucket keeps insertion order and values past a few keys, through deletes", () => {
  const b = new Bucket<number>();
  const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
  for (const [i, k] of keys.entries()) b.set(k, i);
  assertEquals(b.delete("k3"), true);
  b.set("k3", 33);
  assertEquals(b.set("k5", 5), false);
  assertEquals([...b.keys()], [...keys.filter((k) => k !== "k3"), "k3"]);
  assertEquals(b.get("k3"), 33);
  assertEquals(b.get("k11"), 11);
  assertEquals(b.clear(), true);
  b.set("__proto__", 1);
  assertEquals(Object.keys(b.view()), ["__proto__"]);
  assertEquals([...b.entries()], [["__proto__", 1]]);
});
