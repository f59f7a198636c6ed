/**
 * Parameters and choice lists shared by several declarations, so a parameter
 * such as the entity id is described once. (The declarations themselves are
 * data: entries of one kind repeat their shape on purpose.)
 *
 * @example
 * ```ts
 * import { EASINGS } from "./common.ts";
 * EASINGS.includes("bounce_out");
 * ```
 *
 * @module
 */
import { ACTIONS } from "../../input/actions.ts";

/**
 * Easing names accepted by tweens.
 *
 * @example
 * ```ts
 * import { EASINGS } from "./common.ts";
 * EASINGS[0]; // "linear"
 * ```
 */
export const EASINGS = [
  "linear",
  "quad_in",
  "quad_out",
  "quad_in_out",
  "cubic_in",
  "cubic_out",
  "cubic_in_out",
  "sine_in",
  "sine_out",
  "sine_in_out",
  "expo_in",
  "expo_out",
  "expo_in_out",
  "back_in",
  "back_out",
  "back_in_out",
  "bounce_out",
] as const;

/**
 * Tween loop modes.
 *
 * @example
 * ```ts
 * import { LOOP_MODES } from "./common.ts";
 * LOOP_MODES.includes("ping_pong");
 * ```
 */
export const LOOP_MODES = ["once", "loop", "ping_pong"] as const;

/**
 * Log levels accepted by `console.log`.
 *
 * @example
 * ```ts
 * import { LOG_LEVELS } from "./common.ts";
 * LOG_LEVELS.includes("warn");
 * ```
 */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/**
 * The eight input actions a game reads.
 *
 * @example
 * ```ts
 * import { INPUT_ACTIONS } from "./common.ts";
 * INPUT_ACTIONS.includes("action_1");
 * ```
 */
export const INPUT_ACTIONS: typeof ACTIONS = ACTIONS;

/**
 * Entity id parameter (provisional negative ids from `build()` allowed).
 *
 * @example
 * ```ts
 * import { ID } from "./common.ts";
 * ID.type; // "id"
 * ```
 */
export const ID = {
  name: "id",
  type: "id",
  description: "Entity id (a provisional id from build() is accepted).",
} as const;

/**
 * Signal key parameter.
 *
 * @example
 * ```ts
 * import { KEY } from "./common.ts";
 * KEY.name; // "key"
 * ```
 */
export const KEY = { name: "key", type: "string", description: "Signal key." } as const;

/**
 * Shader uniform name parameter.
 *
 * @example
 * ```ts
 * import { UNIFORM } from "./common.ts";
 * UNIFORM.name; // "name"
 * ```
 */
export const UNIFORM = { name: "name", type: "string", description: "Uniform name." } as const;

/**
 * Optional easing parameter.
 *
 * @example
 * ```ts
 * import { EASING_OPT } from "./common.ts";
 * EASING_OPT.optional; // true
 * ```
 */
export const EASING_OPT = {
  name: "easing",
  type: "string",
  optional: true,
  choices: EASINGS,
  description: "Easing name (default linear).",
} as const;

/**
 * Optional loop-mode parameter.
 *
 * @example
 * ```ts
 * import { LOOP_OPT } from "./common.ts";
 * LOOP_OPT.choices; // ["once", "loop", "ping_pong"]
 * ```
 */
export const LOOP_OPT = {
  name: "loop",
  type: "string",
  optional: true,
  choices: LOOP_MODES,
  description: "Loop mode (default once).",
} as const;

/**
 * Tween duration parameter.
 *
 * @example
 * ```ts
 * import { SECONDS } from "./common.ts";
 * SECONDS.min; // 0
 * ```
 */
export const SECONDS = {
  name: "seconds",
  type: "number",
  min: 0,
  description: "Duration in seconds.",
} as const;

/**
 * Colour channel parameters r, g, b, a (0..255).
 *
 * @example
 * ```ts
 * import { RGBA } from "./common.ts";
 * RGBA.length; // 4
 * ```
 */
export const RGBA = [
  { name: "r", type: "integer", min: 0, max: 255, description: "Red, 0..255." },
  { name: "g", type: "integer", min: 0, max: 255, description: "Green, 0..255." },
  { name: "b", type: "integer", min: 0, max: 255, description: "Blue, 0..255." },
  { name: "a", type: "integer", min: 0, max: 255, description: "Alpha, 0..255." },
] as const;

/**
 * Optional colour channel parameters r?, g?, b?, a? (0..255).
 *
 * @example
 * ```ts
 * import { RGBA_OPT } from "./common.ts";
 * RGBA_OPT[0].optional; // true
 * ```
 */
export const RGBA_OPT = [
  { name: "r", type: "integer", optional: true, min: 0, max: 255, description: "Red, 0..255." },
  { name: "g", type: "integer", optional: true, min: 0, max: 255, description: "Green, 0..255." },
  { name: "b", type: "integer", optional: true, min: 0, max: 255, description: "Blue, 0..255." },
  { name: "a", type: "integer", optional: true, min: 0, max: 255, description: "Alpha, 0..255." },
] as const;

