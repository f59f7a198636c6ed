// The Lua API games are promised, written out by hand so that a declaration
// cannot drop a name unnoticed: every name must exist in the declarations, the
// generated Lua tables, engine.__meta, the LuaLS stubs and the Markdown docs.
import { assert, assertEquals } from "@std/assert";
import { withApi } from "./_lua_harness.ts";
import { metaData } from "./meta.ts";
import { luaStubs } from "./stubs.ts";
import { apiDocs } from "./docs.ts";
import { BUILDERS, FUNCTIONS } from "./table.ts";

// The `engine` table's functions.
const PROMISED_ENGINE = `
log log_info log_warn log_error
load_texture load_font load_music load_sound load_tilemap load_shader
spawn clone
play_music play_sound stop_all_music stop_all_sounds
get_scalar get_integer get_string has_flag get_group_count get_entity has_tracked_group
set_scalar set_integer set_string set_flag
clear_scalar clear_integer clear_string clear_flag
set_entity remove_entity
track_group untrack_group clear_tracked_groups
phase_transition set_camera spawn_tiles register_animation
post_process_shader
post_process_set_float post_process_set_int post_process_set_vec2 post_process_set_vec4
post_process_clear_uniform post_process_clear_uniforms
entity_set_position entity_set_velocity entity_set_speed entity_set_rotation entity_set_scale
entity_add_force entity_remove_force entity_set_force_enabled entity_set_force_value
entity_set_friction entity_set_max_speed
entity_freeze entity_unfreeze
entity_set_animation entity_restart_animation
entity_insert_lua_timer entity_remove_lua_timer
entity_insert_ttl
entity_insert_tween_position entity_remove_tween_position
entity_insert_tween_rotation entity_remove_tween_rotation
entity_insert_tween_scale entity_remove_tween_scale
entity_insert_stuckto release_stuckto
entity_signal_set_scalar entity_signal_set_integer entity_signal_set_string entity_signal_set_flag
entity_signal_clear_flag
entity_despawn entity_menu_despawn
entity_set_shader entity_remove_shader
entity_shader_set_float entity_shader_set_int entity_shader_set_vec2 entity_shader_set_vec4
entity_shader_clear_uniform entity_shader_clear_uniforms
entity_set_tint entity_remove_tint
`.trim().split(/\s+/);

// The collision callbacks' functions and entity commands.
const PROMISED_COLLISION = `
collision_spawn collision_clone
collision_play_sound
collision_phase_transition
collision_set_camera
collision_set_scalar collision_set_integer collision_set_string collision_set_flag
collision_clear_scalar collision_clear_integer collision_clear_string collision_clear_flag
collision_entity_set_position collision_entity_set_velocity collision_entity_set_speed
collision_entity_set_rotation collision_entity_set_scale
collision_entity_add_force collision_entity_remove_force collision_entity_set_force_enabled
collision_entity_set_force_value
collision_entity_set_friction collision_entity_set_max_speed
collision_entity_freeze collision_entity_unfreeze
collision_entity_set_animation collision_entity_restart_animation
collision_entity_insert_lua_timer collision_entity_remove_lua_timer
collision_entity_insert_ttl
collision_entity_insert_tween_position collision_entity_remove_tween_position
collision_entity_insert_tween_rotation collision_entity_remove_tween_rotation
collision_entity_insert_tween_scale collision_entity_remove_tween_scale
collision_entity_insert_stuckto collision_release_stuckto
collision_entity_signal_set_scalar collision_entity_signal_set_integer
collision_entity_signal_set_string collision_entity_signal_set_flag
collision_entity_signal_clear_flag
collision_entity_despawn
collision_entity_set_shader collision_entity_remove_shader
collision_entity_shader_set_float collision_entity_shader_set_int
collision_entity_shader_set_vec2 collision_entity_shader_set_vec4
collision_entity_shader_clear_uniform collision_entity_shader_clear_uniforms
collision_entity_set_tint collision_entity_remove_tint
`.trim().split(/\s+/);

