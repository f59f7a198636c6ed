import { assert, assertEquals } from "@std/assert";
import { type Command, FUNCTIONS } from "../api/mod.ts";
import {
  Friction,
  Frozen,
  getComponent,
  hasComponent,
  isAlive,
  MaxSpeed,
  Position,
  Rotation,
  Scale,
  setComponent,
  Velocity,
} from "../ecs/mod.ts";
import { newMenu } from "../gameplay/mod.ts";
import { createGameState, type GameState } from "../state/game_state.ts";
import { eid, fn, logged, run, spawn } from "./_test_util.ts";

interface Case {
  /** Commands to apply on entity 1 (entity 2 exists too, at (100, 0)). */
  commands: Command[];
  /** What must hold afterwards. */
  check: (state: GameState) => void;
  /** Prepare entity 1 first. */
  setup?: (state: GameState) => void;
}

const pos = (s: GameState, id = 1) => getComponent(s.world, id, Position);
const vel = (s: GameState, id = 1) => getComponent(s.world, id, Velocity);
const g = (s: GameState) => s.gameplay;
// As plain objects: the table keeps forces in a class of its own.
const forces = (s: GameState) => {
  const table = s.world.forces.of(eid(s, 1));
  return table && new Map([...table].map(([name, f]) => [name, { ...f }]));
};
const sig = (s: GameState) => s.world.entitySignals.get(eid(s, 1));
const withShader = (s: GameState) => run(s, fn("entity_set_shader", { id: 1, shader: "glow" }));
const uniform = (s: GameState, name: string) => g(s).shader.get(eid(s, 1))?.uniforms.get(name);

