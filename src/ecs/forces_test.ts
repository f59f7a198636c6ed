import { assertEquals } from "@std/assert";
import { ForceTable } from "./forces.ts";

Deno.test("forces keep insertion order, also when replaced", () => {
  const forces = new ForceTable();
  forces.set(1, "gravity", 0, 9.8);
  forces.set(1, "wind", 2, 0, false);
  forces.set(1, "gravity", 0, 5);
  // Compared as plain objects: the table keeps its own class.
  assertEquals([...forces.of(1)!.entries()].map(([k, v]) => [k, { ...v }]), [
    ["gravity", { x: 0, y: 5, enabled: true }],
    ["wind", { x: 2, y: 0, enabled: false }],
  ]);
});

Deno.test("enable and value changes apply to existing forces only", () => {
  const forces = new ForceTable();
  assertEquals(forces.setEnabled(1, "wind", true), false);
  assertEquals(forces.setValue(1, "wind", 1, 1), false);
  assertEquals(forces.of(1), undefined);
  forces.set(1, "wind", 2, 0, false);
  assertEquals(forces.setEnabled(1, "wind", true), true);
  assertEquals(forces.setValue(1, "wind", 3, 4), true);
  assertEquals({ ...forces.get(1, "wind") }, { x: 3, y: 4, enabled: true });
});

Deno.test("remove, copy and delete", () => {
  const forces = new ForceTable();
  forces.set(1, "a", 1, 0);
  forces.set(1, "b", 0, 1, false);
  forces.copy(1, 2);
  forces.setValue(2, "a", 7, 7);
  assertEquals({ ...forces.get(1, "a") }, { x: 1, y: 0, enabled: true }, "the copy is independent");
  assertEquals({ ...forces.get(2, "b") }, { x: 0, y: 1, enabled: false });
  assertEquals(forces.remove(1, "a"), true);
  assertEquals(forces.remove(1, "a"), false);
  assertEquals(forces.delete(2), true);
  assertEquals(forces.of(2), undefined);
  assertEquals(forces.delete(2), false);
});