/**
 * Coordinate parameters `x` and `y` (a position, a vector, a force).
 *
 * @example
 * ```ts
 * import { X, Y } from "./common.ts";
 * [X.name, Y.name]; // ["x", "y"]
 * ```
 */
export const X = { name: "x", type: "number", description: "x." } as const;
/** See {@linkcode X}. */
export const Y = { name: "y", type: "number", description: "y." } as const;

/**
 * Start (`fx`, `fy`) and end (`tx`, `ty`) point parameters of a tween.
 *
 * @example
 * ```ts
 * import { FX, TX } from "./common.ts";
 * [FX.name, TX.name]; // ["fx", "tx"]
 * ```
 */
export const FX = { name: "fx", type: "number", description: "Start x." } as const;
/** See {@linkcode FX}. */
export const FY = { name: "fy", type: "number", description: "Start y." } as const;
/** See {@linkcode FX}. */
export const TX = { name: "tx", type: "number", description: "End x." } as const;
/** See {@linkcode FX}. */
export const TY = { name: "ty", type: "number", description: "End y." } as const;

/**
 * Force name parameter.
 *
 * @example
 * ```ts
 * import { FORCE } from "./common.ts";
 * FORCE.name; // "name"
 * ```
 */
export const FORCE = { name: "name", type: "string", description: "Force name." } as const;

/**
 * The axes a stuck entity follows.
 *
 * @example
 * ```ts
 * import { FOLLOW_X, FOLLOW_Y } from "./common.ts";
 * [FOLLOW_X.type, FOLLOW_Y.type]; // ["boolean", "boolean"]
 * ```
 */
export const FOLLOW_X = { name: "follow_x", type: "boolean", description: "Follow on x." } as const;
/** See {@linkcode FOLLOW_X}. */
export const FOLLOW_Y = { name: "follow_y", type: "boolean", description: "Follow on y." } as const;

/**
 * Parameters that several declarations share word for word, by name: most
 * are shared by a builder method and the entity command that later changes
 * what it set at spawn.
 *
 * @example
 * ```ts
 * import { PARAM } from "./common.ts";
 * [PARAM.sx.name, PARAM.friction.min]; // ["sx", 0]
 * ```
 */
export const PARAM = {
  sx: { name: "sx", type: "number", description: "Scale x." },
  sy: { name: "sy", type: "number", description: "Scale y." },
  vx: { name: "vx", type: "number", description: "Velocity x." },
  vy: { name: "vy", type: "number", description: "Velocity y." },
  from: { name: "from", type: "number", description: "Start degrees." },
  to: { name: "to", type: "number", description: "End degrees." },
  enabled: {
    name: "enabled",
    type: "boolean",
    optional: true,
    description: "Start enabled (default true).",
  },
  friction: { name: "f", type: "number", min: 0, description: "Friction factor." },
  anim: { name: "anim", type: "animation", description: "Animation key." },
  shader: { name: "shader", type: "shader", description: "Shader key." },
  timer_callback: {
    name: "callback",
    type: "callback",
    description: "Global function called as fn(ctx, input).",
  },
  target_id: { name: "target_id", type: "id", description: "Entity to follow." },
  w: { name: "w", type: "number", min: 0, description: "Width." },
  h: { name: "h", type: "number", min: 0, description: "Height." },
  // Builder methods say plain "Seconds."; entity commands use SECONDS.
  seconds: { name: "seconds", type: "number", min: 0, description: "Seconds." },
} as const;

/**
 * A value parameter of each signal and uniform type.
 *
 * @example
 * ```ts
 * import { VALUE } from "./common.ts";
 * VALUE.integer.type; // "integer"
 * ```
 */
export const VALUE = {
  number: { name: "value", type: "number", description: "Value." },
  integer: { name: "value", type: "integer", description: "Value." },
  string: { name: "value", type: "string", description: "Value." },
} as const;

/**
 * The fields that every declaration of one group shares (module, kind,
 * category, and `collision` where each has a collision twin), spread into
 * each of them.
 *
 * @example
 * ```ts
 * import { SHAPE } from "./common.ts";
 * SHAPE.entity_command.collision; // true
 * ```
 */
export const SHAPE = {
  asset_command: { module: "engine", kind: "command", category: "asset" },
  signal_read: { module: "engine", kind: "read", category: "signal" },
  signal_command: { module: "engine", kind: "command", category: "signal", collision: true },
  group_read: { module: "engine", kind: "read", category: "group" },
  group_command: { module: "engine", kind: "command", category: "group" },
  entity_command: { module: "engine", kind: "command", category: "entity", collision: true },
  render_command: { module: "engine", kind: "command", category: "render" },
} as const;
