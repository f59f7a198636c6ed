import { assert, assertEquals, assertMatch } from "@std/assert";
import { decodeCommands } from "./codec.ts";
import { ACTIONS } from "../input/actions.ts";
import { KEY_NAMES } from "../input/keys.ts";
import { withApi } from "./_lua_harness.ts";
import { sampleArgs } from "./_samples.ts";
import { isTagged } from "./lua_gen.ts";
import { BUILDERS, COMMAND_SPECS, FUNCTIONS, qualifiedName } from "./table.ts";
import type { ParamDecl } from "./types.ts";

const EXACT: [string, string][] = [
  [
    `engine.entity_set_velocity(3, "x", 1)`,
    "entity_set_velocity: argument 2 (vx) must be a number, got string",
  ],
  [
    `engine.entity_set_velocity(3, 1)`,
    "entity_set_velocity: argument 3 (vy) must be a number, got nil",
  ],
  [
    `engine.entity_set_velocity(3, 0/0, 1)`,
    "entity_set_velocity: argument 2 (vx) must be a finite number, got nan",
  ],
  [
    `engine.entity_set_velocity(3, 1, 1/0)`,
    "entity_set_velocity: argument 3 (vy) must be a finite number, got inf",
  ],
  [
    `engine.set_scalar("k", -1/0)`,
    "set_scalar: argument 2 (value) must be a finite number, got -inf",
  ],
  [
    `engine.entity_despawn(1.5)`,
    "entity_despawn: argument 1 (id) must be an entity id (a non-zero safe integer), got 1.5",
  ],
  [
    `engine.entity_despawn(0)`,
    "entity_despawn: argument 1 (id) must be an entity id (a non-zero safe integer), got 0",
  ],
  [
    `engine.entity_despawn("4")`,
    "entity_despawn: argument 1 (id) must be an entity id (integer), got string",
  ],
  [`engine.entity_despawn(1, 2)`, "entity_despawn: expected at most 1 argument, got more"],
  [`engine.set_integer("k", 2.5)`, "set_integer: argument 2 (value) must be an integer, got 2.5"],
  [
    `engine.set_integer("k", 1 << 53)`,
    "set_integer: argument 2 (value) must be a safe integer (below 2^53 in size), got 9007199254740992",
  ],
  [
    `engine.play_sound("nope")`,
    'play_sound: argument 1 (id) must be a loaded sound key, got "nope"',
  ],
  [
    `engine.collision_play_sound(3)`,
    "collision_play_sound: argument 1 (id) must be a sound key (string), got number",
  ],
  [
    `engine.entity_set_animation(1, "fly")`,
    'entity_set_animation: argument 2 (anim) must be a loaded animation key, got "fly"',
  ],
  [
    `engine.entity_set_tint(1, 300, 0, 0, 0)`,
    "entity_set_tint: argument 2 (r) must be an integer in 0..255, got 300",
  ],
  [
    `engine.entity_set_speed(1, -1)`,
    "entity_set_speed: argument 2 (speed) must be a number >= 0, got -1",
  ],
  [
    `engine.entity_set_force_enabled(1, "g", 1)`,
    "entity_set_force_enabled: argument 3 (on) must be a boolean, got number",
  ],
  [
    `engine.entity_insert_tween_position(1, 0, 0, 1, 1, 1, "wobbly")`,
    'entity_insert_tween_position: argument 7 (easing) must be one of linear, quad_in, quad_out, quad_in_out, cubic_in, cubic_out, cubic_in_out, sine_in, sine_out, sine_in_out, expo_in, expo_out, expo_in_out, back_in, back_out, back_in_out, bounce_out, got "wobbly"',
  ],
  [
    `engine.post_process_shader({ "crt", "nope" })`,
    'post_process_shader: argument 1 (ids) item 2 must be a loaded shader key, got "nope"',
  ],
  [
    `engine.post_process_shader({ crt = 1 })`,
    "post_process_shader: argument 1 (ids) must be a list (keys 1..n) of shader keys",
  ],
  [
    `engine.spawn():with_sprite("nope", 1, 1, 0, 0)`,
    'with_sprite: argument 1 (texture) must be a loaded texture key, got "nope"',
  ],
  [
    `engine.spawn():with_tween_position_loop("x")`,
    'with_tween_position_loop: argument 1 (mode) must be one of once, loop, ping_pong, got "x"',
  ],
  [
    `engine.spawn():with_phase({ initial = print })`,
    "with_phase: argument 1 (def) field initial is a function (not encodable)",
  ],
  [
    `engine.spawn():with_phase({ callbacks = { { 0/0 } } })`,
    "with_phase: argument 1 (def) field callbacks[1][1] is not a finite number (nan)",
  ],
  [
    `local t = {}; t.self = t; engine.spawn():with_phase(t)`,
    "with_phase: argument 1 (def) field self contains a cycle",
  ],
  [
    `engine.spawn():with_phase({ [true] = 1 })`,
    "with_phase: argument 1 (def) has a boolean key (only numbers and strings)",
  ],
  [`engine.spawn():with_phase("idle")`, "with_phase: argument 1 (def) must be a table, got string"],
  [
    `engine.spawn():with_animation_rule({ bogus = 1 }, "walk")`,
    "with_animation_rule: argument 1 (condition) must have has_flag, scalar, integer, all, any or not",
  ],
  [
    `engine.spawn():with_animation_rule({ any = { { has_flag = "a" }, { scalar = "s" } } }, "walk")`,
    'with_animation_rule: argument 1 (condition).any[2] needs a number gt, lt or eq to compare scalar "s" with',
  ],
  [
    `engine.spawn():with_phase({ callbacks = {} })`,
    "with_phase: argument 1 (def) field initial must be a phase name (string), got nil",
  ],
  [
    `engine.spawn():with_phase({ initial = "a", callbacks = { a = 5 } })`,
    "with_phase: argument 1 (def) field callbacks.a must be a function name or a table, got number",
  ],
  [
    `engine.spawn():with_phase({ initial = "a", callbacks = { a = { enter = 1 } } })`,
    "with_phase: argument 1 (def) field callbacks.a.enter must name a global function, got 1",
  ],
  [
    `engine.spawn():with_phase({ initial = "a", phases = { a = "f" } })`,
    "with_phase: argument 1 (def) field phases.a must be a table, got string",
  ],
  [
    `engine.spawn():with_lua_timer(1, print)`,
    "with_lua_timer: argument 2 (callback) must be a callback name (string), got function",
  ],
  [`engine.clone()`, "clone: argument 1 (key) must be a string, got nil"],
  [
    `cvar.set("r_fov", 200)`,
    "cvar.set: argument 2 (value) must be in 45..120, got 200 (cvar r_fov)",
  ],
  [
    `cvar.set("r_fov", "wide")`,
    'cvar.set: argument 2 (value) must be a finite number, got "wide" (cvar r_fov)',
  ],
  [
    `cvar.set("r_mode", "ugly")`,
    'cvar.set: argument 2 (value) must be one of fast, pretty, got "ugly" (cvar r_mode)',
  ],
  [`cvar.set("nope", 1)`, 'cvar.set: argument 1 (name) must be a defined cvar, got "nope"'],
  [
    `cvar.set("lua_max_instructions", 9007199254740991)`,
    "cvar.set: lua_max_instructions cannot be changed by the game (an engine safety limit: set it from the console or with +set)",
  ],
  [
    `cvar.set("lua_max_instructions", "20000000")`,
    "cvar.set: lua_max_instructions cannot be changed by the game (an engine safety limit: set it from the console or with +set)",
  ],
  [
    `console.execute("set lua_max_instructions 20000000")`,
    "console.execute: argument 1 (cmd) would set lua_max_instructions, which cannot be changed by the game (an engine safety limit: set it from the console or with +set)",
  ],
  [
    `console.execute("  lua_max_instructions\t20000000")`,
    "console.execute: argument 1 (cmd) would set lua_max_instructions, which cannot be changed by the game (an engine safety limit: set it from the console or with +set)",
  ],
  [
    `cvar.define("g_cap", { type = "int", default = 1, flags = { "saved", "protected" } })`,
    "cvar.define: argument 2 (def) field flags may not hold protected (kept for the engine's safety limits)",
  ],
  [
    `cvar.define("g_x", { type = "long", default = 1 })`,
    'cvar.define: argument 2 (def) field type must be one of int, float, bool, string, got "long"',
  ],
  [
    `console.log("loud", "x")`,
    'console.log: argument 1 (level) must be one of debug, info, warn, error, got "loud"',
  ],
  [
    `input.isKeyPressed("jump")`,
    `input.isKeyPressed: argument 1 (key) must be one of ${
      [...ACTIONS, ...KEY_NAMES].join(", ")
    }, got "jump"`,
  ],
  [
    `ecs.addComponent(1, "Velocity", { x = 1 })`,
    "ecs.addComponent: argument 3 (Velocity.y) must be a number, got nil",
  ],
  [
    `ecs.addComponent(1, "Transform", { x = 1, y = 2, sx = 2 })`,
    "ecs.addComponent: argument 3 (Transform.sy) must be a number, got nil",
  ],
  [
    `ecs.addComponent(1, "Mass", {})`,
    'ecs.addComponent: argument 2 (name) must be one of Transform, Position, Velocity, Rotation, Scale, Friction, Tint, TTL, Shader, Animation, Frozen, got "Mass"',
  ],
  [`engine.log(true)`, "log: argument 1 (msg) must be a string, got boolean"],
];

