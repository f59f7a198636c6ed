import { assert, assertEquals } from "@std/assert";
import { VersionedMap } from "./versioned_map.ts";

Deno.test("a VersionedMap counts every change and nothing else", () => {
  const m = new VersionedMap<string, number>([["a", 1]]);
  assertEquals([m.version, m.get("a"), m.size], [0, 1, 1]);
  const seen = [m.version];
  const step = (what: string, change: boolean, f: () => void) => {
    f();
    assertEquals(m.version !== seen.at(-1), change, what);
    seen.push(m.version);
  };
  step("set", true, () => m.set("b", 2));
  step("get", false, () => m.get("b"));
  step("delete of a missing key", false, () => m.delete("zz"));
  step("delete", true, () => m.delete("a"));
  step("clear", true, () => m.clear());
  step("clear of an empty map", false, () => m.clear());
  assert(m instanceof Map);
});
