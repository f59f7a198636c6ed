/**
 * Tracked groups: the groups whose live member counts Lua can read with
 * `engine.get_group_count` (untracked groups read as nil).
 *
 * @module
 */
import { checkKey } from "./validate.ts";

/**
 * Where tracked groups read counts from; a world's `groups` table is one.
 *
 * @example
 * ```ts
 * import type { GroupCounts } from "./tracked_groups.ts";
 * const none: GroupCounts = { version: 0, count: () => 0 };
 * ```
 */
export interface GroupCounts {
  /** Changes whenever any count may have changed. */
  readonly version: number;
  /** Live members of `group`. */
  count(group: string): number;
}

/**
 * Frozen `{group: count}` of the tracked groups, in tracking order.
 *
 * @example
 * ```ts
 * import type { TrackedGroupsSnapshot } from "./tracked_groups.ts";
 * const snap: TrackedGroupsSnapshot = Object.freeze({ enemies: 3 });
 * ```
 */
export type TrackedGroupsSnapshot = { readonly [group: string]: number };

/**
 * The set of tracked group names and their counts, read from a
 * {@linkcode GroupCounts} such as `world.groups`.
 *
 * @example
 * ```ts
 * import { createWorld, eidOf, spawnEntity } from "../ecs/mod.ts";
 * import { TrackedGroups } from "./tracked_groups.ts";
 * const world = createWorld();
 * const tracked = new TrackedGroups(world.groups);
 * tracked.track("bricks");
 * world.groups.add(eidOf(world, spawnEntity(world))!, "bricks");
 * console.assert(tracked.count("bricks") === 1);
 * ```
 */
export class TrackedGroups {
  #source: GroupCounts;
  #names = new Set<string>();
  #changes = 0;
  #snapshot: TrackedGroupsSnapshot | undefined;
  #snapshotSource = -1;
  #snapshotChanges = -1;

  /**
   * Track nothing yet; counts come from `source`.
   *
   * @example
   * ```ts
   * import { TrackedGroups } from "./tracked_groups.ts";
   * const tracked = new TrackedGroups({ version: 0, count: () => 2 });
   * ```
   */
  constructor(source: GroupCounts) {
    this.#source = source;
  }

  /**
   * Start tracking `group`.
   *
   * @example
   * ```ts
   * import { TrackedGroups } from "./tracked_groups.ts";
   * const tracked = new TrackedGroups({ version: 0, count: () => 2 });
   * tracked.track("enemies");
   * console.assert(tracked.has("enemies"));
   * ```
   */
  track(group: string): void {
    checkKey(group);
    if (this.#names.has(group)) return;
    this.#names.add(group);
    this.#changes++;
  }

  /**
   * Stop tracking `group`.
   *
   * @example
   * ```ts
   * import { TrackedGroups } from "./tracked_groups.ts";
   * const tracked = new TrackedGroups({ version: 0, count: () => 2 });
   * tracked.track("enemies");
   * tracked.untrack("enemies");
   * console.assert(!tracked.has("enemies"));
   * ```
   */
  untrack(group: string): void {
    if (this.#names.delete(group)) this.#changes++;
  }

  /**
   * Stop tracking every group.
   *
   * @example
   * ```ts
   * import { TrackedGroups } from "./tracked_groups.ts";
   * const tracked = new TrackedGroups({ version: 0, count: () => 2 });
   * tracked.track("a");
   * tracked.clear();
   * console.assert(tracked.names().length === 0);
   * ```
   */
  clear(): void {
    if (this.#names.size === 0) return;
    this.#names.clear();
    this.#changes++;
  }

  /**
   * Whether `group` is tracked.
   *
   * @example
   * ```ts
   * import { TrackedGroups } from "./tracked_groups.ts";
   * console.assert(!new TrackedGroups({ version: 0, count: () => 0 }).has("a"));
   * ```
   */
  has(group: string): boolean {
    return this.#names.has(group);
  }

  /**
   * Tracked group names in tracking order.
   *
   * @example
   * ```ts
   * import { TrackedGroups } from "./tracked_groups.ts";
   * const tracked = new TrackedGroups({ version: 0, count: () => 0 });
   * tracked.track("b");
   * tracked.track("a");
   * console.assert(tracked.names().join() === "b,a");
   * ```
   */
  names(): string[] {
    return [...this.#names];
  }

  /**
   * Live members of `group`, or `undefined` when it is not tracked.
   *
   * @example
   * ```ts
   * import { TrackedGroups } from "./tracked_groups.ts";
   * const tracked = new TrackedGroups({ version: 0, count: () => 5 });
   * console.assert(tracked.count("a") === undefined);
   * tracked.track("a");
   * console.assert(tracked.count("a") === 5);
   * ```
   */
  count(group: string): number | undefined {
    return this.#names.has(group) ? this.#source.count(group) : undefined;
  }

  /**
   * Frozen `{group: count}` of every tracked group, the same object until the
   * tracked set or a membership changes.
   *
   * @example
   * ```ts
   * import { TrackedGroups } from "./tracked_groups.ts";
   * const tracked = new TrackedGroups({ version: 0, count: () => 1 });
   * tracked.track("a");
   * const snap = tracked.snapshot();
   * console.assert(snap.a === 1 && snap === tracked.snapshot());
   * ```
   */
  snapshot(): TrackedGroupsSnapshot {
    const sourceVersion = this.#source.version;
    if (
      this.#snapshot === undefined || this.#snapshotSource !== sourceVersion ||
      this.#snapshotChanges !== this.#changes
    ) {
      const counts = [...this.#names].map((name) => [name, this.#source.count(name)] as const);
      // Keep the old object when no tracked count moved, so identity tells
      // consumers (the worker batch) whether anything needs resending.
      if (this.#snapshot === undefined || !sameCounts(this.#snapshot, counts)) {
        this.#snapshot = Object.freeze(Object.fromEntries(counts));
      }
      this.#snapshotSource = sourceVersion;
      this.#snapshotChanges = this.#changes;
    }
    return this.#snapshot;
  }
}

function sameCounts(
  snapshot: TrackedGroupsSnapshot,
  counts: readonly (readonly [string, number])[],
): boolean {
  const keys = Object.keys(snapshot);
  return keys.length === counts.length &&
    counts.every(([name, n], i) => keys[i] === name && snapshot[name] === n);
}
