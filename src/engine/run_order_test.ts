import { assertEquals } from "@std/assert";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { layoutOrder, runOrder } from "./run_order.ts";

const update = (fn: string, entity: number): PlannedCallback => ({
  kind: CallbackKind.PhaseUpdate,
  fn,
  ctx: entity,
  entity,
});
const timer = (fn: string, entity: number): PlannedCallback => ({
  kind: CallbackKind.Timer,
  fn,
  ctx: entity,
  entity,
});

Deno.test("runOrder groups by kind and function, groups as they first appear, plan order within", () => {
  const planned = [
    { kind: CallbackKind.SceneUpdate, fn: "on_update_play", entity: 0 } as PlannedCallback,
    update("walk", 1),
    timer("walk", 1), // the same function as a timer is a group of its own
    update("fly", 2),
    update("walk", 3),
    timer("walk", 3),
    update("fly", 4),
  ];
  assertEquals([...runOrder(planned, 0, 7)!], [0, 1, 4, 2, 5, 3, 6]);
  // A range is ordered on its own, positions counted in the plan.
  assertEquals([...runOrder(planned, 3, 7)!], [3, 6, 4, 5]);
});

Deno.test("runOrder leaves grouped ranges, and ranges with other kinds, in plan order", () => {
  assertEquals(runOrder([update("a", 1), update("a", 2), update("b", 3)], 0, 3), undefined);
  assertEquals(runOrder([], 0, 0), undefined);
  const collision = {
    kind: CallbackKind.Collision,
    fn: "hit",
    a: 1,
    b: 2,
    sides: { a: 0, b: 0 },
    entity: 1,
  } as PlannedCallback;
  assertEquals(
    runOrder([update("a", 1), collision, update("b", 2), update("a", 3)], 0, 4),
    undefined,
  );
  const menu = { kind: CallbackKind.Menu, fn: "pick", entity: 0 } as unknown as PlannedCallback;
  assertEquals(runOrder([update("a", 1), menu, update("b", 2), update("a", 3)], 0, 4), undefined);
});

Deno.test("layoutOrder sorts each stretch of one function by layout, stably", () => {
  const planned = [update("a", 1), update("a", 2), update("a", 3), update("b", 4), update("b", 5)];
  const order = Int32Array.of(0, 1, 2, 3, 4);
  // Layouts 7 and 3 in turn: a's are sorted within a's stretch, b's within b's.
  assertEquals([...layoutOrder(planned, order, Int32Array.of(7, 3, 7, 3, 7))], [0, 2, 1, 3, 4]);
  // The stretches follow the order given, not the plan's.
  const given = Int32Array.of(3, 4, 0, 1, 2);
  assertEquals([...layoutOrder(planned, given, Int32Array.of(1, 1, 2, 1, 2))], [3, 4, 0, 2, 1]);
});