Deno.test("bad arguments give the exact message at the caller's line, and emit nothing", async () => {
  await withApi(async (api) => {
    for (const [code, msg] of EXACT) {
      const r = await api.run(`local x = 1\n\n${code}`);
      assertEquals(r.error, `main.lua:3: ${msg}`, code);
      assertEquals(r.bytes.length, 0, code);
    }
  });
});

Deno.test("a plain string parameter takes a number as its text, as luaL_checkstring does", async () => {
  await withApi(async (api) => {
    const r = await api.run(`engine.set_string(7, 5.5)\nengine.log(42)`);
    assertEquals(r.error, undefined);
    const [set] = decodeCommands(r.bytes);
    assertEquals(set?.args, { key: "7", value: "5.5" });
    assertEquals(r.logs, [["info", "42"]]);
  });
});

Deno.test("the reported line is the game's call, not the binding's, from nested functions", async () => {
  await withApi(async (api) => {
    const r = await api.run(`
local function hit(id)
  engine.collision_entity_set_speed(id, "fast")
end
local function outer() hit(5) end
outer()`);
    assertEquals(
      r.error,
      "main.lua:3: collision_entity_set_speed: argument 2 (speed) must be a number, got string",
    );
  });
});

function wrongValue(p: ParamDecl): string {
  switch (p.type) {
    case "number":
    case "integer":
    case "id":
    case "boolean":
      return '"wrong"';
    case "table":
    case "shader_list":
      return "42";
    case "any":
      return "print";
    default:
      return "{}";
  }
}

