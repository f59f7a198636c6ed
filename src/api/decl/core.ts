/**
 * Declarations: logging, assets, spawning / cloning and audio.
 *
 * @example
 * ```ts
 * import { CORE_FUNCTIONS } from "./core.ts";
 * CORE_FUNCTIONS.some((d) => d.name === "load_texture");
 * ```
 *
 * @module
 */
import type { FunctionDecl } from "../types.ts";
import { SHAPE } from "./common.ts";

const MSG = { name: "msg", type: "string", description: "Message text." } as const;
const ASSET_ID = { name: "id", type: "string", description: "Key the asset is known by." } as const;
const PATH = {
  name: "path",
  type: "string",
  description: "File path inside the game folder.",
} as const;
// `log` is `log_info` under a shorter name.
const INFO_LOG = {
  module: "engine",
  kind: "log",
  level: "info",
  category: "log",
  params: [MSG],
} as const;

/**
 * Logging, asset, spawn/clone and audio functions of the `engine` table.
 *
 * @example
 * ```ts
 * import { CORE_FUNCTIONS } from "./core.ts";
 * CORE_FUNCTIONS[0].name; // "log"
 * ```
 */
export const CORE_FUNCTIONS = [
  {
    name: "log",
    ...INFO_LOG,
    description: "Write an info line to the engine log.",
    example: 'engine.log("hello")',
  },
  {
    name: "log_info",
    ...INFO_LOG,
    description: "Write an info line to the engine log.",
    example: 'engine.log_info("level loaded")',
  },
  {
    name: "log_warn",
    module: "engine",
    kind: "log",
    level: "warn",
    category: "log",
    params: [MSG],
    description: "Write a warning to the engine log.",
    example: 'engine.log_warn("no save file")',
  },
  {
    name: "log_error",
    module: "engine",
    kind: "log",
    level: "error",
    category: "log",
    params: [MSG],
    description: "Write an error line to the engine log.",
    example: 'engine.log_error("bad level data")',
  },
  {
    name: "load_texture",
    ...SHAPE.asset_command,
    defines: "texture",
    params: [ASSET_ID, PATH],
    description: "Load a PNG texture or sprite sheet.",
    example: 'engine.load_texture("ball", "assets/ball.png")',
  },
  {
    name: "load_font",
    ...SHAPE.asset_command,
    defines: "font",
    params: [ASSET_ID, PATH, {
      name: "size",
      type: "number",
      optional: true,
      min: 1,
      description: "Point size (default 16).",
    }],
    description: "Load a TTF font.",
    example: 'engine.load_font("main", "assets/font.ttf", 24)',
  },
  {
    name: "load_music",
    ...SHAPE.asset_command,
    defines: "music",
    params: [ASSET_ID, PATH],
    description: "Load a music track (WAV or OGG).",
    example: 'engine.load_music("theme", "assets/theme.ogg")',
  },
  {
    name: "load_sound",
    ...SHAPE.asset_command,
    defines: "sound",
    params: [ASSET_ID, PATH],
    description: "Load a sound effect (WAV or OGG).",
    example: 'engine.load_sound("bounce", "assets/bounce.wav")',
  },
  {
    name: "load_tilemap",
    ...SHAPE.asset_command,
    defines: "tilemap",
    params: [ASSET_ID, PATH],
    description: "Load a Tiled JSON tilemap.",
    example: 'engine.load_tilemap("level1", "assets/level1.json")',
  },
  {
    name: "load_shader",
    ...SHAPE.asset_command,
    defines: "shader",
    params: [ASSET_ID, PATH],
    description: "Load a GLSL fragment shader.",
    example: 'engine.load_shader("crt", "assets/crt.frag")',
  },
  {
    name: "spawn",
    module: "engine",
    kind: "builder",
    category: "spawn",
    collision: true,
    params: [],
    returns: "EntityBuilder",
    description: "Start building a new entity; build() queues it and returns its provisional id.",
    example: 'local id = engine.spawn():with_position(10, 20):with_group("ball"):build()',
  },
  {
    name: "clone",
    module: "engine",
    kind: "builder",
    category: "clone",
    collision: true,
    params: [{
      name: "key",
      type: "string",
      description: "World entity key of the entity to copy.",
    }],
    returns: "EntityBuilder",
    description: "Start building a copy of a registered entity with overrides.",
    example: 'engine.clone("brick_template"):with_position(64, 32):build()',
  },
  {
    name: "play_music",
    module: "engine",
    kind: "command",
    category: "audio",
    params: [
      { name: "id", type: "music", description: "Music key." },
      { name: "looped", type: "boolean", optional: true, description: "Loop (default false)." },
    ],
    description: "Play a music track, replacing the current one.",
    example: 'engine.play_music("theme", true)',
  },
  {
    name: "play_sound",
    module: "engine",
    kind: "command",
    category: "audio",
    collision: true,
    params: [{ name: "id", type: "sound", description: "Sound key." }],
    description: "Play a sound effect.",
    example: 'engine.play_sound("bounce")',
  },
  {
    name: "stop_all_music",
    module: "engine",
    kind: "command",
    category: "audio",
    params: [],
    description: "Stop every playing music track.",
    example: "engine.stop_all_music()",
  },
  {
    name: "stop_all_sounds",
    module: "engine",
    kind: "command",
    category: "audio",
    params: [],
    description: "Stop every playing sound effect.",
    example: "engine.stop_all_sounds()",
  },
] as const satisfies readonly FunctionDecl[];
