import { assertEquals } from "@std/assert";
import { findingText, scanGame } from "./game_scan.ts";

function scan(main: string, more: Record<string, string> = {}) {
  const s = scanGame(new Map([["main.lua", main], ...Object.entries(more)]));
  return { problems: s.problems.map(findingText), warnings: s.warnings.map(findingText) };
}

const NEVER_BUILT =
  "engine.spawn() makes a builder that is never built; end its chain with :build()";

Deno.test("unknown engine and module names suggest the close declared names", () => {
  const { problems } = scan([
    "function on_setup()",
    "  engine.entity_set_velocty(1, 2, 3)",
    "  cvar.gett('x')",
    "  engine.explode() -- engine.fine_in_a_comment()",
    "  engine.log('engine.in_a_string')",
    "  local m = engine.__meta",
    "end",
  ].join("\n"));
  assertEquals(problems, [
    "main.lua:2: unknown engine function engine.entity_set_velocty; did you mean `engine.entity_set_velocity`?",
    "main.lua:3: unknown cvar function cvar.gett; did you mean `cvar.get`?",
    "main.lua:4: unknown engine function engine.explode",
  ]);
});

Deno.test("unknown builder methods are found in chains and through a local holding the builder", () => {
  const { problems, warnings } = scan([
    "function on_setup()",
    "  engine.spawn():with_positon(1, 2):build()",
    "  local b = engine.clone('t'):with_group('g')",
    "  b:with_sprit('x')",
    "  b:build()",
    "  local s = ('x'):upper() -- not a builder",
    "end",
  ].join("\n"));
  assertEquals(problems, [
    "main.lua:2: unknown builder method with_positon; did you mean `with_position`?",
    "main.lua:4: unknown builder method with_sprit; did you mean `with_sprite`?",
  ]);
  assertEquals(warnings, []);
});

Deno.test("a builder is never built: dropped, or kept in a local that is never built", () => {
  const { warnings } = scan([
    "function on_setup()",
    "  engine.spawn():with_group('a')",
    "  local b = engine.spawn()",
    "  b:with_group('b')",
    "  engine.spawn():with_group('c'):build()",
    "  local t = engine.spawn():with_group('t')",
    "  for i = 1, 3 do t:with_position(i, 0):build() end",
    "  local held = engine.spawn()",
    "  return held",
    "end",
    "local function make() return engine.spawn():with_group('d') end",
    "function on_switch_scene() make():build(); keep(engine.spawn()) end",
    "function keep(b) b:build() end",
  ].join("\n"));
  assertEquals(warnings, [`main.lua:2: ${NEVER_BUILT}`, `main.lua:3: ${NEVER_BUILT}`]);
});

Deno.test("engine calls at the top level of main.lua are warned once per line; reads, logs and other files are not", () => {
  const { warnings } = scan(
    [
      "engine.set_flag('a'); engine.set_flag('b')",
      "engine.log('loading')",
      "local x = engine.get_integer('x')",
      "if x then cvar.set('r_fov', 90) end",
      "local function helper() engine.set_flag('fine') end",
      "function on_setup() helper() end",
      "engine.spawn():build()",
    ].join("\n"),
    { "lib.lua": "engine.set_flag('required_from_a_callback')\nreturn {}" },
  );
  const TOP = "engine calls at the top level of main.lua are ignored; move them into on_setup";
  assertEquals(warnings, [`main.lua:1: ${TOP}`, `main.lua:4: ${TOP}`, `main.lua:7: ${TOP}`]);
});

Deno.test("callback names given to timers, rules, menus, CVar handlers and phases must be global functions", () => {
  const { problems } = scan([
    "function on_setup()",
    "  engine.spawn():with_lua_timer(1, 'tikc'):with_lua_collision_rule('a', 'b', 'on_hit'):build()",
    '  engine.entity_insert_lua_timer(1, 1, "tick")',
    "  cvar.on_change('r_fov', 'on_fov')",
    "  engine.spawn():with_phase({ initial = 'idle', callbacks = { idle = 'on_idel',",
    "    run = { enter = 'tick', update = 'gone' } } }):build()",
    "  engine.spawn():with_menu_callback(name_in_a_variable):build()",
    "end",
    "function tick(ctx) end",
    "function on_idle(ctx) end",
    "on_hit = function(ctx) end",
  ].join("\n"));
  assertEquals(problems, [
    "main.lua:2: callback 'tikc' is not defined by the game; did you mean `tick`?",
    "main.lua:4: callback 'on_fov' is not defined by the game",
    "main.lua:5: callback 'on_idel' is not defined by the game; did you mean `on_idle`?",
    "main.lua:6: callback 'gone' is not defined by the game",
  ]);
});

Deno.test("callback-like functions nothing calls get the engine's convention names", () => {
  const { warnings } = scan(
    [
      "function on_setup() engine.set_string('scene', 'play') end",
      "function on_update(input, dt) end",
      "function on_updte_menu(input, dt) end",
      "function on_start() end",
      "function on_swich_scene(scene) end",
      "function on_whatever() end",
      "function on_update_play(input, dt) end",
      "function on_named() end",
      "function on_called() end",
      "function helper() on_called() end",
      "function spawn_ball() end",
    ].join("\n"),
    { "lib.lua": "engine.spawn():with_lua_timer(1, 'on_named'):build()" },
  );
  assertEquals(warnings, [
    "main.lua:2: `on_update` is never called; did you mean `on_update_menu` or `on_update_play`?",
    "main.lua:3: `on_updte_menu` is never called; did you mean `on_update_menu`?",
    "main.lua:4: `on_start` is never called; did you mean `on_setup`?",
    "main.lua:5: `on_swich_scene` is never called; did you mean `on_switch_scene`?",
    "main.lua:6: `on_whatever` is never called: the engine calls on_setup, on_switch_scene and " +
    "on_update_<scene> by name, and other callbacks only when a timer, phase, collision rule, " +
    "menu or CVar handler names them",
  ]);
});

Deno.test("definition files (---@meta, as the generated stubs) are not game code", () => {
  const stubs = "---@meta\nengine = {}\nfunction engine.spawn() end\nfunction on_nothing() end\n";
  assertEquals(scan("function on_setup() end", { "engine.lua": stubs }), {
    problems: [],
    warnings: [],
  });
  // The same text as game code: `function engine.x()` defines and calls nothing.
  assertEquals(scan("function engine.spawn() end").warnings, []);
});
