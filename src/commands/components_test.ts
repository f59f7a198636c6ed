import { assert, assertEquals } from "@std/assert";
import type { BuilderRecord } from "../api/mod.ts";
import {
  type ComponentDef,
  CORE_COMPONENTS as C,
  despawnEntity,
  getComponent,
  hasComponent,
} from "../ecs/mod.ts";
import { createGameState } from "../state/game_state.ts";
import { clone, eid, logged, run, spawn, table } from "./_test_util.ts";

const r = <M extends BuilderRecord["method"]>(
  method: M,
  args: Extract<BuilderRecord, { method: M }>["args"],
) => ({ method, args }) as BuilderRecord;

const MANY: BuilderRecord[] = [
  r("with_position", { x: 10, y: 20 }),
  r("with_rotation", { deg: 45 }),
  r("with_scale", { sx: 2, sy: 3 }),
  r("with_velocity", { vx: 1, vy: -1 }),
  r("with_accel", { name: "gravity", x: 0, y: 98 }),
  r("with_friction", { f: 0.25 }),
  r("with_max_speed", { s: 300 }),
  r("with_frozen", {}),
  r("with_collider", { w: 16, h: 8, origin_x: 8, origin_y: 4 }),
  r("with_collider_offset", { x: 1, y: 2 }),
  r("with_group", { name: "ball" }),
  r("with_group", { name: "moving" }),
  r("with_zindex", { z: 5 }),
  r("with_sprite_flip", { x: true, y: false }),
  r("with_sprite", { texture: "ball", w: 16, h: 8, origin_x: 8, origin_y: 4 }),
  r("with_sprite_offset", { x: 0, y: -2 }),
  r("with_animation", { anim: "spin" }),
  r("with_animation_controller", { fallback: "idle" }),
  r("with_animation_rule", { condition: table({ scalar: "speed", gt: 10 }), anim: "run" }),
  r("with_text", { text: "hi", font: "main", size: 12, r: 255, g: 0, b: 0 }),
  r("with_signal_binding", { world_key: "score" }),
  r("with_signal_binding_format", { format: "SCORE: {}" }),
  r("with_tint", { r: 1, g: 2, b: 3, a: 4 }),
  r("with_shader", { shader: "glow", uniforms: table({ t: 0.5, dir: [1, 0] }) }),
  r("with_signals", {}),
  r("with_signal_scalar", { key: "hp", value: 0.5 }),
  r("with_signal_integer", { key: "lives", value: 3 }),
  r("with_signal_string", { key: "name", value: "ball" }),
  r("with_signal_flag", { key: "alive" }),
  r("with_phase", {
    def: table({ initial: "idle", callbacks: { idle: "on_idle", hit: { enter: "on_hit" } } }),
  }),
  r("with_lua_timer", { seconds: 1, callback: "on_tick" }),
  r("with_ttl", { seconds: 3 }),
  r("with_lua_collision_rule", { group_a: "ball", group_b: "brick", callback: "on_hit" }),
  r("with_lua_collision_rule", { group_a: "ball", group_b: "brick", callback: "on_hit" }),
  r("with_tween_position", { fx: 0, fy: 0, tx: 10, ty: 0, seconds: 2 }),
  r("with_tween_position_easing", { easing: "sine_in_out" }),
  r("with_tween_position_loop", { mode: "ping_pong" }),
  r("with_tween_position_backwards", {}),
  r("with_tween_rotation", { from: 0, to: 360, seconds: 1 }),
  r("with_tween_scale", { fx: 1, fy: 1, tx: 2, ty: 2, seconds: 1 }),
  r("with_tween_scale_loop", { mode: "loop" }),
  r("with_mouse_controlled", { follow_x: true, follow_y: false }),
  r("with_persistent", {}),
  r("with_grid_layout", { path: "levels/1.json", group: "bricks", zindex: 1 }),
  r("with_particle_emitter", { def: table({ templates: ["spark"], rate: 5, speed: [10, 20] }) }),
  r("register_as", { key: "ball" }),
];

