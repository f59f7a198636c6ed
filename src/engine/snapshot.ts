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
import { componentView } from "./component_view.ts";

/**
 * Build the snapshot. Signal parts are the signals' own cached snapshots, so
 * an unchanged frame costs little; `withComponents` adds every entity's
 * components for `ecs.getComponent`.
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
  withComponents = false,
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
    // Costly per frame, so only for games that call ecs.getComponent.
    ...(withComponents ? { components: componentView(state) } : {}),
  };
}
