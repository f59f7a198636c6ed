/**
 * Declarations: commands on existing entities (`entity_*`, each with a
 * `collision_entity_*` twin except `entity_menu_despawn`).
 *
 * @example
 * ```ts
 * import { ENTITY_FUNCTIONS } from "./entity.ts";
 * ENTITY_FUNCTIONS.every((d) => d.category === "entity");
 * ```
 *
 * @module
 */
import type { FunctionDecl } from "../types.ts";
import {
  EASING_OPT,
  FOLLOW_X,
  FOLLOW_Y,
  FORCE,
  FX,
  FY,
  ID,
  KEY,
  LOOP_OPT,
  PARAM,
  RGBA,
  SECONDS,
  SHAPE,
  TX,
  TY,
  UNIFORM,
  VALUE,
  X,
  Y,
} from "./common.ts";

const Z = { name: "z", type: "number", description: "z." } as const;
const W = { name: "w", type: "number", description: "w." } as const;

/**
 * Entity command declarations.
 *
 * @example
 * ```ts
 * import { ENTITY_FUNCTIONS } from "./entity.ts";
 * ENTITY_FUNCTIONS[0].name; // "entity_set_position"
 * ```
 */
export const ENTITY_FUNCTIONS = [
  {
    name: "entity_set_position",
    ...SHAPE.entity_command,
    params: [ID, X, Y],
    description: "Move an entity to a world position.",
    example: "engine.entity_set_position(id, 100, 200)",
  },
  {
    name: "entity_set_velocity",
    ...SHAPE.entity_command,
    params: [ID, { name: "vx", type: "number", description: "Velocity x (units/s)." }, {
      name: "vy",
      type: "number",
      description: "Velocity y (units/s).",
    }],
    description: "Set an entity's velocity.",
    example: "engine.entity_set_velocity(id, 120, -80)",
  },
  {
    name: "entity_set_speed",
    ...SHAPE.entity_command,
    params: [ID, { name: "speed", type: "number", min: 0, description: "New speed." }],
    description: "Set an entity's speed, keeping its direction.",
    example: "engine.entity_set_speed(id, 300)",
  },
  {
    name: "entity_set_rotation",
    ...SHAPE.entity_command,
    params: [ID, { name: "degrees", type: "number", description: "Rotation in degrees." }],
    description: "Set an entity's rotation.",
    example: "engine.entity_set_rotation(id, 90)",
  },
  {
    name: "entity_set_scale",
    ...SHAPE.entity_command,
    params: [ID, PARAM.sx, PARAM.sy],
    description: "Set an entity's scale.",
    example: "engine.entity_set_scale(id, 2, 2)",
  },
  {
    name: "entity_add_force",
    ...SHAPE.entity_command,
    params: [ID, FORCE, X, Y, PARAM.enabled],
    description: "Add a named constant acceleration to an entity.",
    example: 'engine.entity_add_force(id, "gravity", 0, 900)',
  },
  {
    name: "entity_remove_force",
    ...SHAPE.entity_command,
    params: [ID, FORCE],
    description: "Remove a named force.",
    example: 'engine.entity_remove_force(id, "gravity")',
  },
  {
    name: "entity_set_force_enabled",
    ...SHAPE.entity_command,
    params: [ID, FORCE, { name: "on", type: "boolean", description: "Enabled." }],
    description: "Enable or disable a named force.",
    example: 'engine.entity_set_force_enabled(id, "gravity", false)',
  },
  {
    name: "entity_set_force_value",
    ...SHAPE.entity_command,
    params: [ID, FORCE, X, Y],
    description: "Change the vector of a named force.",
    example: 'engine.entity_set_force_value(id, "wind", -50, 0)',
  },
  {
    name: "entity_set_friction",
    ...SHAPE.entity_command,
    params: [ID, PARAM.friction],
    description: "Set an entity's friction.",
    example: "engine.entity_set_friction(id, 0.9)",
  },
  {
    name: "entity_set_max_speed",
    ...SHAPE.entity_command,
    params: [ID, {
      name: "s",
      type: "number",
      optional: true,
      min: 0,
      description: "Maximum speed; nil removes the limit.",
    }],
    description: "Limit an entity's speed (nil: no limit).",
    example: "engine.entity_set_max_speed(id, 400)",
  },
  {
    name: "entity_freeze",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Stop physics on an entity.",
    example: "engine.entity_freeze(id)",
  },
  {
    name: "entity_unfreeze",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Resume physics on an entity.",
    example: "engine.entity_unfreeze(id)",
  },
  {
    name: "entity_set_animation",
    ...SHAPE.entity_command,
    params: [ID, PARAM.anim],
    description: "Play a registered animation on an entity.",
    example: 'engine.entity_set_animation(id, "walk")',
  },
  {
    name: "entity_restart_animation",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Restart an entity's animation from its first frame.",
    example: "engine.entity_restart_animation(id)",
  },
  {
    name: "entity_insert_lua_timer",
    ...SHAPE.entity_command,
    params: [
      ID,
      { name: "seconds", type: "number", min: 0, description: "Period in seconds." },
      PARAM.timer_callback,
    ],
    description: "Attach a repeating Lua timer to an entity (0 seconds: every frame).",
    example: 'engine.entity_insert_lua_timer(id, 0.5, "on_blink")',
  },
  {
    name: "entity_remove_lua_timer",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Remove an entity's Lua timer.",
    example: "engine.entity_remove_lua_timer(id)",
  },
  {
    name: "entity_insert_ttl",
    ...SHAPE.entity_command,
    params: [ID, { name: "seconds", type: "number", min: 0, description: "Lifetime left." }],
    description: "Despawn an entity after a time.",
    example: "engine.entity_insert_ttl(id, 2)",
  },
  {
    name: "entity_insert_tween_position",
    ...SHAPE.entity_command,
    params: [ID, FX, FY, TX, TY, SECONDS, EASING_OPT, LOOP_OPT],
    description: "Tween an entity's position.",
    example: 'engine.entity_insert_tween_position(id, 0, 0, 100, 0, 1, "quad_out", "ping_pong")',
  },
  {
    name: "entity_remove_tween_position",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Remove an entity's position tween.",
    example: "engine.entity_remove_tween_position(id)",
  },
  {
    name: "entity_insert_tween_rotation",
    ...SHAPE.entity_command,
    params: [ID, PARAM.from, PARAM.to, SECONDS, EASING_OPT, LOOP_OPT],
    description: "Tween an entity's rotation.",
    example: 'engine.entity_insert_tween_rotation(id, 0, 360, 2, "linear", "loop")',
  },
  {
    name: "entity_remove_tween_rotation",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Remove an entity's rotation tween.",
    example: "engine.entity_remove_tween_rotation(id)",
  },
  {
    name: "entity_insert_tween_scale",
    ...SHAPE.entity_command,
    params: [ID, FX, FY, TX, TY, SECONDS, EASING_OPT, LOOP_OPT],
    description: "Tween an entity's scale.",
    example: 'engine.entity_insert_tween_scale(id, 1, 1, 1.5, 1.5, 0.2, "back_out")',
  },
  {
    name: "entity_remove_tween_scale",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Remove an entity's scale tween.",
    example: "engine.entity_remove_tween_scale(id)",
  },
  {
    name: "entity_insert_stuckto",
    ...SHAPE.entity_command,
    params: [ID, PARAM.target_id, FOLLOW_X, FOLLOW_Y],
    description: "Stick an entity to another one.",
    example: "engine.entity_insert_stuckto(ball, paddle, true, false)",
  },
  {
    name: "release_stuckto",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Release a stuck entity, restoring its stored velocity.",
    example: "engine.release_stuckto(ball)",
  },
  // One setter per value type, as Lua has one function per type (the uniform setters below too).
  {
    name: "entity_signal_set_scalar",
    ...SHAPE.entity_command,
    params: [ID, KEY, VALUE.number],
    description: "Set a scalar signal on an entity.",
    example: 'engine.entity_signal_set_scalar(id, "hp", 3.5)',
  },
  {
    name: "entity_signal_set_integer",
    ...SHAPE.entity_command,
    params: [ID, KEY, VALUE.integer],
    description: "Set an integer signal on an entity.",
    example: 'engine.entity_signal_set_integer(id, "hits", 2)',
  },
  {
    name: "entity_signal_set_string",
    ...SHAPE.entity_command,
    params: [ID, KEY, VALUE.string],
    description: "Set a string signal on an entity.",
    example: 'engine.entity_signal_set_string(id, "state", "angry")',
  },
  {
    name: "entity_signal_set_flag",
    ...SHAPE.entity_command,
    params: [ID, KEY],
    description: "Set a flag on an entity.",
    example: 'engine.entity_signal_set_flag(id, "hit")',
  },
  {
    name: "entity_signal_clear_flag",
    ...SHAPE.entity_command,
    params: [ID, KEY],
    description: "Clear a flag on an entity.",
    example: 'engine.entity_signal_clear_flag(id, "hit")',
  },
  {
    name: "entity_despawn",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Despawn an entity.",
    example: "engine.entity_despawn(id)",
  },
  {
    name: "entity_menu_despawn",
    module: "engine",
    kind: "command",
    category: "entity",
    params: [ID],
    description: "Despawn a menu entity together with its item and cursor entities.",
    example: "engine.entity_menu_despawn(menu_id)",
  },
  {
    name: "entity_set_shader",
    ...SHAPE.entity_command,
    params: [ID, PARAM.shader],
    description: "Draw an entity with a fragment shader.",
    example: 'engine.entity_set_shader(id, "glow")',
  },
  {
    name: "entity_remove_shader",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Remove an entity's shader.",
    example: "engine.entity_remove_shader(id)",
  },
  {
    name: "entity_shader_set_float",
    ...SHAPE.entity_command,
    params: [ID, UNIFORM, VALUE.number],
    description: "Set a float uniform of an entity's shader.",
    example: 'engine.entity_shader_set_float(id, "glow", 0.8)',
  },
  {
    name: "entity_shader_set_int",
    ...SHAPE.entity_command,
    params: [ID, UNIFORM, VALUE.integer],
    description: "Set an int uniform of an entity's shader.",
    example: 'engine.entity_shader_set_int(id, "mode", 1)',
  },
  {
    name: "entity_shader_set_vec2",
    ...SHAPE.entity_command,
    params: [ID, UNIFORM, X, Y],
    description: "Set a vec2 uniform of an entity's shader.",
    example: 'engine.entity_shader_set_vec2(id, "offset", 1, 2)',
  },
  {
    name: "entity_shader_set_vec4",
    ...SHAPE.entity_command,
    params: [ID, UNIFORM, X, Y, Z, W],
    description: "Set a vec4 uniform of an entity's shader.",
    example: 'engine.entity_shader_set_vec4(id, "color", 1, 0, 0, 1)',
  },
  {
    name: "entity_shader_clear_uniform",
    ...SHAPE.entity_command,
    params: [ID, UNIFORM],
    description: "Remove one uniform of an entity's shader.",
    example: 'engine.entity_shader_clear_uniform(id, "glow")',
  },
  {
    name: "entity_shader_clear_uniforms",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Remove every uniform of an entity's shader.",
    example: "engine.entity_shader_clear_uniforms(id)",
  },
  {
    name: "entity_set_tint",
    ...SHAPE.entity_command,
    params: [ID, ...RGBA],
    description: "Tint an entity (colours 0..255).",
    example: "engine.entity_set_tint(id, 255, 128, 128, 255)",
  },
  {
    name: "entity_remove_tint",
    ...SHAPE.entity_command,
    params: [ID],
    description: "Remove an entity's tint.",
    example: "engine.entity_remove_tint(id)",
  },
] as const satisfies readonly FunctionDecl[];