Deno.test("spawn applies many builder records and they read back", () => {
  const state = createGameState();
  run(state, spawn(-1, MANY));
  assertEquals(logged(state), []);
  const w = state.world;
  const e = eid(state, 1);
  const g = state.gameplay;
  assertEquals(getComponent(w, 1, C.position), { x: 10, y: 20 });
  assertEquals(getComponent(w, 1, C.rotation), { degrees: 45 });
  assertEquals(getComponent(w, 1, C.scale), { x: 2, y: 3 });
  assertEquals(getComponent(w, 1, C.velocity), { x: 1, y: -1 });
  assertEquals({ ...w.forces.get(e, "gravity") }, { x: 0, y: 98, enabled: true });
  assertEquals(getComponent(w, 1, C.friction), { value: 0.25 });
  assertEquals(getComponent(w, 1, C.maxSpeed), { value: 300 });
  assert(hasComponent(w, 1, C.frozen) && hasComponent(w, 1, C.persistent));
  assert(!hasComponent(w, 1, C.screenSpace));
  assertEquals(getComponent(w, 1, C.collider), {
    w: 16,
    h: 8,
    originX: 8,
    originY: 4,
    offsetX: 1,
    offsetY: 2,
  });
  assertEquals(w.groups.of(e), ["ball", "moving"]);
  assertEquals(getComponent(w, 1, C.zindex), { value: 5 });
  assertEquals(g.sprite.get(e), {
    texture: "ball",
    w: 16,
    h: 8,
    originX: 8,
    originY: 4,
    flipX: true,
    flipY: false,
    offsetX: 0,
    offsetY: -2,
  });
  assertEquals(g.animation.get(e), { key: "spin", frame: 0, elapsed: 0 });
  assertEquals(g.animationController.get(e), {
    fallback: "idle",
    rules: [{ condition: { kind: "scalar", key: "speed", op: "gt", value: 10 }, anim: "run" }],
  });
  assertEquals(g.text.get(e), {
    text: "hi",
    font: "main",
    size: 12,
    color: [255, 0, 0, 255],
    binding: "score",
    format: "SCORE: {}",
  });
  assertEquals(g.tint.get(e), [1, 2, 3, 4]);
  assertEquals(g.shader.get(e)?.uniforms.get("dir"), { type: "vec2", value: [1, 0] });
  const signals = w.entitySignals.get(e)!;
  assertEquals(
    [
      signals.getScalar("hp"),
      signals.getInteger("lives"),
      signals.getString("name"),
      signals.hasFlag("alive"),
    ],
    [0.5, 3, "ball", true],
  );
  const phase = g.phase.get(e)!;
  assertEquals([phase.current, phase.entered, phase.callbacks], [
    "idle",
    false,
    { idle: { update: "on_idle" }, hit: { enter: "on_hit" } },
  ]);
  assertEquals(g.luaTimer.get(e), { duration: 1, elapsed: 0, callback: "on_tick" });
  assertEquals(g.ttl.get(e), { duration: 3, elapsed: 0 });
  assertEquals(g.collisionRules.get(e), [{ groupA: "ball", groupB: "brick", callback: "on_hit" }]);
  const tweens = g.tweens.get(e)!;
  const curve = { easing: "sine_in_out", loop: "ping_pong", backwards: true };
  assertEquals(tweens.position, { from: [0, 0], to: [10, 0], duration: 2, elapsed: 0, ...curve });
  assertEquals(tweens.rotation?.to, [360]);
  assertEquals(tweens.scale?.loop, "loop");
  assertEquals(g.mouseControlled.get(e), { followX: true, followY: false });
  assertEquals(g.gridLayout.get(e), {
    path: "levels/1.json",
    group: "bricks",
    zindex: 1,
    done: false,
  });
  assertEquals(g.particleEmitter.get(e)?.templates, ["spark"]);
  assertEquals(g.particleEmitter.get(e)?.speed, [10, 20]);
  assertEquals(state.signals.getEntity("ball"), 1);
});

Deno.test("a body built with a force has a velocity from the start; a given one is kept", () => {
  const state = createGameState();
  run(
    state,
    spawn(-1, [r("with_accel", { name: "thrust", x: 0, y: 0 })]),
    spawn(-2, [r("with_velocity", { vx: 5, vy: 6 }), r("with_accel", { name: "g", x: 0, y: 9 })]),
  );
  assertEquals(getComponent(state.world, 1, C.velocity), { x: 0, y: 0 });
  assertEquals(getComponent(state.world, 2, C.velocity), { x: 5, y: 6 });
});

Deno.test("despawn clears every gameplay table of the entity", () => {
  const state = createGameState();
  run(state, spawn(-1, MANY));
  despawnEntity(state.world, 1);
  for (const [name, t] of Object.entries(state.gameplay)) assertEquals([name, t.size], [name, 0]);
});

Deno.test("with_screen_position marks screen space; a menu takes items, colours and actions", () => {
  const state = createGameState();
  run(
    state,
    spawn(-1, [
      r("with_screen_position", { x: 5, y: 6 }),
      r("with_menu", {
        items: table([{ id: "start", label: "Start" }, { id: "quit" }]),
        x: 10,
        y: 20,
        font: "main",
        size: 16,
        spacing: 24,
        screen_space: true,
      }),
      r("with_menu_colors", {
        normal: table([200, 200, 200]),
        selected: table({ r: 255, g: 255, b: 0, a: 128 }),
      }),
      r("with_menu_cursor", { key: "cursor" }),
      r("with_menu_dynamic_text", { on: true }),
      r("with_menu_selection_sound", { sound: "blip" }),
      r("with_menu_visible_count", { n: 3 }),
      r("with_menu_action_set_scene", { item_id: "start", scene: "level1" }),
      r("with_menu_action_quit", { item_id: "quit" }),
      r("with_menu_action_show_submenu", { item_id: "missing", submenu: "opts" }),
      r("with_menu_callback", { callback: "on_menu" }),
    ]),
  );
  assert(hasComponent(state.world, 1, C.screenSpace));
  const menu = state.gameplay.menu.get(eid(state, 1))!;
  assertEquals(menu.items, [{ id: "start", label: "Start" }, { id: "quit", label: "quit" }]);
  assertEquals([menu.normalColor, menu.selectedColor], [[200, 200, 200, 255], [255, 255, 0, 128]]);
  assertEquals(menu.actions, {
    start: { kind: "set_scene", scene: "level1" },
    quit: { kind: "quit" },
  });
  assertEquals(
    [
      menu.cursor,
      menu.dynamicText,
      menu.selectionSound,
      menu.visibleCount,
      menu.callback,
      menu.screenSpace,
    ],
    ["cursor", true, "blip", 3, "on_menu", true],
  );
  assertEquals(logged(state), [
    'spawn: with_menu_action_show_submenu: the menu has no item "missing"',
  ]);
});

