/**
 * WorldSignals: the game-wide signals Lua reads through `engine.get_*`, plus
 * named entity references (`set_entity` / `get_entity`).
 *
 * @module
 */
import { Bucket, type SignalRecord } from "./bucket.ts";
import { Signals, type SignalsSnapshot } from "./signals.ts";
import { checkValue, ENTITY_ID } from "./validate.ts";

/**
 * A frozen copy of {@linkcode WorldSignals}: the entity-signal categories plus
 * `entities`.
 *
 * @example
 * ```ts
 * import { WorldSignals, type WorldSignalsSnapshot } from "./world_signals.ts";
 * const signals = new WorldSignals();
 * signals.setEntity("player", 1);
 * const snap: WorldSignalsSnapshot = signals.snapshot();
 * console.assert(snap.entities.player === 1);
 * ```
 */
export interface WorldSignalsSnapshot extends SignalsSnapshot {
  /** Named entity ids. */
  readonly entities: SignalRecord<number>;
}

/**
 * Game-wide signals: scalars, integers, strings, flags and entity references.
 * {@linkcode WorldSignals.snapshot} returns the same frozen object while
 * {@linkcode WorldSignals.version} is unchanged, so sending it to workers only
 * when the version moved is cheap.
 *
 * @example
 * ```ts
 * import { WorldSignals } from "./world_signals.ts";
 * const signals = new WorldSignals();
 * signals.setInteger("score", 10);
 * const snap = signals.snapshot();
 * signals.setInteger("score", 20);
 * console.assert(snap.integers.score === 10);
 * console.assert(signals.snapshot().integers.score === 20);
 * ```
 */
export class WorldSignals extends Signals {
  #entities = new Bucket<number>();
  #entityChanges = 0;
  #snapshot: WorldSignalsSnapshot | undefined;
  #snapshotVersion = -1;

  /**
   * Bumped on every change of any category, entities included.
   *
   * @example
   * ```ts
   * import { WorldSignals } from "./world_signals.ts";
   * const signals = new WorldSignals();
   * const v = signals.version;
   * signals.setEntity("boss", 4);
   * console.assert(signals.version > v);
   * ```
   */
  override get version(): number {
    // Both counters only grow, so their sum is a valid version.
    return super.version + this.#entityChanges;
  }

  /**
   * The entity id stored under `key`, or `undefined`.
   *
   * @example
   * ```ts
   * import { WorldSignals } from "./world_signals.ts";
   * console.assert(new WorldSignals().getEntity("player") === undefined);
   * ```
   */
  getEntity(key: string): number | undefined {
    return this.#entities.get(key);
  }

  /**
   * Store entity `id` under `key`.
   *
   * @throws {InvalidSignalValueError} when `id` is not a positive integer.
   * @example
   * ```ts
   * import { WorldSignals } from "./world_signals.ts";
   * const signals = new WorldSignals();
   * signals.setEntity("player", 3);
   * console.assert(signals.getEntity("player") === 3);
   * ```
   */
  setEntity(key: string, id: number): void {
    checkValue(ENTITY_ID, key, id);
    if (this.#entities.set(key, id)) this.#entityChanges++;
  }

  /**
   * Forget the entity stored under `key`.
   *
   * @example
   * ```ts
   * import { WorldSignals } from "./world_signals.ts";
   * const signals = new WorldSignals();
   * signals.setEntity("player", 3);
   * signals.removeEntity("player");
   * console.assert(signals.getEntity("player") === undefined);
   * ```
   */
  removeEntity(key: string): void {
    if (this.#entities.delete(key)) this.#entityChanges++;
  }

  /**
   * Remove every signal, entity references included.
   *
   * @example
   * ```ts
   * import { WorldSignals } from "./world_signals.ts";
   * const signals = new WorldSignals();
   * signals.setEntity("player", 3);
   * signals.clear();
   * console.assert(signals.getEntity("player") === undefined);
   * ```
   */
  override clear(): void {
    super.clear();
    if (this.#entities.clear()) this.#entityChanges++;
  }

  /**
   * A copy with the same signals and entity references.
   *
   * @example
   * ```ts
   * import { WorldSignals } from "./world_signals.ts";
   * const a = new WorldSignals();
   * a.setEntity("p", 1);
   * console.assert(a.clone().getEntity("p") === 1);
   * ```
   */
  override clone(): WorldSignals {
    const copy = new WorldSignals();
    const base = super.snapshot();
    for (const [k, v] of Object.entries(base.scalars)) copy.setScalar(k, v);
    for (const [k, v] of Object.entries(base.integers)) copy.setInteger(k, v);
    for (const [k, v] of Object.entries(base.strings)) copy.setString(k, v);
    for (const k of Object.keys(base.flags)) copy.setFlag(k);
    for (const [k, v] of this.#entities.entries()) copy.setEntity(k, v);
    return copy;
  }

  /**
   * A frozen snapshot of every category, the same object until the next change.
   *
   * @example
   * ```ts
   * import { WorldSignals } from "./world_signals.ts";
   * const signals = new WorldSignals();
   * console.assert(signals.snapshot() === signals.snapshot());
   * ```
   */
  override snapshot(): WorldSignalsSnapshot {
    const version = this.version;
    if (this.#snapshot === undefined || this.#snapshotVersion !== version) {
      this.#snapshot = Object.freeze({ ...super.snapshot(), entities: this.#entities.view() });
      this.#snapshotVersion = version;
    }
    return this.#snapshot;
  }
}
