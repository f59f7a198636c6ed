/**
 * The world snapshot Lua reads through `engine.get_*`, `cvar.get` and the
 * `input` module, built from the game state once per frame and before each
 * collision callback.
 *
 * @module
 */
import { FILE_ASSET_KINDS, type GameState } from "../commands/game_state.ts";
import type { CVarRegistry } from "../cvar/mod.ts";
import type { SnapshotData } from "../lua/batch_types.ts";
import type { LuaValue } from "../lua/tagged_value.ts";

/**
 * Build the snapshot. Signal parts are the signals' own cached snapshots, so
 * an unchanged frame costs little.
 *
 * @example
 * ```ts ignore
 * const snap = buildSnapshot(state, registry, snapshotInput(input));
 * ```
 */
export function buildSnapshot(
  state: GameState,
  cvars: CVarRegistry,
  input: LuaValue,
): SnapshotData {
  const s = state.signals.snapshot();
  const assets: Record<string, string[]> = {};
  for (const kind of FILE_ASSET_KINDS) assets[kind] = [...state.assets[kind].keys()];
  assets.animation = [...state.animations.keys()];
  return {
    scalars: s.scalars,
    integers: s.integers,
    strings: s.strings,
    flags: Object.keys(s.flags),
    entities: s.entities,
    groups: state.tracked.snapshot(),
    assets,
    cvars: cvars.snapshot() as unknown as Record<string, LuaValue>,
    input,
  };
}
