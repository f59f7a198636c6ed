/**
 * Declarations: methods of the entity builder returned by `spawn()`,
 * `clone(key)` and their `collision_` versions. Each `record` method appends
 * one encoded record; `build` emits the spawn or clone command. The methods
 * are declared by topic in the `builder_*.ts` files and assembled here.
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
import { BASIC_METHODS } from "./builder_basics.ts";
import { EXTRA_METHODS } from "./builder_extras.ts";

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
  ...BASIC_METHODS,
  ...EXTRA_METHODS,
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
