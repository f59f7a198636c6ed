/**
 * Errors raised by the world.
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * Thrown when an operation needs a live entity and the eid or id names none.
 *
 * @example
 * ```ts
 * import { UnknownEntityError } from "./errors.ts";
 * const e = new UnknownEntityError("Entity eid 7 is not alive");
 * console.assert(e.name === "UnknownEntityError");
 * ```
 */
export class UnknownEntityError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "UNKNOWN_ENTITY";
}

/**
 * Thrown when a spawn would exceed the world's entity capacity.
 *
 * @example
 * ```ts
 * import { createWorld, spawnEntity, WorldCapacityError } from "./mod.ts";
 * const world = createWorld({ capacity: 2, growable: false });
 * spawnEntity(world);
 * try {
 *   spawnEntity(world);
 * } catch (e) {
 *   console.assert(e instanceof WorldCapacityError);
 * }
 * ```
 */
export class WorldCapacityError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "WORLD_CAPACITY";
}
