/**
 * Group membership: named sets of entities (an entity may be in several).
 *
 * Keyed by eid like every side table; member lists hold public ids so they can
 * be sorted by id for deterministic iteration.
 *
 * @module
 */
import { UnknownEntityError } from "./errors.ts";
import type { EntityTable } from "./side_table.ts";

const NO_GROUPS: readonly string[] = Object.freeze([]);
const NO_MEMBERS: readonly number[] = Object.freeze([]);

/**
 * The groups of every entity, with per-group counts and sorted member lists.
 *
 * Each world owns one as `world.groups`; its `idOf` resolves eids to public ids.
 *
 * @example
 * ```ts
 * import { createWorld, eidOf, spawnEntity } from "./mod.ts";
 * const world = createWorld();
 * const id = spawnEntity(world);
 * world.groups.add(eidOf(world, id)!, "enemies");
 * console.assert(world.groups.count("enemies") === 1);
 * ```
 */
export class GroupTable implements EntityTable {
  #idOf: (eid: number) => number;
  #byEntity = new Map<number, string[]>();
  #members = new Map<string, Set<number>>();
  // Sorted member lists, rebuilt only after the group changes.
  #sorted = new Map<string, readonly number[]>();
  #version = 0;

  /**
   * Create a table; `idOf` maps an eid to its public id (0 when not alive).
   *
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * const groups = new GroupTable((eid) => eid + 100);
   * groups.add(1, "a");
   * console.assert(groups.members("a")[0] === 101);
   * ```
   */
  constructor(idOf: (eid: number) => number) {
    this.#idOf = idOf;
  }

  /**
   * Bumped on every membership change; lets caches know when to refresh.
   *
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * const groups = new GroupTable((eid) => eid);
   * const before = groups.version;
   * groups.add(1, "a");
   * console.assert(groups.version !== before);
   * ```
   */
  get version(): number {
    return this.#version;
  }

  /**
   * Put entity `eid` in `group`; returns false when it already was.
   *
   * @throws {UnknownEntityError} when `eid` is not alive.
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * const groups = new GroupTable((eid) => eid);
   * console.assert(groups.add(1, "a") && !groups.add(1, "a"));
   * ```
   */
  add(eid: number, group: string): boolean {
    const id = this.#idOf(eid);
    if (id === 0) throw new UnknownEntityError(`Entity eid ${eid} is not alive`);
    let groups = this.#byEntity.get(eid);
    if (groups === undefined) {
      groups = [];
      this.#byEntity.set(eid, groups);
    } else if (groups.includes(group)) {
      return false;
    }
    groups.push(group);
    let members = this.#members.get(group);
    if (members === undefined) {
      members = new Set();
      this.#members.set(group, members);
    }
    members.add(id);
    this.#changed(group);
    return true;
  }

  /**
   * Take entity `eid` out of `group`; returns false when it was not in it.
   *
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * const groups = new GroupTable((eid) => eid);
   * groups.add(1, "a");
   * console.assert(groups.remove(1, "a") && groups.count("a") === 0);
   * ```
   */
  remove(eid: number, group: string): boolean {
    const groups = this.#byEntity.get(eid);
    const at = groups?.indexOf(group) ?? -1;
    if (groups === undefined || at < 0) return false;
    groups.splice(at, 1);
    if (groups.length === 0) this.#byEntity.delete(eid);
    this.#leave(this.#idOf(eid), group);
    return true;
  }

  /**
   * Take entity `eid` out of every group (the world calls this on despawn).
   *
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * const groups = new GroupTable((eid) => eid);
   * groups.add(1, "a");
   * groups.add(1, "b");
   * groups.delete(1);
   * console.assert(groups.count("a") + groups.count("b") === 0);
   * ```
   */
  delete(eid: number): boolean {
    const groups = this.#byEntity.get(eid);
    if (groups === undefined) return false;
    this.#byEntity.delete(eid);
    const id = this.#idOf(eid);
    for (const group of groups) this.#leave(id, group);
    return true;
  }

  /**
   * Whether entity `eid` is in `group`.
   *
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * const groups = new GroupTable((eid) => eid);
   * groups.add(1, "a");
   * console.assert(groups.has(1, "a") && !groups.has(1, "b"));
   * ```
   */
  has(eid: number, group: string): boolean {
    return this.#byEntity.get(eid)?.includes(group) ?? false;
  }

  /**
   * The groups of entity `eid` in the order it joined them.
   *
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * const groups = new GroupTable((eid) => eid);
   * groups.add(1, "b");
   * groups.add(1, "a");
   * console.assert(groups.of(1).join() === "b,a");
   * ```
   */
  of(eid: number): readonly string[] {
    return this.#byEntity.get(eid) ?? NO_GROUPS;
  }

  /**
   * How many live entities are in `group` (0 for a group never used).
   *
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * console.assert(new GroupTable((eid) => eid).count("none") === 0);
   * ```
   */
  count(group: string): number {
    return this.#members.get(group)?.size ?? 0;
  }

  /**
   * Public ids of the members of `group`, ascending. The array is frozen and
   * shared until the group changes.
   *
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * const groups = new GroupTable((eid) => 10 - eid);
   * groups.add(1, "a");
   * groups.add(2, "a");
   * console.assert(groups.members("a").join() === "8,9");
   * ```
   */
  members(group: string): readonly number[] {
    let sorted = this.#sorted.get(group);
    if (sorted === undefined) {
      const members = this.#members.get(group);
      if (members === undefined) return NO_MEMBERS;
      sorted = Object.freeze([...members].sort((a, b) => a - b));
      this.#sorted.set(group, sorted);
    }
    return sorted;
  }

  /**
   * Names of the groups that have members, sorted.
   *
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * const groups = new GroupTable((eid) => eid);
   * groups.add(1, "walls");
   * groups.add(1, "ball");
   * console.assert(groups.names().join() === "ball,walls");
   * ```
   */
  names(): string[] {
    return [...this.#members.keys()].sort();
  }

  /**
   * Member count of every non-empty group, keys sorted (the dump-state
   * `group_counts`).
   *
   * @example
   * ```ts
   * import { GroupTable } from "./groups.ts";
   * const groups = new GroupTable((eid) => eid);
   * groups.add(1, "ball");
   * console.assert(groups.counts().ball === 1);
   * ```
   */
  counts(): Record<string, number> {
    return Object.fromEntries(this.names().map((name) => [name, this.count(name)]));
  }

  #leave(id: number, group: string): void {
    const members = this.#members.get(group);
    if (members === undefined) return;
    members.delete(id);
    // Empty groups are dropped so names() lists only groups that have members.
    if (members.size === 0) this.#members.delete(group);
    this.#changed(group);
  }

  #changed(group: string): void {
    this.#sorted.delete(group);
    this.#version++;
  }
}
