import { assert, assertEquals, assertStrictEquals } from "@std/assert";
import { createGameState } from "../state/game_state.ts";
import { despawnEntity, eidOf, spawnEntity } from "../ecs/mod.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { WorldContexts } from "./entity_context.ts";
import { PlanCache, planFrame } from "./plan.ts";

/** A world of entities in phase machines with an update in each phase. */
function game() {
  const state = createGameState();
  const { world, gameplay: tables, log } = state;
  const machine = (): void => {
    const id = spawnEntity(world);
    tables.phase.set(eidOf(world, id)!, {
      initial: "walk",
      current: "walk",
      previous: null,
      pending: null,
      timeInPhase: 0,
      entered: false,
      callbacks: { walk: { update: "walk_update" }, run: { update: "run_update" } },
    });
  };
  for (let i = 0; i < 4; i++) machine();
  const cache = new PlanCache();
  const contexts = new WorldContexts(world, tables);
  const plan = () =>
    planFrame({ world, tables, scene: "s", functions: new Set(), dt: 1 / 60, log, contexts, cache })
      .filter((p) => p.kind === CallbackKind.PhaseUpdate);
  return { state, machine, plan };
}

Deno.test("a phase update planned again is the same plan object, and a new one once it differs", () => {
  const { state, machine, plan } = game();
  const first = plan(), second = plan();
  assertEquals(first.length, 4);
  first.forEach((p, i) => assertStrictEquals(second[i], p));
  // Another function: the entity's phase changed.
  const { world, gameplay } = state;
  const id0 = first[0]!.entity, eid0 = eidOf(world, id0)!;
  gameplay.phase.get(eid0)!.pending = "run";
  const third = plan();
  assert(third[0] !== first[0]);
  assertEquals([third[0]!.entity, "fn" in third[0]! && third[0].fn], [id0, "run_update"]);
  third.slice(1).forEach((p, i) => assertStrictEquals(p, first[i + 1]));
  // Another entity on a reused eid.
  const id1 = first[1]!.entity, eid1 = eidOf(world, id1)!;
  despawnEntity(world, id1);
  machine();
  const fourth = plan();
  const reused = fourth.find((p) => eidOf(world, p.entity) === eid1)!;
  assert(reused.entity !== id1 && reused !== first[1]);
  assertEquals(
    fourth.map((p) => p.entity).sort(),
    third.map((p) => p.entity).filter((e) => e !== id1).concat(reused.entity).sort(),
  );
  // Another machine on the same entity, in a phase of the same name: its own update, or none.
  const id2 = first[2]!.entity, eid2 = eidOf(world, id2)!;
  const other = (update?: string) =>
    gameplay.phase.set(eid2, {
      initial: "walk",
      current: "walk",
      previous: null,
      pending: null,
      timeInPhase: 0,
      entered: true,
      callbacks: { walk: update === undefined ? {} : { update } },
    });
  other("limp");
  const fifth = plan().find((p) => p.entity === id2);
  assertEquals(fifth && "fn" in fifth && fifth.fn, "limp");
  other();
  assertEquals(plan().find((p) => p.entity === id2), undefined);
});

Deno.test("a few scripted entities among many are planned in id order, eids reused or not", () => {
  const state = createGameState();
  const { world, gameplay: tables, log } = state;
  const contexts = new WorldContexts(world, tables);
  const ids = Array.from({ length: 200 }, () => spawnEntity(world));
  // Free low eids, then spawn again: the newest ids get the lowest eids.
  for (const id of ids.slice(0, 5)) despawnEntity(world, id);
  const late = Array.from({ length: 5 }, () => spawnEntity(world));
  const phase = (fn: string) => ({
    initial: "go",
    current: "go",
    previous: null,
    pending: null,
    timeInPhase: 0,
    entered: true,
    callbacks: { go: { update: fn } },
  });
  const timer = (callback: string) => ({ duration: 0, elapsed: 0, callback });
  // A machine, a timer, both, on entities old and new (5 of 200: the planner visits only them).
  tables.phase.set(eidOf(world, late[3]!)!, phase("a"));
  tables.luaTimer.set(eidOf(world, late[3]!)!, timer("t1"));
  tables.luaTimer.set(eidOf(world, ids[150]!)!, timer("t2"));
  tables.phase.set(eidOf(world, ids[7]!)!, phase("b"));
  tables.phase.set(eidOf(world, late[0]!)!, phase("c"));
  const planned = planFrame({
    world,
    tables,
    scene: "s",
    functions: new Set(),
    dt: 1 / 60,
    log,
    contexts,
  }).map((p) => [p.entity, "fn" in p ? p.fn : ""]);
  assertEquals(planned, [
    [ids[7]!, "b"],
    [ids[150]!, "t2"],
    [late[0]!, "c"],
    [late[3]!, "a"],
    [late[3]!, "t1"],
  ]);
});
