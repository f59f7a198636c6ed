/**
 * A Map that counts its changes, so that a reader can tell in one comparison
 * that it is as it was.
 *
 * @module
 */

/**
 * A Map whose {@linkcode VersionedMap.version} changes with every `set`,
 * `delete` that removed a key, and `clear` of a non-empty map (a `set` of the
 * same value counts too: the count says "maybe changed", never "unchanged"
 * wrongly).
 *
 * @example
 * ```ts
 * import { VersionedMap } from "./versioned_map.ts";
 * const m = new VersionedMap<string, number>();
 * const v = m.version;
 * m.set("a", 1);
 * console.assert(m.version !== v && m.get("a") === 1);
 * ```
 */
export class VersionedMap<K, V> extends Map<K, V> {
  #version = 0;

  /** Changes so far. */
  get version(): number {
    return this.#version;
  }

  /** Set `key` to `value`; the version changes. */
  override set(key: K, value: V): this {
    // The Map constructor sets its entries before the fields exist: they start the count at 0.
    if (#version in this) this.#version++;
    return super.set(key, value);
  }

  /** Remove `key`; the version changes when it was there. */
  override delete(key: K): boolean {
    const removed = super.delete(key);
    if (removed) this.#version++;
    return removed;
  }

  /** Remove every entry; the version changes when there were any. */
  override clear(): void {
    if (this.size > 0) this.#version++;
    super.clear();
  }
}
