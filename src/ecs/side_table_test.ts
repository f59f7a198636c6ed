import { assertEquals } from "@std/assert";
import { SideTable } from "./side_table.ts";

Deno.test("SideTable looks entries up by eid and iterates them in insertion order", () => {
  const t = new SideTable<string>();
  for (const eid of [7, 2, 40, 3]) t.set(eid, `e${eid}`);
  assertEquals([t.get(40), t.get(2), t.get(5), t.get(-1), t.get(1000)], [
    "e40",
    "e2",
    undefined,
    undefined,
    undefined,
  ]);
  assertEquals([t.has(7), t.has(8)], [true, false]);
  assertEquals(t.delete(2), true);
  assertEquals(t.delete(2), false);
  assertEquals(t.delete(999), false);
  assertEquals([t.get(2), t.has(2)], [undefined, false]);
  t.set(7, "seven"); // a value replaced keeps its place
  t.set(2, "back"); // a key set again after its delete goes last
  assertEquals([...t.entries()], [[7, "seven"], [40, "e40"], [3, "e3"], [2, "back"]]);
  assertEquals(t.ensure(3, () => "new"), "e3");
  assertEquals(t.ensure(9, () => "nine"), "nine");
  assertEquals([t.get(9), t.size], ["nine", 5]);
});

Deno.test("SideTable.has counts an entry whose value is undefined, until it is deleted", () => {
  const t = new SideTable<number | undefined>();
  t.set(5, undefined);
  assertEquals([t.has(5), t.get(5), t.size, t.has(4), t.has(500)], [
    true,
    undefined,
    1,
    false,
    false,
  ]);
  assertEquals(t.delete(5), true);
  assertEquals([t.has(5), t.size], [false, 0]);
});