const CASES: Record<string, Case> = {
  entity_set_position: {
    commands: [fn("entity_set_position", { id: 1, x: 3, y: 4 })],
    check: (s) => assertEquals(pos(s), { x: 3, y: 4 }),
  },
  entity_set_velocity: {
    commands: [fn("entity_set_velocity", { id: 1, vx: -1, vy: 2 })],
    check: (s) => assertEquals(vel(s), { x: -1, y: 2 }),
  },
  entity_set_speed: {
    commands: [
      fn("entity_set_velocity", { id: 1, vx: 3, vy: 4 }),
      fn("entity_set_speed", { id: 1, speed: 10 }),
    ],
    check: (s) => assertEquals(vel(s), { x: 6, y: 8 }),
  },
  entity_set_rotation: {
    commands: [fn("entity_set_rotation", { id: 1, degrees: 90 })],
    check: (s) => assertEquals(getComponent(s.world, 1, Rotation), { degrees: 90 }),
  },
  entity_set_scale: {
    commands: [fn("entity_set_scale", { id: 1, sx: 2, sy: 3 })],
    check: (s) => assertEquals(getComponent(s.world, 1, Scale), { x: 2, y: 3 }),
  },
  entity_add_force: {
    commands: [fn("entity_add_force", { id: 1, name: "wind", x: 1, y: 0, enabled: false })],
    check: (s) => assertEquals(forces(s)?.get("wind"), { x: 1, y: 0, enabled: false }),
  },
  entity_remove_force: {
    commands: [
      fn("entity_add_force", { id: 1, name: "wind", x: 1, y: 0 }),
      fn("entity_remove_force", { id: 1, name: "wind" }),
    ],
    check: (s) => assertEquals(forces(s), undefined),
  },
  entity_set_force_enabled: {
    commands: [
      fn("entity_add_force", { id: 1, name: "g", x: 0, y: 9 }),
      fn("entity_set_force_enabled", { id: 1, name: "g", on: false }),
    ],
    check: (s) => assertEquals(forces(s)?.get("g")?.enabled, false),
  },
  entity_set_force_value: {
    commands: [
      fn("entity_add_force", { id: 1, name: "g", x: 0, y: 9 }),
      fn("entity_set_force_value", { id: 1, name: "g", x: 1, y: 2 }),
    ],
    check: (s) => assertEquals(forces(s)?.get("g"), { x: 1, y: 2, enabled: true }),
  },
  entity_set_friction: {
    commands: [fn("entity_set_friction", { id: 1, f: 0.5 })],
    check: (s) => assertEquals(getComponent(s.world, 1, Friction), { value: 0.5 }),
  },
  entity_set_max_speed: {
    commands: [
      fn("entity_set_max_speed", { id: 1, s: 5 }),
      fn("entity_set_max_speed", { id: 1, s: 7 }),
    ],
    check: (s) => {
      assertEquals(getComponent(s.world, 1, MaxSpeed), { value: 7 });
      run(s, fn("entity_set_max_speed", { id: 1 }));
      assert(!hasComponent(s.world, 1, MaxSpeed));
    },
  },
  entity_freeze: {
    commands: [fn("entity_freeze", { id: 1 })],
    check: (s) => assert(hasComponent(s.world, 1, Frozen)),
  },
  entity_unfreeze: {
    commands: [fn("entity_freeze", { id: 1 }), fn("entity_unfreeze", { id: 1 })],
    check: (s) => assert(!hasComponent(s.world, 1, Frozen)),
  },
  entity_set_animation: {
    setup: (s) => g(s).animation.set(eid(s, 1), { key: "walk", frame: 3, elapsed: 0.1 }),
    commands: [fn("entity_set_animation", { id: 1, anim: "jump" })],
    check: (s) =>
      assertEquals(g(s).animation.get(eid(s, 1)), { key: "jump", frame: 0, elapsed: 0 }),
  },
  entity_restart_animation: {
    setup: (s) => g(s).animation.set(eid(s, 1), { key: "walk", frame: 3, elapsed: 0.1 }),
    commands: [fn("entity_restart_animation", { id: 1 })],
    check: (s) =>
      assertEquals(g(s).animation.get(eid(s, 1)), { key: "walk", frame: 0, elapsed: 0 }),
  },
  entity_insert_lua_timer: {
    commands: [fn("entity_insert_lua_timer", { id: 1, seconds: 2, callback: "on_tick" })],
    check: (s) =>
      assertEquals(g(s).luaTimer.get(eid(s, 1)), { duration: 2, elapsed: 0, callback: "on_tick" }),
  },
  entity_remove_lua_timer: {
    commands: [
      fn("entity_insert_lua_timer", { id: 1, seconds: 2, callback: "on_tick" }),
      fn("entity_remove_lua_timer", { id: 1 }),
    ],
    check: (s) => assert(!g(s).luaTimer.has(eid(s, 1))),
  },
  entity_insert_ttl: {
    commands: [fn("entity_insert_ttl", { id: 1, seconds: 1.5 })],
    check: (s) => assertEquals(g(s).ttl.get(eid(s, 1)), { duration: 1.5, elapsed: 0 }),
  },
  entity_insert_tween_position: {
    commands: [fn("entity_insert_tween_position", {
      id: 1,
      fx: 0,
      fy: 1,
      tx: 2,
      ty: 3,
      seconds: 4,
      easing: "quad_in",
      loop: "ping_pong",
    })],
    check: (s) => {
      const curve = { easing: "quad_in", loop: "ping_pong", backwards: false };
      const want = { from: [0, 1], to: [2, 3], duration: 4, elapsed: 0, ...curve };
      assertEquals(g(s).tweens.get(eid(s, 1))?.position, want);
    },
  },
  entity_remove_tween_position: {
    commands: [
      fn("entity_insert_tween_position", { id: 1, fx: 0, fy: 1, tx: 2, ty: 3, seconds: 4 }),
      fn("entity_insert_tween_rotation", { id: 1, from: 0, to: 90, seconds: 1 }),
      fn("entity_remove_tween_position", { id: 1 }),
    ],
    check: (s) => assertEquals(Object.keys(g(s).tweens.get(eid(s, 1)) ?? {}), ["rotation"]),
  },
  entity_insert_tween_rotation: {
    commands: [fn("entity_insert_tween_rotation", { id: 1, from: 0, to: 90, seconds: 1 })],
    check: (s) => {
      const t = g(s).tweens.get(eid(s, 1))?.rotation;
      assertEquals([t?.from, t?.to, t?.easing, t?.loop], [[0], [90], "linear", "once"]);
    },
  },
  entity_remove_tween_rotation: {
    commands: [
      fn("entity_insert_tween_rotation", { id: 1, from: 0, to: 90, seconds: 1 }),
      fn("entity_remove_tween_rotation", { id: 1 }),
    ],
    check: (s) => assert(!g(s).tweens.has(eid(s, 1))),
  },
  entity_insert_tween_scale: {
    commands: [
      fn("entity_insert_tween_scale", {
        id: 1,
        fx: 1,
        fy: 1,
        tx: 2,
        ty: 2,
        seconds: 1,
        loop: "loop",
      }),
    ],
    check: (s) => assertEquals(g(s).tweens.get(eid(s, 1))?.scale?.loop, "loop"),
  },
  entity_remove_tween_scale: {
    commands: [
      fn("entity_insert_tween_scale", { id: 1, fx: 1, fy: 1, tx: 2, ty: 2, seconds: 1 }),
      fn("entity_remove_tween_scale", { id: 1 }),
    ],
    check: (s) => assert(!g(s).tweens.has(eid(s, 1))),
  },
  entity_insert_stuckto: {
    setup: (s) => {
      setComponent(s.world, 1, Position, { x: 90, y: -10 });
      setComponent(s.world, 1, Velocity, { x: 5, y: 6 });
    },
    commands: [
      fn("entity_insert_stuckto", { id: 1, target_id: 2, follow_x: true, follow_y: true }),
    ],
    check: (s) => {
      assertEquals(g(s).stuckto.get(eid(s, 1)), {
        target: 2,
        followX: true,
        followY: true,
        offsetX: -10,
        offsetY: -10,
        storedVx: 5,
        storedVy: 6,
      });
      assertEquals(vel(s), { x: 0, y: 0 });
    },
  },
  release_stuckto: {
    setup: (s) => setComponent(s.world, 1, Velocity, { x: 5, y: 6 }),
    commands: [
      fn("entity_insert_stuckto", { id: 1, target_id: 2, follow_x: true, follow_y: false }),
      fn("release_stuckto", { id: 1 }),
    ],
    check: (s) => {
      assert(!g(s).stuckto.has(eid(s, 1)));
      assertEquals(vel(s), { x: 5, y: 6 });
    },
  },
  entity_signal_set_scalar: {
    commands: [fn("entity_signal_set_scalar", { id: 1, key: "hp", value: 0.5 })],
    check: (s) => assertEquals(sig(s)?.getScalar("hp"), 0.5),
  },
  entity_signal_set_integer: {
    commands: [fn("entity_signal_set_integer", { id: 1, key: "lives", value: 3 })],
    check: (s) => assertEquals(sig(s)?.getInteger("lives"), 3),
  },
  entity_signal_set_string: {
    commands: [fn("entity_signal_set_string", { id: 1, key: "name", value: "bob" })],
    check: (s) => assertEquals(sig(s)?.getString("name"), "bob"),
  },
  entity_signal_set_flag: {
    commands: [fn("entity_signal_set_flag", { id: 1, key: "hit" })],
    check: (s) => assert(sig(s)?.hasFlag("hit")),
  },
  entity_signal_clear_flag: {
    commands: [
      fn("entity_signal_set_flag", { id: 1, key: "hit" }),
      fn("entity_signal_clear_flag", { id: 1, key: "hit" }),
    ],
    check: (s) => assertEquals(sig(s)?.hasFlag("hit"), false),
  },
  entity_despawn: {
    commands: [fn("entity_despawn", { id: 1 })],
    check: (s) => assert(!isAlive(s.world, 1) && isAlive(s.world, 2)),
  },
  entity_menu_despawn: {
    setup: (s) => {
      const menu = newMenu([{ id: "a", label: "A" }], 0, 0, "f", 8, 10, false);
      menu.itemEntities = [2];
      g(s).menu.set(eid(s, 1), menu);
    },
    commands: [fn("entity_menu_despawn", { id: 1 })],
    check: (s) => assert(!isAlive(s.world, 1) && !isAlive(s.world, 2)),
  },
  entity_set_shader: {
    commands: [fn("entity_set_shader", { id: 1, shader: "glow" })],
    check: (s) => assertEquals(g(s).shader.get(eid(s, 1))?.key, "glow"),
  },
  entity_remove_shader: {
    setup: withShader,
    commands: [fn("entity_remove_shader", { id: 1 })],
    check: (s) => assert(!g(s).shader.has(eid(s, 1))),
  },
  entity_shader_set_float: {
    setup: withShader,
    commands: [fn("entity_shader_set_float", { id: 1, name: "t", value: 0.5 })],
    check: (s) => assertEquals(uniform(s, "t"), { type: "float", value: 0.5 }),
  },
  entity_shader_set_int: {
    setup: withShader,
    commands: [fn("entity_shader_set_int", { id: 1, name: "n", value: 3 })],
    check: (s) => assertEquals(uniform(s, "n"), { type: "int", value: 3 }),
  },
  entity_shader_set_vec2: {
    setup: withShader,
    commands: [fn("entity_shader_set_vec2", { id: 1, name: "v", x: 1, y: 2 })],
    check: (s) => assertEquals(uniform(s, "v"), { type: "vec2", value: [1, 2] }),
  },
  entity_shader_set_vec4: {
    setup: withShader,
    commands: [fn("entity_shader_set_vec4", { id: 1, name: "c", x: 1, y: 2, z: 3, w: 4 })],
    check: (s) => assertEquals(uniform(s, "c"), { type: "vec4", value: [1, 2, 3, 4] }),
  },
  entity_shader_clear_uniform: {
    setup: withShader,
    commands: [
      fn("entity_shader_set_float", { id: 1, name: "a", value: 1 }),
      fn("entity_shader_set_float", { id: 1, name: "b", value: 2 }),
      fn("entity_shader_clear_uniform", { id: 1, name: "a" }),
    ],
    check: (s) => assertEquals([...g(s).shader.get(eid(s, 1))!.uniforms.keys()], ["b"]),
  },
  entity_shader_clear_uniforms: {
    setup: withShader,
    commands: [
      fn("entity_shader_set_float", { id: 1, name: "a", value: 1 }),
      fn("entity_shader_clear_uniforms", { id: 1 }),
    ],
    check: (s) => assertEquals(g(s).shader.get(eid(s, 1))?.uniforms.size, 0),
  },
  entity_set_tint: {
    commands: [fn("entity_set_tint", { id: 1, r: 255, g: 128, b: 0, a: 64 })],
    check: (s) => assertEquals(g(s).tint.get(eid(s, 1)), [255, 128, 0, 64]),
  },
  entity_remove_tint: {
    commands: [
      fn("entity_set_tint", { id: 1, r: 1, g: 2, b: 3, a: 4 }),
      fn("entity_remove_tint", { id: 1 }),
    ],
    check: (s) => assert(!g(s).tint.has(eid(s, 1))),
  },
};

