/**
 * Declarations: phases, camera, tilemaps, animations and post-process render.
 *
 * @example
 * ```ts
 * import { WORLD_FUNCTIONS } from "./world.ts";
 * WORLD_FUNCTIONS.some((d) => d.name === "set_camera");
 * ```
 *
 * @module
 */
import type { FunctionDecl } from "../types.ts";
import { ID, SHAPE, UNIFORM, VALUE } from "./common.ts";

// The components of a vector uniform.
const VECTOR = {
  x: { name: "x", type: "number", description: "x component." },
  y: { name: "y", type: "number", description: "y component." },
  z: { name: "z", type: "number", description: "z component." },
  w: { name: "w", type: "number", description: "w component." },
} as const;

/**
 * Phase, camera, tilemap, animation and render functions of the `engine` table.
 *
 * @example
 * ```ts
 * import { WORLD_FUNCTIONS } from "./world.ts";
 * WORLD_FUNCTIONS[0].name; // "phase_transition"
 * ```
 */
export const WORLD_FUNCTIONS = [
  {
    name: "phase_transition",
    module: "engine",
    kind: "command",
    category: "phase",
    collision: true,
    params: [ID, { name: "phase", type: "string", description: "Target phase name." }],
    description: "Move an entity's phase machine to another phase (exit, then enter).",
    example: 'engine.phase_transition(id, "dead")',
  },
  {
    name: "set_camera",
    module: "engine",
    kind: "command",
    category: "camera",
    collision: true,
    params: [
      { name: "x", type: "number", description: "World x at the screen centre." },
      { name: "y", type: "number", description: "World y at the screen centre." },
      {
        name: "zoom",
        type: "number",
        optional: true,
        min: 0,
        description: "Zoom factor (default unchanged).",
      },
    ],
    description: "Move the 2D camera.",
    example: "engine.set_camera(400, 300, 1.5)",
  },
  {
    name: "spawn_tiles",
    module: "engine",
    kind: "command",
    category: "tilemap",
    params: [{ name: "tilemap_id", type: "tilemap", description: "Tilemap key." }],
    description: "Spawn one entity per tile of a loaded tilemap.",
    example: 'engine.spawn_tiles("level1")',
  },
  {
    name: "register_animation",
    module: "engine",
    kind: "command",
    category: "animation",
    defines: "animation",
    params: [
      { name: "id", type: "string", description: "Animation key." },
      { name: "texture", type: "texture", description: "Sprite sheet texture key." },
      { name: "x", type: "number", description: "First frame x in the sheet." },
      { name: "y", type: "number", description: "First frame y in the sheet." },
      { name: "dx", type: "number", description: "Step between frames, x." },
      { name: "dy", type: "number", description: "Step between frames, y." },
      { name: "frames", type: "integer", min: 1, description: "Frame count." },
      { name: "fps", type: "number", min: 0, description: "Frames per second." },
      { name: "looped", type: "boolean", description: "Loop the animation." },
    ],
    description: "Register a sprite-sheet animation.",
    example: 'engine.register_animation("walk", "hero", 0, 0, 16, 0, 4, 8, true)',
  },
  {
    name: "post_process_shader",
    ...SHAPE.render_command,
    params: [{
      name: "ids",
      type: "shader_list",
      optional: true,
      description: "Shader keys applied in order; nil removes post-processing.",
    }],
    description: "Set the post-process shader chain.",
    example: 'engine.post_process_shader({ "crt" })',
  },
  {
    name: "post_process_set_float",
    ...SHAPE.render_command,
    params: [UNIFORM, VALUE.number],
    description: "Set a float uniform of the post-process shaders.",
    example: 'engine.post_process_set_float("strength", 0.5)',
  },
  {
    name: "post_process_set_int",
    ...SHAPE.render_command,
    params: [UNIFORM, VALUE.integer],
    description: "Set an int uniform of the post-process shaders.",
    example: 'engine.post_process_set_int("mode", 2)',
  },
  {
    name: "post_process_set_vec2",
    ...SHAPE.render_command,
    params: [UNIFORM, VECTOR.x, VECTOR.y],
    description: "Set a vec2 uniform of the post-process shaders.",
    example: 'engine.post_process_set_vec2("offset", 1, 0)',
  },
  {
    name: "post_process_set_vec4",
    ...SHAPE.render_command,
    params: [UNIFORM, VECTOR.x, VECTOR.y, VECTOR.z, VECTOR.w],
    description: "Set a vec4 uniform of the post-process shaders.",
    example: 'engine.post_process_set_vec4("tint", 1, 0.5, 0.5, 1)',
  },
  {
    name: "post_process_clear_uniform",
    ...SHAPE.render_command,
    params: [UNIFORM],
    description: "Remove one post-process uniform.",
    example: 'engine.post_process_clear_uniform("strength")',
  },
  {
    name: "post_process_clear_uniforms",
    ...SHAPE.render_command,
    params: [],
    description: "Remove every post-process uniform.",
    example: "engine.post_process_clear_uniforms()",
  },
] as const satisfies readonly FunctionDecl[];
