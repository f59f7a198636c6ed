import { assert, assertEquals } from "@std/assert";
import { APPLY_ORDER, type Command } from "../api/mod.ts";
import { getComponent, isAlive, Position, spawnEntity, Velocity } from "../ecs/mod.ts";
import { applyCallbackCommands, CATEGORY_ORDER } from "./apply.ts";
import { createGameState } from "../state/game_state.ts";
import { clone, eid, fn, logged, queued, run, spawn } from "./_test_util.ts";
import type { QueuedCallback } from "./context.ts";
import { Prng } from "../systems/prng.ts";

Deno.test("category order is the apply order with log first", () => {
  // The apply order itself is pinned in api/table_test.ts.
  assertEquals(CATEGORY_ORDER, ["log", ...APPLY_ORDER]);
});

Deno.test("a provisional id resolves to the entity spawned in the same callback", () => {
  const state = createGameState();
  spawnEntity(state.world); // id 1 exists, so the spawn gets id 2
  run(
    state,
    spawn(-1, [{ method: "with_position", args: { x: 1, y: 2 } }]),
    fn("entity_set_velocity", { id: -1, vx: 7, vy: 8 }),
  );
  assertEquals(getComponent(state.world, 2, Velocity), { x: 7, y: 8 });
  assertEquals(getComponent(state.world, 1, Velocity), undefined);
});

Deno.test("entity commands issued before the spawn still see it (spawn category applies first)", () => {
  const state = createGameState();
  run(state, fn("entity_set_velocity", { id: -1, vx: 1, vy: 0 }), spawn(-1));
  assertEquals(getComponent(state.world, 1, Velocity), { x: 1, y: 0 });
});

Deno.test("with_stuckto(-1) on a second spawn sticks to the first spawn", () => {
  const state = createGameState();
  run(
    state,
    spawn(-1, [{ method: "register_as", args: { key: "paddle" } }]),
    spawn(-2, [{
      method: "with_stuckto",
      args: { target_id: -1, follow_x: true, follow_y: false },
    }]),
  );
  assertEquals(state.gameplay.stuckto.get(eid(state, 2))?.target, 1);
  assertEquals(state.gameplay.stuckto.get(eid(state, 2))?.followY, false);
});

Deno.test("provisional ids are per callback and an unresolvable one is skipped with a log line", () => {
  const state = createGameState();
  applyCallbackCommands(state, [
    queued(0, [spawn(-1)]),
    queued(1, [fn("entity_set_velocity", { id: -1, vx: 5, vy: 5 })]),
  ]);
  assertEquals(getComponent(state.world, 1, Velocity), undefined);
  assertEquals(logged(state), [
    "entity_set_velocity: provisional id -1 was not built in this callback",
  ]);
});

Deno.test("commands from two callbacks given in reverse index order apply in index order", () => {
  const state = createGameState();
  applyCallbackCommands(state, [
    queued(5, [fn("set_string", { key: "last", value: "five" })]),
    queued(2, [fn("set_string", { key: "last", value: "two" })]),
  ]);
  assertEquals(state.signals.getString("last"), "five");
});

Deno.test("within a category the order is kind, then entity id, then index, then issue order", () => {
  const state = createGameState();
  const write = (value: string) => fn("set_string", { key: "k", value });
  applyCallbackCommands(state, [
    queued(0, [write("timer")], 5, 1),
    queued(1, [write("phase e9")], 3, 9),
    queued(2, [write("phase e2")], 3, 2),
    queued(3, [write("scene a"), write("scene b")], 1, 0),
  ]);
  // Largest key applies last: kind 5 (timer).
  assertEquals(state.signals.getString("k"), "timer");
  const seen: string[] = [];
  const probe = createGameState({ hooks: { console: (c) => seen.push(c.args.cmd) } });
  const exec = (cmd: string) => fn("console.execute", { cmd });
  applyCallbackCommands(probe, [
    queued(0, [exec("timer")], 5, 1),
    queued(1, [exec("phase e9")], 3, 9),
    queued(2, [exec("phase e2")], 3, 2),
    queued(3, [exec("scene a"), exec("scene b")], 1, 0),
  ]);
  assertEquals(seen, ["scene a", "scene b", "phase e2", "phase e9", "timer"]);
});

Deno.test("categories apply in the fixed order: despawn (entity) after spawn, signal after entity", () => {
  const state = createGameState();
  run(
    state,
    fn("set_entity", { key: "ball", id: -1 }),
    fn("entity_despawn", { id: -1 }),
    spawn(-1, [{ method: "register_as", args: { key: "ball" } }]),
  );
  assert(!isAlive(state.world, 1));
  // set_entity runs after the despawn, so it is refused.
  assertEquals(logged(state), ["set_entity: entity 1 does not exist"]);
});

Deno.test("a stale id never touches the entity that reuses its eid", () => {
  const state = createGameState();
  run(state, spawn(-1, [{ method: "with_position", args: { x: 1, y: 1 } }]));
  const oldEid = eid(state, 1);
  run(state, fn("entity_despawn", { id: 1 }));
  run(state, spawn(-1, [{ method: "with_position", args: { x: 2, y: 2 } }]));
  assertEquals(eid(state, 2), oldEid);
  run(state, fn("entity_set_position", { id: 1, x: 99, y: 99 }));
  assertEquals(getComponent(state.world, 2, Position), { x: 2, y: 2 });
  assertEquals(logged(state), ["entity_set_position: entity 1 does not exist"]);
});