function twoEntities(): GameState {
  const state = createGameState();
  run(
    state,
    spawn(-1, [{ method: "with_position", args: { x: 0, y: 0 } }]),
    spawn(-2, [{ method: "with_position", args: { x: 100, y: 0 } }]),
  );
  return state;
}

Deno.test("every entity command has a case below", () => {
  const names = FUNCTIONS.filter((f) => f.category === "entity" && f.kind === "command").map((f) =>
    f.name
  );
  assertEquals(names.filter((n) => !(n in CASES)), []);
});

for (const [name, c] of Object.entries(CASES)) {
  Deno.test(`${name} changes the entity`, () => {
    const state = twoEntities();
    c.setup?.(state);
    run(state, ...c.commands);
    c.check(state);
    assertEquals(logged(state), []);
  });

  Deno.test(`${name} on a dead id is skipped with one log line and touches nothing`, () => {
    const state = twoEntities();
    // Despawn 1: entity 3 is spawned on the recycled eid.
    run(state, fn("entity_despawn", { id: 1 }));
    run(state, spawn(-1, [{ method: "with_position", args: { x: 7, y: 7 } }]));
    assertEquals(eid(state, 3) > 0, true);
    const before = JSON.stringify([
      pos(state, 3),
      vel(state, 3),
      state.world.forces.of(eid(state, 3)),
    ]);
    const last = c.commands.at(-1)!;
    run(state, last);
    assertEquals(
      JSON.stringify([pos(state, 3), vel(state, 3), state.world.forces.of(eid(state, 3))]),
      before,
    );
    assertEquals(logged(state), [`${last.name}: entity 1 does not exist`]);
  });
}

