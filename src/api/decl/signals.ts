/**
 * Declarations: world signal reads and writes, tracked groups.
 *
 * @example
 * ```ts
 * import { SIGNAL_FUNCTIONS } from "./signals.ts";
 * SIGNAL_FUNCTIONS.some((d) => d.name === "get_scalar");
 * ```
 *
 * @module
 */
import type { FunctionDecl } from "../types.ts";
import { ID, KEY, SHAPE } from "./common.ts";

const GROUP = { name: "group", type: "string", description: "Group name." } as const;

/**
 * Signal and group functions of the `engine` table.
 *
 * @example
 * ```ts
 * import { SIGNAL_FUNCTIONS } from "./signals.ts";
 * SIGNAL_FUNCTIONS[0].kind; // "read"
 * ```
 */
export const SIGNAL_FUNCTIONS = [
  {
    name: "get_scalar",
    ...SHAPE.signal_read,
    params: [KEY],
    returns: "number?",
    read: { path: ["scalars", 1], result: "value" },
    description: "Read a world scalar signal from the snapshot (nil when unset).",
    example: 'local speed = engine.get_scalar("ball_speed") or 200',
  },
  {
    name: "get_integer",
    ...SHAPE.signal_read,
    params: [KEY],
    returns: "integer?",
    read: { path: ["integers", 1], result: "value" },
    description: "Read a world integer signal from the snapshot (nil when unset).",
    example: 'local score = engine.get_integer("score") or 0',
  },
  {
    name: "get_string",
    ...SHAPE.signal_read,
    params: [KEY],
    returns: "string?",
    read: { path: ["strings", 1], result: "value" },
    description: "Read a world string signal from the snapshot (nil when unset).",
    example: 'local scene = engine.get_string("scene")',
  },
  {
    name: "has_flag",
    ...SHAPE.signal_read,
    params: [KEY],
    returns: "boolean",
    read: { path: ["flags", 1], result: "boolean" },
    description: "Whether a world flag is set in the snapshot.",
    example: 'if engine.has_flag("paused") then return end',
  },
  {
    name: "get_group_count",
    ...SHAPE.group_read,
    params: [GROUP],
    returns: "integer?",
    read: { path: ["groups", 1], result: "value" },
    description: "Number of live entities in a tracked group; nil when the group is not tracked.",
    example: 'if engine.get_group_count("brick") == 0 then engine.set_flag("level_clear") end',
  },
  {
    name: "get_entity",
    ...SHAPE.signal_read,
    params: [KEY],
    returns: "integer?",
    read: { path: ["entities", 1], result: "value" },
    description: "Entity id registered under a world key (nil when unset).",
    example: 'local player = engine.get_entity("player")',
  },
  {
    name: "has_tracked_group",
    ...SHAPE.group_read,
    params: [GROUP],
    returns: "boolean",
    read: { path: ["groups", 1], result: "present" },
    description: "Whether a group is tracked.",
    example: 'if not engine.has_tracked_group("brick") then engine.track_group("brick") end',
  },
  {
    name: "set_scalar",
    ...SHAPE.signal_command,
    signalWrite: { part: "scalars" },
    params: [KEY, { name: "value", type: "number", description: "New value." }],
    description: "Set a world scalar signal.",
    example: 'engine.set_scalar("ball_speed", 320)',
  },
  {
    name: "set_integer",
    ...SHAPE.signal_command,
    signalWrite: { part: "integers" },
    params: [KEY, { name: "value", type: "integer", description: "New value." }],
    description: "Set a world integer signal.",
    example: 'engine.set_integer("score", (engine.get_integer("score") or 0) + 10)',
  },
  {
    name: "set_string",
    ...SHAPE.signal_command,
    signalWrite: { part: "strings" },
    params: [KEY, { name: "value", type: "string", description: "New value." }],
    description: "Set a world string signal.",
    example: 'engine.set_string("scene", "level1")',
  },
  {
    name: "set_flag",
    ...SHAPE.signal_command,
    signalWrite: { part: "flags" },
    params: [KEY],
    description: "Set a world flag.",
    example: 'engine.set_flag("switch_scene")',
  },
  {
    name: "clear_scalar",
    ...SHAPE.signal_command,
    signalWrite: { part: "scalars", clear: true },
    params: [KEY],
    description: "Remove a world scalar signal.",
    example: 'engine.clear_scalar("ball_speed")',
  },
  {
    name: "clear_integer",
    ...SHAPE.signal_command,
    signalWrite: { part: "integers", clear: true },
    params: [KEY],
    description: "Remove a world integer signal.",
    example: 'engine.clear_integer("score")',
  },
  {
    name: "clear_string",
    ...SHAPE.signal_command,
    signalWrite: { part: "strings", clear: true },
    params: [KEY],
    description: "Remove a world string signal.",
    example: 'engine.clear_string("message")',
  },
  {
    name: "clear_flag",
    ...SHAPE.signal_command,
    signalWrite: { part: "flags", clear: true },
    params: [KEY],
    description: "Clear a world flag.",
    example: 'engine.clear_flag("paused")',
  },
  {
    name: "set_entity",
    module: "engine",
    kind: "command",
    category: "signal",
    params: [KEY, ID],
    description: "Register an entity id under a world key.",
    example: 'engine.set_entity("player", id)',
  },
  {
    name: "remove_entity",
    module: "engine",
    kind: "command",
    category: "signal",
    params: [KEY],
    description: "Remove a world entity key.",
    example: 'engine.remove_entity("player")',
  },
  {
    name: "track_group",
    ...SHAPE.group_command,
    params: [GROUP],
    description: "Start counting the live entities of a group (see get_group_count).",
    example: 'engine.track_group("brick")',
  },
  {
    name: "untrack_group",
    ...SHAPE.group_command,
    params: [GROUP],
    description: "Stop counting a group.",
    example: 'engine.untrack_group("brick")',
  },
  {
    name: "clear_tracked_groups",
    ...SHAPE.group_command,
    params: [],
    description: "Stop counting every group.",
    example: "engine.clear_tracked_groups()",
  },
] as const satisfies readonly FunctionDecl[];