// The entity builder's methods.
const PROMISED_BUILDER = `
build register_as with_accel with_animation with_animation_controller with_animation_rule
with_collider with_collider_offset with_friction with_frozen with_grid_layout with_group
with_lua_collision_rule with_lua_timer with_max_speed with_menu with_menu_action_quit
with_menu_action_set_scene with_menu_action_show_submenu with_menu_colors with_menu_cursor
with_menu_dynamic_text with_menu_callback with_menu_selection_sound with_menu_visible_count
with_mouse_controlled with_particle_emitter with_persistent with_phase with_position
with_rotation with_scale with_screen_position with_signal_binding with_signal_binding_format
with_signal_flag with_signal_integer with_signal_scalar with_signal_string with_signals
with_sprite with_sprite_flip with_sprite_offset with_stuckto with_stuckto_offset
with_stuckto_stored_velocity with_text with_ttl with_tween_position
with_tween_position_backwards with_tween_position_easing with_tween_position_loop
with_tween_rotation with_tween_rotation_backwards with_tween_rotation_easing
with_tween_rotation_loop with_shader with_tint with_tween_scale with_tween_scale_backwards
with_tween_scale_easing with_tween_scale_loop with_velocity with_zindex
`.trim().split(/\s+/);

// The `console`, `cvar`, `ecs` and `input` modules.
const PROMISED_MODULES: Record<string, string[]> = {
  console: ["log", "execute"],
  cvar: ["set", "get", "on_change", "define"],
  ecs: ["createEntity", "addComponent", "getComponent"],
  input: ["isKeyPressed", "getMousePos"],
};

const declared = new Set(
  FUNCTIONS.flatMap((d) =>
    d.module === "engine" ? [d.name, ...(d.collision ? [`collision_${d.name}`] : [])] : []
  ),
);

Deno.test("the promised names are declared and the collision twins are exactly the promised ones", () => {
  assertEquals(PROMISED_ENGINE.length, 90);
  assertEquals(PROMISED_BUILDER.length, 64);
  for (const n of [...PROMISED_ENGINE, ...PROMISED_COLLISION]) {
    assert(declared.has(n), `undeclared ${n}`);
  }
  const twins = [...declared].filter((n) => n.startsWith("collision_")).sort();
  assertEquals(twins, [...PROMISED_COLLISION].sort());
  assertEquals(BUILDERS.map((m) => m.name).sort(), [...PROMISED_BUILDER].sort());
  for (const [mod, names] of Object.entries(PROMISED_MODULES)) {
    const got = FUNCTIONS.filter((d) => d.module === mod).map((d) => d.name).sort();
    assertEquals(got, [...names].sort(), mod);
  }
});

Deno.test("every promised name exists in the generated Lua tables and in engine.__meta", async () => {
  const names = [...PROMISED_ENGINE, ...PROMISED_COLLISION];
  const mods = Object.entries(PROMISED_MODULES).flatMap(([m, ns]) => ns.map((n) => `${m}.${n}`));
  await withApi(async (api) => {
    const r = await api.run(`
local missing = {}
local function need(ok, what) if not ok then missing[#missing + 1] = what end end
for _, n in ipairs({${names.map((n) => `"${n}"`).join(",")}}) do
  need(type(engine[n]) == "function", "engine." .. n)
  local m = engine.__meta.functions[n]
  need(type(m) == "table" and type(m.description) == "string" and type(m.params) == "table"
    and type(m.category) == "string", "__meta.functions." .. n)
end
local b = engine.spawn()
for _, n in ipairs({${PROMISED_BUILDER.map((n) => `"${n}"`).join(",")}}) do
  need(type(b[n]) == "function", "builder:" .. n)
  for _, cls in ipairs({ "EntityBuilder", "CollisionEntityBuilder" }) do
    local m = engine.__meta.classes[cls].methods[n]
    need(type(m) == "table" and type(m.params) == "table", cls .. "." .. n)
  end
end
for _, q in ipairs({${mods.map((n) => `"${n}"`).join(",")}}) do
  local mod, n = q:match("^(%w+)%.([%w_]+)$")
  need(type(_ENV[mod][n]) == "function", q)
  need(type(engine.__meta.modules[mod].functions[n]) == "table", "__meta.modules." .. q)
end
return table.concat(missing, " ")`);
    assertEquals(r.error, undefined);
    assertEquals(r.result, "");
  });
});

