/**
 * Builder methods: where the entity is, how it moves, collides and is
 * drawn, and the signals and Lua behaviour it carries.
 *
 * @example
 * ```ts
 * import { BASIC_METHODS } from "./builder_basics.ts";
 * BASIC_METHODS[0].name; // "with_position"
 * ```
 *
 * @module
 */
import type { BuilderMethodDecl } from "../types.ts";
import { FORCE, KEY, PARAM, RGBA, RGBA_OPT, VALUE, X, Y } from "./common.ts";

/**
 * Builder methods for position, physics, collision, drawing, signals and
 * Lua behaviour, in opcode order.
 *
 * @example
 * ```ts
 * import { BASIC_METHODS } from "./builder_basics.ts";
 * BASIC_METHODS.some((m) => m.name === "with_lua_collision_rule");
 * ```
 */
export const BASIC_METHODS = [
  {
    name: "with_position",
    kind: "record",
    params: [X, Y],
    description: "World position.",
    example: "engine.spawn():with_position(100, 50):build()",
  },
  {
    name: "with_screen_position",
    kind: "record",
    params: [X, Y],
    description: "Screen-space position (not moved by the camera).",
    example: "engine.spawn():with_screen_position(10, 10):build()",
  },
  {
    name: "with_rotation",
    kind: "record",
    params: [{ name: "deg", type: "number", description: "Degrees." }],
    description: "Initial rotation.",
    example: "engine.spawn():with_rotation(45):build()",
  },
  {
    name: "with_scale",
    kind: "record",
    params: [PARAM.sx, PARAM.sy],
    description: "Initial scale.",
    example: "engine.spawn():with_scale(2, 2):build()",
  },
  {
    name: "with_velocity",
    kind: "record",
    params: [PARAM.vx, PARAM.vy],
    description: "Initial velocity (adds a rigid body).",
    example: "engine.spawn():with_velocity(0, -200):build()",
  },
  {
    name: "with_accel",
    kind: "record",
    params: [FORCE, X, Y, PARAM.enabled],
    description: "A named constant acceleration.",
    example: 'engine.spawn():with_accel("gravity", 0, 900):build()',
  },
  {
    name: "with_friction",
    kind: "record",
    params: [PARAM.friction],
    description: "Friction.",
    example: "engine.spawn():with_friction(0.9):build()",
  },
  {
    name: "with_max_speed",
    kind: "record",
    params: [{ name: "s", type: "number", min: 0, description: "Maximum speed." }],
    description: "Speed limit.",
    example: "engine.spawn():with_max_speed(500):build()",
  },
  {
    name: "with_frozen",
    kind: "record",
    params: [],
    description: "Start with physics frozen.",
    example: "engine.spawn():with_frozen():build()",
  },
  // with_collider and with_sprite both take a size and an origin, each for its own box.
  {
    name: "with_collider",
    kind: "record",
    params: [
      PARAM.w,
      PARAM.h,
      { name: "origin_x", type: "number", description: "Box point at the entity position, x." },
      { name: "origin_y", type: "number", description: "Box point at the entity position, y." },
    ],
    description: "An AABB collider; the origin is the point of the box at the entity position.",
    example: "engine.spawn():with_collider(16, 16, 8, 8):build()",
  },
  {
    name: "with_collider_offset",
    kind: "record",
    params: [X, Y],
    description: "Offset of the collider from the entity position.",
    example: "engine.spawn():with_collider(16, 8, 8, 4):with_collider_offset(0, 4):build()",
  },
  {
    name: "with_group",
    kind: "record",
    params: [{ name: "name", type: "string", description: "Group name." }],
    description: "Group (used by collision rules and tracked group counts).",
    example: 'engine.spawn():with_group("brick"):build()',
  },
  {
    name: "with_zindex",
    kind: "record",
    params: [{ name: "z", type: "number", description: "Draw order (higher on top)." }],
    description: "Draw order.",
    example: "engine.spawn():with_zindex(10):build()",
  },
  {
    name: "with_sprite",
    kind: "record",
    params: [
      { name: "texture", type: "texture", description: "Texture key." },
      PARAM.w,
      PARAM.h,
      { name: "origin_x", type: "number", description: "Sprite point at the entity position, x." },
      { name: "origin_y", type: "number", description: "Sprite point at the entity position, y." },
    ],
    description: "Draw a texture (or the first frame of a sheet).",
    example: 'engine.spawn():with_sprite("ball", 8, 8, 4, 4):build()',
  },
  {
    name: "with_sprite_flip",
    kind: "record",
    params: [{ name: "x", type: "boolean", description: "Flip horizontally." }, {
      name: "y",
      type: "boolean",
      description: "Flip vertically.",
    }],
    description: "Flip the sprite.",
    example:
      'engine.spawn():with_sprite("hero", 16, 16, 8, 8):with_sprite_flip(true, false):build()',
  },
  {
    name: "with_sprite_offset",
    kind: "record",
    params: [X, Y],
    description: "Offset of the sprite in its texture.",
    example: 'engine.spawn():with_sprite("tiles", 16, 16, 0, 0):with_sprite_offset(32, 0):build()',
  },
  {
    name: "with_animation",
    kind: "record",
    params: [PARAM.anim],
    description: "Play a registered animation.",
    example: 'engine.spawn():with_animation("walk"):build()',
  },
  {
    name: "with_animation_controller",
    kind: "record",
    params: [{
      name: "fallback",
      type: "animation",
      description: "Animation when no rule matches.",
    }],
    description: "Choose the animation from signal rules each frame.",
    example: 'engine.spawn():with_animation_controller("idle"):build()',
  },
  {
    name: "with_animation_rule",
    kind: "record",
    params: [{
      name: "condition",
      type: "table",
      description:
        '{has_flag=k} | {scalar=k, gt|lt|eq=v} | {integer=k, ...} | {all={..}} | {any={..}} | {["not"]=c}',
    }, PARAM.anim],
    check: "anim_rule",
    description: "Add a rule to the animation controller (first match wins).",
    example:
      'engine.spawn():with_animation_controller("idle"):with_animation_rule({ has_flag = "moving" }, "walk"):build()',
  },
  {
    name: "with_text",
    kind: "record",
    params: [
      { name: "text", type: "string", description: "Text." },
      { name: "font", type: "font", optional: true, description: "Font key (default built-in)." },
      { name: "size", type: "number", optional: true, min: 0, description: "Size (default 16)." },
      ...RGBA_OPT,
    ],
    description: "Draw text (colour defaults to white).",
    example: 'engine.spawn():with_text("GAME OVER", "main", 32, 255, 0, 0, 255):build()',
  },
  {
    name: "with_tint",
    kind: "record",
    params: [...RGBA],
    description: "Tint colour (0..255).",
    example: "engine.spawn():with_tint(255, 0, 0, 255):build()",
  },
  {
    name: "with_shader",
    kind: "record",
    params: [PARAM.shader, {
      name: "uniforms",
      type: "table",
      optional: true,
      description: "Initial uniforms: { name = number | {x, y} | {x, y, z, w} }.",
    }],
    description: "Draw with a fragment shader.",
    example: 'engine.spawn():with_shader("glow", { strength = 0.5 }):build()',
  },
  {
    name: "with_signals",
    kind: "record",
    params: [],
    description: "Give the entity an (empty) signal store.",
    example: "engine.spawn():with_signals():build()",
  },
  {
    name: "with_signal_scalar",
    kind: "record",
    params: [KEY, VALUE.number],
    description: "Initial scalar signal.",
    example: 'engine.spawn():with_signal_scalar("hp", 3):build()',
  },
  {
    name: "with_signal_integer",
    kind: "record",
    params: [KEY, VALUE.integer],
    description: "Initial integer signal.",
    example: 'engine.spawn():with_signal_integer("hits", 0):build()',
  },
  {
    name: "with_signal_string",
    kind: "record",
    params: [KEY, VALUE.string],
    description: "Initial string signal.",
    example: 'engine.spawn():with_signal_string("kind", "red"):build()',
  },
  {
    name: "with_signal_flag",
    kind: "record",
    params: [KEY],
    description: "Initial flag.",
    example: 'engine.spawn():with_signal_flag("alive"):build()',
  },
  {
    name: "with_signal_binding",
    kind: "record",
    params: [{ name: "world_key", type: "string", description: "World signal shown as text." }],
    description: "Text shows the value of a world signal.",
    example: 'engine.spawn():with_text("0"):with_signal_binding("score"):build()',
  },
  {
    name: "with_signal_binding_format",
    kind: "record",
    params: [{ name: "format", type: "string", description: 'Format with "{}" for the value.' }],
    description: "Format of a bound text.",
    example:
      'engine.spawn():with_text("0"):with_signal_binding("score"):with_signal_binding_format("SCORE: {}"):build()',
  },
  {
    name: "with_phase",
    kind: "record",
    params: [{
      name: "def",
      type: "table",
      description: '{ initial = "name", callbacks = { name = "fn" | { enter=, update=, exit= } } }',
    }],
    check: "phase_def",
    description: "A phase state machine; callbacks are fn(ctx, input, dt).",
    example:
      'engine.spawn():with_phase({ initial = "idle", callbacks = { idle = "on_idle" } }):build()',
  },
  {
    name: "with_lua_timer",
    kind: "record",
    params: [PARAM.seconds, PARAM.timer_callback],
    description: "A repeating Lua timer (0 seconds: every frame).",
    example: 'engine.spawn():with_lua_timer(1, "on_tick"):build()',
  },
  {
    name: "with_ttl",
    kind: "record",
    params: [PARAM.seconds],
    description: "Despawn after a time.",
    example: "engine.spawn():with_ttl(3):build()",
  },
  {
    name: "with_lua_collision_rule",
    kind: "record",
    params: [
      { name: "group_a", type: "string", description: "First group (ctx.a)." },
      { name: "group_b", type: "string", description: "Second group (ctx.b)." },
      { name: "callback", type: "callback", description: "Global function called as fn(ctx)." },
    ],
    description:
      "Run a Lua function when entities of two groups collide, for as long as this entity lives (a despawn or a scene switch that removes it ends the rule).",
    example: 'engine.spawn():with_lua_collision_rule("ball", "brick", "on_ball_brick"):build()',
  },
] as const satisfies readonly BuilderMethodDecl[];
