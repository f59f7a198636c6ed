/**
 * Declarations: methods of the entity builder returned by `spawn()`,
 * `clone(key)` and their `collision_` versions. Each `record` method appends
 * one encoded record; `build` emits the spawn or clone command.
 *
 * @example
 * ```ts
 * import { BUILDER_METHODS } from "./builder.ts";
 * BUILDER_METHODS.some((m) => m.name === "with_sprite");
 * ```
 *
 * @module
 */
import type { BuilderMethodDecl } from "../types.ts";
import {
  EASINGS,
  FOLLOW_X,
  FOLLOW_Y,
  FORCE,
  FX,
  FY,
  KEY,
  LOOP_MODES,
  RGBA,
  RGBA_OPT,
  TX,
  TY,
  X,
  Y,
} from "./common.ts";

// Not common.ts's SECONDS: the builder documents it as plain "Seconds."
const SECONDS = { name: "seconds", type: "number", min: 0, description: "Seconds." } as const;
const EASING = {
  name: "easing",
  type: "string",
  choices: EASINGS,
  description: "Easing name.",
} as const;
const LOOP = {
  name: "mode",
  type: "string",
  choices: LOOP_MODES,
  description: "Loop mode.",
} as const;
const ITEM = { name: "item_id", type: "string", description: "Menu item id." } as const;

/**
 * Builder method declarations, in opcode order.
 *
 * @example
 * ```ts
 * import { BUILDER_METHODS } from "./builder.ts";
 * BUILDER_METHODS.at(-1)?.name; // "build"
 * ```
 */