Deno.test("clone of an unknown key is skipped, and its provisional id stays unbound", () => {
  const state = createGameState();
  run(state, clone(-1, "nope"), fn("entity_set_velocity", { id: -1, vx: 1, vy: 1 }));
  assertEquals(state.world.groups.names(), []);
  assertEquals(logged(state), [
    'clone: no entity is registered as "nope"',
    "entity_set_velocity: provisional id -1 was not built in this callback",
  ]);
});

Deno.test("an invalid value is logged as an error and the next command still applies", () => {
  const state = createGameState();
  // Lua cannot send NaN (the codec refuses it); the engine must survive it anyway.
  const nan = { ...fn("set_scalar", { key: "x", value: 1 }), args: { key: "x", value: NaN } };
  run(state, nan as Command, fn("set_flag", { key: "ok" }));
  assert(state.signals.hasFlag("ok"));
  assertEquals(state.log.entries[0]?.level, "error");
});

Deno.test("cvar and console commands without a hook are skipped with a log line", () => {
  const state = createGameState();
  run(state, fn("cvar.set", { name: "g", value: 1 }));
  assertEquals(logged(state), ["cvar.set: no CVar handler is installed"]);
});

Deno.test("the order callbacks are queued in never changes what a frame's commands do", () => {
  // A queue in apply order takes a single pass per category; any other order is sorted into
  // per-category lists first. Both must leave the same world and the same log.
  const prng = new Prng(7); // seeded: a failure replays
  const int = (lo: number, hi: number) => lo + Math.floor(prng.next() * (hi - lo + 1));
  const someId = () => [-2, -1, 1, 2, 3, 4, 5, 6, 9][int(0, 8)]!;
  const menu: (() => Command)[] = [
    () => spawn(-int(1, 2), [{ method: "with_position", args: { x: int(0, 9), y: 1 } }]),
    () => fn("entity_set_velocity", { id: someId(), vx: int(-5, 5), vy: 1 }),
    () => fn("entity_set_position", { id: someId(), x: int(0, 9), y: 2 }),
    () => fn("entity_signal_set_integer", { id: someId(), key: "n", value: int(0, 99) }),
    () => fn("set_integer", { key: "score", value: int(0, 99) }),
    () => fn("entity_despawn", { id: someId() }),
  ];
  for (let round = 0; round < 25; round++) {
    const callbacks: QueuedCallback[] = Array.from({ length: int(1, 12) }, (_, index) =>
      queued(
        index,
        Array.from({ length: int(0, 4) }, () => menu[int(0, menu.length - 1)]!()),
        int(0, 3),
        int(0, 6),
      ));
    const sorted = [...callbacks].sort((x, y) =>
      x.rank - y.rank || x.entity - y.entity || x.index - y.index
    );
    const shuffled = [...callbacks].reverse();
    const results = [sorted, shuffled].map((q) => {
      const state = createGameState();
      for (let i = 0; i < 6; i++) spawnEntity(state.world);
      applyCallbackCommands(state, q);
      return {
        alive: [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((id) => isAlive(state.world, id)),
        pos: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((id) => getComponent(state.world, id, Position)),
        vel: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((id) => getComponent(state.world, id, Velocity)),
        n: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((id) =>
          isAlive(state.world, id)
            ? state.world.entitySignals.get(eid(state, id))?.getInteger("n")
            : 0
        ),
        score: state.signals.getInteger("score"),
        log: logged(state),
      };
    });
    assertEquals(results[0], results[1], `round ${round}`);
  }
});

Deno.test("a command is applied by its own category's processor, whatever came before under its name", () => {
  const state = createGameState();
  const id = spawnEntity(state.world);
  const real = fn("entity_set_velocity", { id, vx: 3, vy: 4 });
  // The same name under a category that is not applied (as a hand-made command may be).
  const odd = { ...real, category: "log" } as unknown as Command;
  run(state, odd);
  run(state, real);
  run(state, odd);
  run(state, { ...real, args: { id, vx: 5, vy: 6 } } as Command);
  assertEquals(getComponent(state.world, id, Velocity), { x: 5, y: 6 });
  // A category with no processor (or one that names an object's own method) fails as an error.
  for (const category of ["bogus", "hasOwnProperty"]) {
    run(state, { ...real, category } as unknown as Command);
  }
  assertEquals(logged(state), [
    "entity_set_velocity: this category is not applied by the engine",
    "entity_set_velocity: this category is not applied by the engine",
    "entity_set_velocity: process is not a function",
    "entity_set_velocity: Cannot convert undefined or null to object",
  ]);
});

Deno.test("a command is applied by its name, whatever opcode it carries", () => {
  const state = createGameState();
  const a = spawnEntity(state.world), b = spawnEntity(state.world);
  const velocity = fn("entity_set_velocity", { id: a, vx: 3, vy: 4 });
  // A hand-made command under another name with the same opcode, before and after the real one.
  const despawn = { ...velocity, name: "entity_despawn", args: { id: b } } as unknown as Command;
  run(state, despawn);
  run(state, velocity);
  assertEquals(isAlive(state.world, b), false);
  const other = spawnEntity(state.world);
  run(state, { ...despawn, args: { id: other } } as unknown as Command);
  assertEquals(isAlive(state.world, other), false);
  assertEquals(getComponent(state.world, a, Velocity), { x: 3, y: 4 });
  assertEquals(isAlive(state.world, a), true);
});
