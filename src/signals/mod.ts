/**
 * Signals: per-entity and world-wide named values (scalars, integers,
 * strings, flags, and for the world, entity references) with cheap frozen
 * snapshots for Lua reads, and the tracked groups whose counts Lua can read.
 *
 * @example
 * ```ts
 * import { TrackedGroups, WorldSignals } from "./mod.ts";
 *
 * const signals = new WorldSignals();
 * signals.setInteger("score", 0);
 * const before = signals.snapshot();
 * signals.setInteger("score", 10);
 * console.assert(before.integers.score === 0);
 * console.assert(signals.snapshot().integers.score === 10);
 *
 * const tracked = new TrackedGroups({ version: 0, count: () => 3 });
 * tracked.track("bricks");
 * console.assert(tracked.snapshot().bricks === 3);
 * ```
 *
 * @module
 */
export { type SignalRecord, Signals, type SignalsApi, type SignalsSnapshot } from "./signals.ts";
export { EntitySignals, keySetOf } from "./entity_signals.ts";
export { EMPTY_KEY_SET, KeySet, type KeySlot } from "./key_set.ts";
export { WorldSignals, type WorldSignalsSnapshot } from "./world_signals.ts";
export { type GroupCounts, TrackedGroups, type TrackedGroupsSnapshot } from "./tracked_groups.ts";
export { InvalidSignalValueError } from "./validate.ts";
