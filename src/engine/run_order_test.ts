import { assertEquals } from "@std/assert";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { runOrder } from "./run_order.ts";

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