Deno.test("a record that cannot apply is skipped alone; the other records still apply", () => {
  const state = createGameState();
  run(
    state,
    spawn(-1, [
      r("with_tween_rotation_easing", { easing: "quad_in" }),
      r("with_stuckto", { target_id: 99, follow_x: true, follow_y: true }),
      r("with_stuckto", { target_id: -5, follow_x: true, follow_y: true }),
      r("with_phase", { def: table({ callbacks: {} }) }),
      r("with_position", { x: 1, y: 1 }),
    ]),
  );
  assertEquals(getComponent(state.world, 1, C.position), { x: 1, y: 1 });
  assertEquals(logged(state), [
    "spawn: with_tween_rotation_easing: needs with_tween_rotation first",
    "spawn: with_stuckto: entity 99 does not exist",
    "spawn: with_stuckto: provisional id -5 was not built earlier in this callback",
    "spawn: with_phase: the phase table has no string 'initial'",
  ]);
});

Deno.test("clone copies the source's components and data, then applies the overrides", () => {
  const state = createGameState();
  run(state, spawn(-1, MANY));
  run(
    state,
    clone(-1, "ball", [r("with_position", { x: -5, y: -6 }), r("with_group", { name: "copy" })]),
    clone(-2, "ball"),
  );
  assertEquals(logged(state), []);
  const w = state.world;
  const [src, copy] = [eid(state, 1), eid(state, 2)];
  assertEquals(getComponent(w, 2, C.position), { x: -5, y: -6 });
  for (
    const def of [
      C.rotation,
      C.scale,
      C.velocity,
      C.friction,
      C.maxSpeed,
      C.collider,
      C.zindex,
    ] as ComponentDef[]
  ) {
    assertEquals(getComponent(w, 2, def), getComponent(w, 1, def), def.name);
  }
  assert(hasComponent(w, 2, C.frozen) && hasComponent(w, 2, C.persistent));
  // A group override replaces the source's groups; no override keeps them.
  assertEquals(w.groups.of(copy), ["copy"]);
  assertEquals(w.groups.of(eid(state, 3)), ["ball", "moving"]);
  assertEquals(w.groups.of(src), ["ball", "moving"]);
  assertEquals({ ...w.forces.get(copy, "gravity") }, { x: 0, y: 98, enabled: true });
  assertEquals(w.entitySignals.get(copy)?.getInteger("lives"), 3);
  assertEquals(state.gameplay.sprite.get(copy), state.gameplay.sprite.get(src));
  // Deep copies: changing the clone leaves the source alone.
  state.gameplay.sprite.get(copy)!.texture = "other";
  w.entitySignals.get(copy)!.setInteger("lives", 1);
  assertEquals(state.gameplay.sprite.get(src)?.texture, "ball");
  assertEquals(w.entitySignals.get(src)?.getInteger("lives"), 3);
  // register_as is not copied: "ball" still names the source.
  assertEquals(state.signals.getEntity("ball"), 1);
  assertEquals(getComponent(w, 3, C.position), { x: 10, y: 20 });
});

Deno.test("a clone restarts its phase machine at the initial phase", () => {
  const state = createGameState();
  run(
    state,
    spawn(-1, [
      r("with_phase", { def: table({ initial: "idle", phases: { idle: {}, run: {} } }) }),
      r("register_as", { key: "tpl" }),
    ]),
  );
  const phase = state.gameplay.phase.get(eid(state, 1))!;
  Object.assign(phase, { current: "run", previous: "idle", entered: true, timeInPhase: 2 });
  run(state, clone(-1, "tpl"));
  const copied = state.gameplay.phase.get(eid(state, 2))!;
  assertEquals([copied.current, copied.previous, copied.entered, copied.timeInPhase], [
    "idle",
    null,
    false,
    0,
  ]);
});

Deno.test("clone of a registered but dead source is skipped", () => {
  const state = createGameState();
  run(state, spawn(-1, [r("register_as", { key: "tpl" })]));
  despawnEntity(state.world, 1);
  run(state, clone(-1, "tpl"));
  assertEquals(logged(state), ["clone: entity 1 does not exist"]);
  assertEquals(state.world.groups.names(), []);
});