Deno.test("every parameter of every function and builder method rejects a wrong type by name", async () => {
  await withApi(async (api) => {
    let checked = 0;
    const cases: {
      call: (args: string[]) => string;
      label: string;
      params: readonly ParamDecl[];
      name: string;
    }[] = [];
    for (const d of FUNCTIONS) {
      if (d.kind === "add_component") continue;
      const labels = d.collision
        ? [qualifiedName(d), `collision_${qualifiedName(d)}`]
        : [qualifiedName(d)];
      for (const label of labels) {
        const caller = d.module === "engine" ? `engine.${label}` : label;
        cases.push({
          call: (a) => `${caller}(${a.join(", ")})`,
          label,
          params: d.params,
          name: qualifiedName(d),
        });
      }
    }
    for (const m of BUILDERS) {
      cases.push({
        call: (a) => `engine.spawn():${m.name}(${a.join(", ")})`,
        label: m.name,
        params: m.params,
        name: m.name,
      });
    }
    for (const c of cases) {
      const good = sampleArgs(c.params, true, c.name).lua;
      for (let i = 0; i < c.params.length; i++) {
        const p = c.params[i]!;
        if (c.name === "cvar.set" && i === 1) continue; // any value: checked against the cvar
        const args = [...good];
        args[i] = wrongValue(p);
        const r = await api.run(`\n${c.call(args)}`);
        assert(r.error !== undefined, `${c.label} accepted ${args[i]} for ${p.name}`);
        assertMatch(
          r.error,
          new RegExp(
            `^main\\.lua:2: ${c.label.replace(".", "\\.")}: argument ${i + 1} \\(${p.name}\\) `,
          ),
        );
        assertEquals(r.bytes.length, 0);
        checked++;
        if (!p.optional && !isTagged(p)) {
          const missing = await api.run(`${c.call(good.slice(0, i))}`);
          assertMatch(
            missing.error ?? "",
            new RegExp(`argument ${i + 1} \\(${p.name}\\) must be .*got nil$`),
          );
        }
      }
      const extra = await api.run(`${c.call([...good, "1"])}`);
      assertMatch(
        extra.error ?? "",
        new RegExp(`^main\\.lua:1: ${c.label.replace(".", "\\.")}: expected at most`),
      );
    }
    assert(checked > 400, `only ${checked} checks`);
  });
});

Deno.test("every command can be called from a collision twin with the same args", () => {
  // twins share the declaration, so their opcodes differ but params do not
  const twins = COMMAND_SPECS.filter((s) => s.collision);
  for (const t of twins) {
    const base = COMMAND_SPECS.find((s) => s.luaName === t.name)!;
    assertEquals(base.op + 1, t.op);
    assertEquals(base.decl, t.decl);
  }
});