export const BUILDER_METHODS = [
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
    params: [{ name: "sx", type: "number", description: "Scale x." }, {
      name: "sy",
      type: "number",
      description: "Scale y.",
    }],
    description: "Initial scale.",
    example: "engine.spawn():with_scale(2, 2):build()",
  },
  {
    name: "with_velocity",
    kind: "record",
    params: [{ name: "vx", type: "number", description: "Velocity x." }, {
      name: "vy",
      type: "number",
      description: "Velocity y.",
    }],
    description: "Initial velocity (adds a rigid body).",
    example: "engine.spawn():with_velocity(0, -200):build()",
  },
  {
    name: "with_accel",
    kind: "record",
    params: [FORCE, X, Y, {
      name: "enabled",
      type: "boolean",
      optional: true,
      description: "Start enabled (default true).",
    }],
    description: "A named constant acceleration.",
    example: 'engine.spawn():with_accel("gravity", 0, 900):build()',
  },
  {
    name: "with_friction",
    kind: "record",
    params: [{ name: "f", type: "number", min: 0, description: "Friction factor." }],
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
  {
    name: "with_collider",
    kind: "record",
    params: [
      { name: "w", type: "number", min: 0, description: "Width." },
      { name: "h", type: "number", min: 0, description: "Height." },
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
      { name: "w", type: "number", min: 0, description: "Width." },
      { name: "h", type: "number", min: 0, description: "Height." },
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
    params: [{ name: "anim", type: "animation", description: "Animation key." }],
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
    }, { name: "anim", type: "animation", description: "Animation key." }],
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
    params: [{ name: "shader", type: "shader", description: "Shader key." }, {
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
    params: [KEY, { name: "value", type: "number", description: "Value." }],
    description: "Initial scalar signal.",
    example: 'engine.spawn():with_signal_scalar("hp", 3):build()',
  },
  {
    name: "with_signal_integer",
    kind: "record",
    params: [KEY, { name: "value", type: "integer", description: "Value." }],
    description: "Initial integer signal.",
    example: 'engine.spawn():with_signal_integer("hits", 0):build()',
  },
  {
    name: "with_signal_string",
    kind: "record",
    params: [KEY, { name: "value", type: "string", description: "Value." }],
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
    params: [SECONDS, {
      name: "callback",
      type: "callback",
      description: "Global function called as fn(ctx, input).",
    }],
    description: "A repeating Lua timer (0 seconds: every frame).",
    example: 'engine.spawn():with_lua_timer(1, "on_tick"):build()',
  },
  {
    name: "with_ttl",
    kind: "record",
    params: [SECONDS],
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
  {
    name: "with_stuckto",
    kind: "record",
    params: [
      { name: "target_id", type: "id", description: "Entity to follow." },
      FOLLOW_X,
      FOLLOW_Y,
    ],
    description: "Follow another entity.",
    example: "engine.spawn():with_stuckto(paddle, true, false):build()",
  },
  {
    name: "with_stuckto_offset",
    kind: "record",
    params: [X, Y],
    description: "Offset from the followed entity.",
    example: "engine.spawn():with_stuckto(paddle, true, false):with_stuckto_offset(0, -8):build()",
  },
  {
    name: "with_stuckto_stored_velocity",
    kind: "record",
    params: [{ name: "vx", type: "number", description: "Velocity x." }, {
      name: "vy",
      type: "number",
      description: "Velocity y.",
    }],
    description: "Velocity restored when released.",
    example:
      "engine.spawn():with_stuckto(paddle, true, false):with_stuckto_stored_velocity(100, -200):build()",
  },
  {
    name: "with_tween_position",
    kind: "record",
    params: [FX, FY, TX, TY, SECONDS],
    description: "Tween the position.",
    example: "engine.spawn():with_tween_position(0, 0, 100, 0, 2):build()",
  },
  {
    name: "with_tween_position_easing",
    kind: "record",
    params: [EASING],
    description: "Easing of the position tween.",
    example:
      'engine.spawn():with_tween_position(0, 0, 100, 0, 2):with_tween_position_easing("sine_in_out"):build()',
  },
  {
    name: "with_tween_position_loop",
    kind: "record",
    params: [LOOP],
    description: "Loop mode of the position tween.",
    example:
      'engine.spawn():with_tween_position(0, 0, 100, 0, 2):with_tween_position_loop("ping_pong"):build()',
  },
  {
    name: "with_tween_position_backwards",
    kind: "record",
    params: [],
    description: "Run the position tween from end to start.",
    example:
      "engine.spawn():with_tween_position(0, 0, 100, 0, 2):with_tween_position_backwards():build()",
  },
  {
    name: "with_tween_rotation",
    kind: "record",
    params: [{ name: "from", type: "number", description: "Start degrees." }, {
      name: "to",
      type: "number",
      description: "End degrees.",
    }, SECONDS],
    description: "Tween the rotation.",
    example: "engine.spawn():with_tween_rotation(0, 360, 1):build()",
  },
  {
    name: "with_tween_rotation_easing",
    kind: "record",
    params: [EASING],
    description: "Easing of the rotation tween.",
    example:
      'engine.spawn():with_tween_rotation(0, 360, 1):with_tween_rotation_easing("expo_out"):build()',
  },
  {
    name: "with_tween_rotation_loop",
    kind: "record",
    params: [LOOP],
    description: "Loop mode of the rotation tween.",
    example:
      'engine.spawn():with_tween_rotation(0, 360, 1):with_tween_rotation_loop("loop"):build()',
  },
  {
    name: "with_tween_rotation_backwards",
    kind: "record",
    params: [],
    description: "Run the rotation tween from end to start.",
    example:
      "engine.spawn():with_tween_rotation(0, 360, 1):with_tween_rotation_backwards():build()",
  },
  {
    name: "with_tween_scale",
    kind: "record",
    params: [FX, FY, TX, TY, SECONDS],
    description: "Tween the scale.",
    example: "engine.spawn():with_tween_scale(1, 1, 2, 2, 0.5):build()",
  },
  {
    name: "with_tween_scale_easing",
    kind: "record",
    params: [EASING],
    description: "Easing of the scale tween.",
    example:
      'engine.spawn():with_tween_scale(1, 1, 2, 2, 0.5):with_tween_scale_easing("bounce_out"):build()',
  },
  {
    name: "with_tween_scale_loop",
    kind: "record",
    params: [LOOP],
    description: "Loop mode of the scale tween.",
    example:
      'engine.spawn():with_tween_scale(1, 1, 2, 2, 0.5):with_tween_scale_loop("ping_pong"):build()',
  },
  {
    name: "with_tween_scale_backwards",
    kind: "record",
    params: [],
    description: "Run the scale tween from end to start.",
    example:
      "engine.spawn():with_tween_scale(1, 1, 2, 2, 0.5):with_tween_scale_backwards():build()",
  },
  {
    name: "with_mouse_controlled",
    kind: "record",
    params: [FOLLOW_X, FOLLOW_Y],
    description: "Follow the mouse.",
    example: "engine.spawn():with_mouse_controlled(true, false):build()",
  },
  {
    name: "with_persistent",
    kind: "record",
    params: [],
    description: "Survive scene switches.",
    example: "engine.spawn():with_persistent():build()",
  },
  {
    name: "with_grid_layout",
    kind: "record",
    params: [
      { name: "path", type: "string", description: "JSON layout file in the game folder." },
      { name: "group", type: "string", description: "Group given to every spawned cell." },
      { name: "zindex", type: "number", description: "Draw order of the cells." },
    ],
    description:
      "Spawn entities from a JSON grid (cell_width, cell_height, origin, legend of builder-like entries, rows).",
    example: 'engine.spawn():with_grid_layout("levels/1.json", "brick", 1):build()',
  },
  {
    name: "with_particle_emitter",
    kind: "record",
    params: [{
      name: "def",
      type: "table",
      description: "Emitter table; every key but templates is optional: " +
        "templates = { world keys } (or template = key), the entities to clone; " +
        'shape = "point" (default) or { kind = "rect", width =, height = }, where particles appear; ' +
        "offset = { x, y } from the emitter (default 0, 0); " +
        "particles_per_emission (alias count, default 1); " +
        "emissions_per_second (alias rate, default 10); " +
        "emissions_remaining (alias emissions, default 100; math.huge never stops); " +
        "arc (alias angle) = { min, max } direction in degrees, 0 up and clockwise (default 0, 360); " +
        "speed = { min, max } (default 50, 100); " +
        'ttl = seconds or { min =, max = } (default "none": the template\'s own).',
    }],
    description:
      "Emit clones of template entities. It stops after emissions_remaining emissions (100 unless set); a bad table skips the emitter with a log line naming the key.",
    example: 'engine.spawn():with_particle_emitter({ templates = { "spark" }, rate = 30 }):build()',
  },
  {
    name: "with_menu",
    kind: "record",
    params: [
      { name: "items", type: "table", description: "{ {id=, label=}, .. }" },
      X,
      Y,
      { name: "font", type: "font", description: "Font key." },
      { name: "size", type: "number", min: 0, description: "Font size." },
      { name: "spacing", type: "number", description: "Vertical distance between items." },
      {
        name: "screen_space",
        type: "boolean",
        optional: true,
        description:
          "Place the items in screen space, unmoved by the camera (default false: world space).",
      },
    ],
    description: "A keyboard-driven menu.",
    example:
      'engine.spawn():with_menu({ { id = "play", label = "Play" } }, 100, 100, "main", 24, 32):build()',
  },
  {
    name: "with_menu_colors",
    kind: "record",
    chosen: true,
    params: [
      { name: "normal", type: "table", description: "{r, g, b, a} (0..255) of items." },
      {
        name: "selected",
        type: "table",
        description: "{r, g, b, a} (0..255) of the selected item.",
      },
    ],
    description: "Menu item colours.",
    example:
      "engine.spawn():with_menu_colors({ 200, 200, 200, 255 }, { 255, 255, 0, 255 }):build()",
  },
  {
    name: "with_menu_cursor",
    kind: "record",
    params: [{
      name: "key",
      type: "string",
      description: "World entity key of the cursor entity.",
    }],
    description: "An entity that moves next to the selected item.",
    example: 'engine.spawn():with_menu_cursor("cursor"):build()',
  },
  {
    name: "with_menu_dynamic_text",
    kind: "record",
    params: [{ name: "on", type: "boolean", description: "Refresh labels every frame." }],
    description: "Re-read labels each frame.",
    example: "engine.spawn():with_menu_dynamic_text(true):build()",
  },
  {
    name: "with_menu_callback",
    kind: "record",
    params: [{
      name: "callback",
      type: "callback",
      description: "Global function called as fn({menu_id, item_id, item_index}).",
    }],
    description: "Call a Lua function on selection (menu actions are then ignored).",
    example: 'engine.spawn():with_menu_callback("on_menu_select"):build()',
  },
  {
    name: "with_menu_selection_sound",
    kind: "record",
    params: [{ name: "sound", type: "sound", description: "Sound key." }],
    description: "Sound played when the selection moves.",
    example: 'engine.spawn():with_menu_selection_sound("blip"):build()',
  },
  {
    name: "with_menu_visible_count",
    kind: "record",
    params: [{ name: "n", type: "integer", min: 1, description: "Items shown at once." }],
    description: "Scroll the menu past n items.",
    example: "engine.spawn():with_menu_visible_count(5):build()",
  },
  {
    name: "with_menu_action_quit",
    kind: "record",
    params: [ITEM],
    description: "Selecting the item quits the game.",
    example: 'engine.spawn():with_menu_action_quit("quit"):build()',
  },
  {
    name: "with_menu_action_set_scene",
    kind: "record",
    params: [ITEM, { name: "scene", type: "string", description: "Scene name." }],
    description: "Selecting the item switches scene.",
    example: 'engine.spawn():with_menu_action_set_scene("play", "level1"):build()',
  },
  {
    name: "with_menu_action_show_submenu",
    kind: "record",
    params: [ITEM, {
      name: "submenu",
      type: "string",
      description: "World entity key of the submenu.",
    }],
    description: "Selecting the item shows another menu.",
    example: 'engine.spawn():with_menu_action_show_submenu("options", "options_menu"):build()',
  },
  {
    name: "register_as",
    kind: "record",
    params: [{ name: "key", type: "string", description: "World entity key." }],
    description: "Store the real id under a world entity key once spawned.",
    example: 'engine.spawn():register_as("player"):build()',
  },
  {
    name: "build",
    kind: "build",
    params: [],
    description: "Queue the spawn (or clone) and return the provisional id. A builder builds once.",
    example: "local id = engine.spawn():with_position(0, 0):build()",
  },
] as const satisfies readonly BuilderMethodDecl[];