Deno.test("__meta params match the declarations", async () => {
  await withApi(async (api) => {
    const r = await api.run(`
local m = engine.__meta.functions.collision_entity_set_velocity
local p = {}
for i, x in ipairs(m.params) do p[i] = x.name .. ":" .. x.type end
local t = engine.__meta.functions.load_font.params[3]
return table.concat(p, ",") .. "|" .. tostring(m.collision) .. "|" .. m.category .. "|" ..
  tostring(t.optional) .. "|" .. engine.__meta.functions.spawn.returns .. "|" ..
  engine.__meta.functions.collision_spawn.returns .. "|" .. engine.__meta.functions.get_scalar.returns`);
    assertEquals(
      r.result,
      "id:integer,vx:number,vy:number|true|entity|true|EntityBuilder|CollisionEntityBuilder|number?",
    );
  });
  assertEquals(metaData().functions["entity_set_tint"]?.params[1], {
    name: "r",
    type: "integer",
    min: 0,
    max: 255,
    description: "Red, 0..255.",
  });
});

Deno.test("every name appears in the LuaLS stubs", () => {
  const stubs = luaStubs();
  assert(stubs.startsWith("---@meta\n"));
  for (const n of [...PROMISED_ENGINE, ...PROMISED_COLLISION]) {
    assert(new RegExp(`^function engine\\.${n}\\(`, "m").test(stubs), `stub engine.${n}`);
  }
  for (const cls of ["EntityBuilder", "CollisionEntityBuilder"]) {
    assert(stubs.includes(`---@class ${cls}\n`), cls);
    for (const n of PROMISED_BUILDER) {
      assert(new RegExp(`^function ${cls}:${n}\\(`, "m").test(stubs), `stub ${cls}:${n}`);
    }
  }
  for (const [mod, names] of Object.entries(PROMISED_MODULES)) {
    for (const n of names) assert(stubs.includes(`\nfunction ${mod}.${n}(`), `stub ${mod}.${n}`);
  }
  assert(stubs.includes("---@param id integer"));
  assert(stubs.includes("---@param size? number"));
  assert(stubs.includes('---@param mode "once"|"loop"|"ping_pong"'));
  assert(
    stubs.includes("---@return CollisionEntityBuilder\nfunction engine.collision_spawn() end"),
  );
  assert(stubs.includes("---@return number\n---@return number\nfunction input.getMousePos() end"));
});

Deno.test("every name appears in the Markdown docs with an example", () => {
  const docs = apiDocs();
  for (const n of PROMISED_ENGINE) assert(docs.includes(`### \`engine.${n}(`), `doc engine.${n}`);
  for (const n of PROMISED_COLLISION) {
    assert(docs.includes(`Collision twin: \`engine.${n}\``), `doc twin ${n}`);
  }
  for (const n of PROMISED_BUILDER) {
    assert(docs.includes(`### \`builder:${n}(`), `doc builder:${n}`);
  }
  for (const [mod, names] of Object.entries(PROMISED_MODULES)) {
    for (const n of names) assert(docs.includes(`### \`${mod}.${n}(`), `doc ${mod}.${n}`);
  }
  const sections = [...docs.matchAll(/^## (\w+)/gm)].map((m) => m[1]);
  assertEquals(sections.slice(0, 3), ["asset", "spawn", "clone"]);
  assertEquals((docs.match(/```lua\n/g) ?? []).length, FUNCTIONS.length + BUILDERS.length);
});

Deno.test("stubs and docs are deterministic (safe for a drift test)", () => {
  assertEquals(luaStubs(), luaStubs());
  assertEquals(apiDocs(), apiDocs());
});
