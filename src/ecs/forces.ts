/**
 * Named forces (accelerations) per entity, applied by physics in the order
 * they were added.
 *
 * @module
 */
import type { EntityTable } from "./side_table.ts";

/**
 * One named acceleration in units per second squared.
 *
 * @example
 * ```ts
 * import type { Force } from "./forces.ts";
 * const gravity: Force = { x: 0, y: 980, enabled: true };
 * ```
 */
export interface Force {
  /** Horizontal acceleration. */
  x: number;
  /** Vertical acceleration. */
  y: number;
  /** Disabled forces are kept but not applied. */
  enabled: boolean;
}

// A force as the table keeps it: a class, so that its objects have a shape of their own. As plain
// `{ x, y, enabled }` literals they shared their first two fields with every `{ x, y }` object the
// engine makes (a velocity written from Lua made one per command), and each frame with such a
// write sent physicsStep's optimized code back to the interpreter (5x its time with 10,000
// entities with forces).
class StoredForce implements Force {
  constructor(public x: number, public y: number, public enabled: boolean) {}
}

/**
 * The forces of every entity, keyed by eid; each entity's forces keep their
 * insertion order so physics sums them deterministically.
 *
 * @example
 * ```ts
 * import { ForceTable } from "./forces.ts";
 * const forces = new ForceTable();
 * forces.set(1, "gravity", 0, 980);
 * console.assert(forces.get(1, "gravity")?.y === 980);
 * ```
 */
export class ForceTable implements EntityTable {
  /** Each entity's forces by eid (small integers: a lookup is an array read, once per entity a frame). */
  #byEntity: (Map<string, Force> | undefined)[] = [];

  /**
   * Add or replace force `name` of entity `eid`. Replacing keeps its place in
   * the order.
   *
   * @example
   * ```ts
   * import { ForceTable } from "./forces.ts";
   * new ForceTable().set(1, "wind", 5, 0, false);
   * ```
   */
  set(eid: number, name: string, x: number, y: number, enabled = true): void {
    let forces = this.#byEntity[eid];
    if (forces === undefined) this.#byEntity[eid] = forces = new Map();
    const force = forces.get(name);
    if (force === undefined) {
      forces.set(name, new StoredForce(x, y, enabled));
    } else {
      force.x = x;
      force.y = y;
      force.enabled = enabled;
    }
  }

  /**
   * Force `name` of entity `eid`, or `undefined`.
   *
   * @example
   * ```ts
   * import { ForceTable } from "./forces.ts";
   * console.assert(new ForceTable().get(1, "gravity") === undefined);
   * ```
   */
  get(eid: number, name: string): Readonly<Force> | undefined {
    return this.#byEntity[eid]?.get(name);
  }

  /**
   * Remove force `name` of entity `eid`; returns whether it existed.
   *
   * @example
   * ```ts
   * import { ForceTable } from "./forces.ts";
   * const forces = new ForceTable();
   * forces.set(1, "wind", 1, 0);
   * console.assert(forces.remove(1, "wind") && !forces.remove(1, "wind"));
   * ```
   */
  remove(eid: number, name: string): boolean {
    const forces = this.#byEntity[eid];
    if (forces === undefined || !forces.delete(name)) return false;
    if (forces.size === 0) this.#byEntity[eid] = undefined;
    return true;
  }

  /**
   * Turn force `name` on or off; returns false when it does not exist.
   *
   * @example
   * ```ts
   * import { ForceTable } from "./forces.ts";
   * const forces = new ForceTable();
   * forces.set(1, "wind", 1, 0);
   * forces.setEnabled(1, "wind", false);
   * console.assert(forces.get(1, "wind")?.enabled === false);
   * ```
   */
  setEnabled(eid: number, name: string, enabled: boolean): boolean {
    const force = this.#byEntity[eid]?.get(name);
    if (force === undefined) return false;
    force.enabled = enabled;
    return true;
  }

  /**
   * Change the value of force `name`, keeping whether it is enabled; returns
   * false when it does not exist.
   *
   * @example
   * ```ts
   * import { ForceTable } from "./forces.ts";
   * const forces = new ForceTable();
   * forces.set(1, "wind", 1, 0);
   * forces.setValue(1, "wind", 2, 3);
   * console.assert(forces.get(1, "wind")?.y === 3);
   * ```
   */
  setValue(eid: number, name: string, x: number, y: number): boolean {
    const force = this.#byEntity[eid]?.get(name);
    if (force === undefined) return false;
    force.x = x;
    force.y = y;
    return true;
  }

  /**
   * The forces of entity `eid` in insertion order, or `undefined` when it has none.
   *
   * @example
   * ```ts
   * import { ForceTable } from "./forces.ts";
   * const forces = new ForceTable();
   * forces.set(1, "a", 1, 0);
   * forces.set(1, "b", 0, 1);
   * console.assert([...forces.of(1)!.keys()].join() === "a,b");
   * ```
   */
  of(eid: number): ReadonlyMap<string, Readonly<Force>> | undefined {
    return this.#byEntity[eid];
  }

  /**
   * Copy every force of entity `from` onto entity `to` (used by clone).
   *
   * @example
   * ```ts
   * import { ForceTable } from "./forces.ts";
   * const forces = new ForceTable();
   * forces.set(1, "g", 0, 9);
   * forces.copy(1, 2);
   * console.assert(forces.get(2, "g")?.y === 9);
   * ```
   */
  copy(from: number, to: number): void {
    const forces = this.#byEntity[from];
    if (forces === undefined) return;
    for (const [name, f] of forces) this.set(to, name, f.x, f.y, f.enabled);
  }

  /**
   * Remove every force of entity `eid` (the world calls this on despawn).
   *
   * @example
   * ```ts
   * import { ForceTable } from "./forces.ts";
   * const forces = new ForceTable();
   * forces.set(1, "g", 0, 9);
   * console.assert(forces.delete(1) && forces.of(1) === undefined);
   * ```
   */
  delete(eid: number): boolean {
    if (this.#byEntity[eid] === undefined) return false;
    this.#byEntity[eid] = undefined;
    return true;
  }
}
