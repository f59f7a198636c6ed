/**
 * How `ecs.addComponent(id, name, data)` maps component tables onto entity
 * commands. Field types come from the target command's
 * parameters, so validation and encoding are shared with it.
 *
 * @example
 * ```ts
 * import { COMPONENTS } from "./components.ts";
 * COMPONENTS.map((c) => c.name).includes("Velocity");
 * ```
 *
 * @module
 */

/**
 * One entity command fed from fields of the component table. `fields` fill the
 * command's parameters after the id, in order. An `optional` group is skipped
 * when all its fields are nil.
 *
 * @example
 * ```ts
 * import type { ComponentSetter } from "./components.ts";
 * const s: ComponentSetter = { command: "entity_set_velocity", fields: ["x", "y"] };
 * ```
 */
export interface ComponentSetter {
  /** Name of an entity command in the declaration table. */
  readonly command: string;
  /** Component fields mapped to the command's params after `id`. */
  readonly fields: readonly string[];
  /** Skip when all fields are nil. */
  readonly optional?: boolean;
}

/**
 * A component name accepted by `ecs.addComponent`.
 *
 * @example
 * ```ts
 * import type { ComponentDecl } from "./components.ts";
 * const c: ComponentDecl = { name: "Frozen", description: "No physics.", setters: [] };
 * ```
 */
export interface ComponentDecl {
  /** Component name as passed from Lua. */
  readonly name: string;
  /** One sentence for docs. */
  readonly description: string;
  /** Commands issued, in order. */
  readonly setters: readonly ComponentSetter[];
}

// A component whose fields feed one entity command, in order; the docs show
// the fields, then the note.
function oneCommand(
  name: string,
  command: string,
  fields: readonly string[],
  note?: string,
): ComponentDecl {
  const shape = `{${fields.join(", ")}}`;
  return {
    name,
    description: note === undefined ? shape : `${shape} ${note}`,
    setters: [{ command, fields }],
  };
}

/**
 * Component names understood by `ecs.addComponent`.
 *
 * @example
 * ```ts
 * import { COMPONENTS } from "./components.ts";
 * COMPONENTS[0]?.name; // "Transform"
 * ```
 */
export const COMPONENTS: readonly ComponentDecl[] = [
  {
    name: "Transform",
    description: "{x, y, rotation?, sx?, sy?}; other fields (such as z) are ignored.",
    setters: [
      { command: "entity_set_position", fields: ["x", "y"] },
      { command: "entity_set_rotation", fields: ["rotation"], optional: true },
      { command: "entity_set_scale", fields: ["sx", "sy"], optional: true },
    ],
  },
  oneCommand("Position", "entity_set_position", ["x", "y"]),
  oneCommand("Velocity", "entity_set_velocity", ["x", "y"]),
  oneCommand("Rotation", "entity_set_rotation", ["degrees"]),
  oneCommand("Scale", "entity_set_scale", ["x", "y"]),
  oneCommand("Friction", "entity_set_friction", ["value"]),
  oneCommand("Tint", "entity_set_tint", ["r", "g", "b", "a"], "with channels 0..255"),
  oneCommand("TTL", "entity_insert_ttl", ["seconds"]),
  oneCommand("Shader", "entity_set_shader", ["key"], "(a loaded shader)"),
  oneCommand("Animation", "entity_set_animation", ["key"], "(a registered animation)"),
  oneCommand("Frozen", "entity_freeze", [], "(stops physics)"),
];
