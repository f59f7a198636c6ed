/**
 * Declarations: the modules `console`, `cvar`, `ecs` and `input`.
 *
 * @example
 * ```ts
 * import { MODULE_FUNCTIONS } from "./modules.ts";
 * MODULE_FUNCTIONS.some((d) => d.module === "cvar" && d.name === "set");
 * ```
 *
 * @module
 */
import type { FunctionDecl } from "../types.ts";
import { ID, INPUT_ACTIONS, LOG_LEVELS } from "./common.ts";
import { KEY_NAMES } from "../../input/keys.ts";

const CVAR = { name: "name", type: "string", description: "CVar name." } as const;

/**
 * Component names accepted by `ecs.addComponent` (kept in step with
 * `COMPONENTS` by a test).
 *
 * @example
 * ```ts
 * import { COMPONENT_NAMES } from "./modules.ts";
 * COMPONENT_NAMES.includes("Transform");
 * ```
 */
export const COMPONENT_NAMES = [
  "Transform",
  "Position",
  "Velocity",
  "Rotation",
  "Scale",
  "Friction",
  "Tint",
  "TTL",
  "Shader",
  "Animation",
  "Frozen",
] as const;

/**
 * `console`, `cvar`, `ecs` and `input` declarations.
 *
 * @example
 * ```ts
 * import { MODULE_FUNCTIONS } from "./modules.ts";
 * MODULE_FUNCTIONS[0].module; // "console"
 * ```
 */
export const MODULE_FUNCTIONS = [
  {
    name: "log",
    module: "console",
    kind: "log",
    category: "log",
    params: [
      { name: "level", type: "string", choices: LOG_LEVELS, description: "Log level." },
      { name: "msg", type: "string", description: "Message text." },
    ],
    description: "Write a line to the engine log (and the console).",
    example: 'console.log("warn", "low on memory")',
  },
  {
    name: "execute",
    module: "console",
    kind: "command",
    category: "console",
    check: "console_line",
    params: [{ name: "cmd", type: "string", description: "A console line, e.g. set r_fov 90." }],
    description:
      "Queue a console line; it runs in the next pre_update stage. A line that would set an engine safety limit is an error.",
    example: 'console.execute("set r_show_fps 1")',
  },
  {
    name: "set",
    module: "cvar",
    kind: "command",
    category: "cvar",
    check: "cvar_set",
    params: [CVAR, {
      name: "value",
      type: "any",
      description:
        "New value: the CVar's type, or a string parsed like the console does. Checked against its range or choices.",
    }],
    description:
      "Change a CVar. A bad value, or an engine safety limit (lua_max_instructions, lua_max_memory_mb, lua_workers, lua_states_per_worker), is an error at the call site; the change is queued.",
    example: 'cvar.set("r_fov", 90)',
  },
  {
    name: "get",
    module: "cvar",
    kind: "read",
    category: "cvar",
    params: [CVAR],
    returns: "any",
    read: { path: ["cvars", 1], result: "cvar_value" },
    description:
      "Value of a CVar in force (nil when unknown); a queued cvar.set shows once the engine has applied it.",
    example: 'local fov = cvar.get("r_fov")',
  },
  {
    name: "on_change",
    module: "cvar",
    kind: "command",
    category: "cvar",
    params: [CVAR, {
      name: "handler",
      type: "callback",
      description: "Global function called as fn(name, old, new).",
    }],
    description: "Call a Lua function after the CVar changes (in post_update).",
    example: 'cvar.on_change("r_vsync", "on_vsync_changed")',
  },
  {
    name: "define",
    module: "cvar",
    kind: "command",
    category: "cvar",
    check: "cvar_define",
    params: [CVAR, {
      name: "def",
      type: "table",
      description:
        "{ type = int|float|bool|string, default =, min? =, max? =, choices? =, description? = }",
    }],
    description:
      "Define a game CVar (usually in on_setup); cvar.set may use it in the same callback.",
    example: 'cvar.define("g_lives", { type = "int", default = 3, min = 1, max = 9 })',
  },
  {
    name: "createEntity",
    module: "ecs",
    kind: "create_entity",
    category: "spawn",
    params: [],
    returns: "integer",
    description: "Queue an empty entity and return its provisional id (like spawn():build()).",
    example: "local id = ecs.createEntity()",
  },
  {
    name: "addComponent",
    module: "ecs",
    kind: "add_component",
    category: "entity",
    chosen: true,
    params: [ID, {
      name: "name",
      type: "string",
      choices: COMPONENT_NAMES,
      description: "Component name.",
    }, { name: "data", type: "table", description: "Component fields (see the component list)." }],
    description: "Set a component on an entity by queueing the matching entity commands.",
    example: 'ecs.addComponent(id, "Transform", { x = 0, y = 0 })',
  },
  {
    name: "getComponent",
    module: "ecs",
    kind: "read",
    category: "entity",
    chosen: true,
    params: [ID, { name: "name", type: "string", description: "Component name." }],
    returns: "table?",
    read: { path: ["components", 1, 2], result: "value" },
    description:
      "Read a component of an entity from the snapshot, as a new read-only table; nil when absent.",
    example: 'local t = ecs.getComponent(id, "Transform")',
  },
  {
    name: "isKeyPressed",
    module: "input",
    kind: "read",
    category: "input",
    params: [{
      name: "key",
      type: "string",
      choices: [...INPUT_ACTIONS, ...KEY_NAMES],
      description: 'Input action ("action_1") or key name ("space", as in input logs).',
    }],
    returns: "boolean",
    read: { path: ["input", "pressed", 1], result: "boolean" },
    description: "Whether an input action or key is held this frame.",
    example: 'if input.isKeyPressed("left") then dx = -1 end',
  },
  {
    name: "getMousePos",
    module: "input",
    kind: "read",
    category: "input",
    params: [],
    returns: "number, number",
    read: { path: ["input", "mouse"], result: "xy" },
    description: "Mouse position in screen pixels (0, 0 until the mouse is first seen).",
    example: "local mx, my = input.getMousePos()",
  },
] as const satisfies readonly FunctionDecl[];
