/**
 * Builder methods: movement the engine drives (following, tweens, the
 * mouse), what the entity keeps across scenes or spawns, and keyboard menus.
 *
 * @example
 * ```ts
 * import { EXTRA_METHODS } from "./builder_extras.ts";
 * EXTRA_METHODS[0].name; // "with_stuckto"
 * ```
 *
 * @module
 */
import type { BuilderMethodDecl } from "../types.ts";
import { EASINGS, FOLLOW_X, FOLLOW_Y, FX, FY, LOOP_MODES, PARAM, TX, TY, X, Y } from "./common.ts";

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
 * Builder methods for following, tweens, mouse control, persistence,
 * spawning and menus, in opcode order.
 *
 * @example
 * ```ts
 * import { EXTRA_METHODS } from "./builder_extras.ts";
 * EXTRA_METHODS.some((m) => m.name === "with_menu_action_show_submenu");
 * ```
 */
export const EXTRA_METHODS = [
  {
    name: "with_stuckto",
    kind: "record",
    params: [PARAM.target_id, FOLLOW_X, FOLLOW_Y],
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
    params: [PARAM.vx, PARAM.vy],
    description: "Velocity restored when released.",
    example:
      "engine.spawn():with_stuckto(paddle, true, false):with_stuckto_stored_velocity(100, -200):build()",
  },
  {
    name: "with_tween_position",
    kind: "record",
    params: [FX, FY, TX, TY, PARAM.seconds],
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
    params: [PARAM.from, PARAM.to, PARAM.seconds],
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
    params: [FX, FY, TX, TY, PARAM.seconds],
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
] as const satisfies readonly BuilderMethodDecl[];