Deno.test("entity_set_speed on a zero velocity warns and leaves it zero", () => {
  const state = twoEntities();
  run(
    state,
    fn("entity_set_velocity", { id: 1, vx: 0, vy: 0 }),
    fn("entity_set_speed", { id: 1, speed: 5 }),
  );
  assertEquals(vel(state), { x: 0, y: 0 });
  assertEquals(state.log.entries.map((e) => e.level), ["warn"]);
});

Deno.test("collision twins apply like the regular commands", () => {
  const state = twoEntities();
  run(state, fn("entity_set_velocity", { id: 2, vx: 4, vy: 0 }, true));
  assertEquals(vel(state, 2), { x: 4, y: 0 });
});

Deno.test("preconditions: missing force, shader or stuckto skip with a reason", () => {
  const state = twoEntities();
  run(
    state,
    fn("entity_remove_force", { id: 1, name: "nope" }),
    fn("entity_shader_set_float", { id: 1, name: "t", value: 1 }),
    fn("release_stuckto", { id: 1 }),
    fn("entity_insert_stuckto", { id: 1, target_id: 1, follow_x: true, follow_y: true }),
    fn("entity_menu_despawn", { id: 1 }),
  );
  assertEquals(logged(state), [
    'entity_remove_force: entity 1 has no force "nope"',
    "entity_shader_set_float: entity 1 has no shader",
    "release_stuckto: entity 1 is not stuck to anything",
    "entity_insert_stuckto: entity 1 cannot stick to itself",
    "entity_menu_despawn: entity 1 is not a menu",
  ]);
  assert(isAlive(state.world, 1));
});

Deno.test("a spawn past the world's entity ceiling is an error line; nothing else is lost", () => {
  const state = createGameState({ worldOptions: { maxEntities: 2 } });
  run(
    state,
    spawn(-1, [{ method: "with_position", args: { x: 0, y: 0 } }]),
    spawn(-2),
    spawn(-3, [{ method: "with_position", args: { x: 5, y: 5 } }]),
    fn("set_integer", { key: "score", value: 3 }),
  );
  assertEquals(state.log.entries.map((e) => [e.level, e.message]), [
    ["error", "spawn: The world is full: it holds at most 2 entities"],
  ]);
  assertEquals(state.signals.getInteger("score"), 3);
  // Spawns apply before entity commands: the room comes back on the next run.
  run(state, fn("entity_despawn", { id: 2 }));
  run(state, spawn(-1));
  assertEquals(logged(state).length, 1);
});
