/**
 * The world snapshot Lua reads through `engine.get_*`, `cvar.get` and the
 * `input` module, built from the game state once per frame and before each
 * collision callback.
 *
 * @module
 */
import { FILE_ASSET_KINDS, type GameState } from "../state/game_state.ts";
import type { CVarRegistry } from "../cvar/mod.ts";
import type { InputSnapshot } from "../input/actions.ts";
import type { SnapshotData } from "../lua/batch_types.ts";
import { ComponentsPart } from "../lua/components_part.ts";
import { LuaFloat, type LuaRecord, type LuaValue } from "../lua/tagged_value.ts";
import type { WorldSignalsSnapshot } from "../signals/mod.ts";
import { componentsPart } from "./component_view.ts";
import { callbackInput, snapshotInput } from "./input_table.ts";

/**
 * Build the snapshot. Signal parts are the signals' own cached snapshots, so
 * an unchanged frame costs little; `withComponents` adds every entity's
 * components for `ecs.getComponent`; `reuse` gives CVars, assets, flags or
 * components parts known to be unchanged, which are then not built again.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { CVarRegistry } from "../cvar/mod.ts";
 * import { InputBuilder } from "../input/input_builder.ts";
 * import { snapshotInput } from "./input_table.ts";
 * import { buildSnapshot } from "./snapshot.ts";
 * const input = new InputBuilder().endFrame(0);
 * const snap = buildSnapshot(createGameState(), new CVarRegistry(), snapshotInput(input));
 * ```
 */
export function buildSnapshot(
  state: GameState,
  cvars: CVarRegistry,
  input: LuaValue,
  withComponents = false,
  reuse: Partial<Pick<SnapshotData, "cvars" | "assets" | "components" | "flags">> = {},
): SnapshotData {
  const s = state.signals.snapshot();
  return {
    scalars: s.scalars,
    integers: s.integers,
    strings: s.strings,
    flags: reuse.flags ?? Object.keys(s.flags),
    entities: s.entities,
    groups: state.tracked.snapshot(),
    assets: reuse.assets ?? assetsOf(state),
    cvars: reuse.cvars ?? luaCVars(cvars),
    input,
    // A part of every entity: only for games that call ecs.getComponent.
    ...(withComponents ? { components: reuse.components ?? componentsPart(state) } : {}),
  };
}

// Float CVars reach Lua as floats (75.0), as their type says, even when whole.
function luaCVars(cvars: CVarRegistry): Record<string, LuaValue> {
  const out: Record<string, unknown> = {};
  for (const [name, e] of Object.entries(cvars.snapshot())) {
    if (e.type !== "float") out[name] = e;
    else {
      const f = (n: number | undefined) => (n === undefined ? undefined : new LuaFloat(n));
      out[name] = { ...e, value: new LuaFloat(e.value as number), min: f(e.min), max: f(e.max) };
    }
  }
  return out as Record<string, LuaValue>;
}

function assetsOf(state: GameState): Record<string, string[]> {
  const assets: Record<string, string[]> = {};
  for (const kind of FILE_ASSET_KINDS) assets[kind] = [...state.assets[kind].keys()];
  assets.animation = [...state.animations.keys()];
  return assets;
}

// Map order is insertion order, so equal key sequences mean unchanged maps
// (an unload and reload moves the key to the end).
function sameKeys(map: ReadonlyMap<string, unknown>, keys: readonly string[] | undefined): boolean {
  if (keys === undefined || map.size !== keys.length) return false;
  let i = 0;
  for (const k of map.keys()) if (keys[i++] !== k) return false;
  return true;
}

/**
 * How {@linkcode SnapshotCache.snapshot} makes the components part: `"write"`
 * writes it now; `"later"` when it is first read (a collision stage asks for a
 * snapshot after every callback and sends few of them; nothing else may change
 * the world in between); `"keep"` keeps the last one, however the world
 * changed since (the collision stage checks what callbacks read of it).
 *
 * @example
 * ```ts
 * import type { ComponentsMode } from "./snapshot.ts";
 * const mode: ComponentsMode = "keep";
 * ```
 */
export type ComponentsMode = "write" | "later" | "keep";

/**
 * Builds snapshots and callback input tables, handing back the same objects
 * while nothing they contain changed, so the script stage can tell by
 * identity that it need not encode them again (collision callbacks ask for a
 * snapshot per pair). Keys: the signals' and tracked groups' own cached
 * snapshots, the CVar registry's version, the frame's input object and the
 * asset keys; the components part is kept while the caller knows the world
 * is unchanged.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { CVarRegistry } from "../cvar/mod.ts";
 * import { InputBuilder } from "../input/input_builder.ts";
 * import { SnapshotCache } from "./snapshot.ts";
 * const input = new InputBuilder().endFrame(0);
 * const cache = new SnapshotCache(createGameState(), new CVarRegistry());
 * const snap = cache.snapshot(input);
 * cache.snapshot(input) === snap; // true until something changes
 * ```
 */
export class SnapshotCache {
  readonly #state: GameState;
  readonly #cvars: CVarRegistry;
  #signals: WorldSignalsSnapshot | undefined;
  #groups: unknown;
  #cvarsVersion = -1;
  #input: InputSnapshot | undefined;
  #snapshot: SnapshotData | undefined;
  #callbackFor: InputSnapshot | undefined;
  #callback: LuaRecord | undefined;
  #assetVersions: number[] = [];

  /** Snapshots of `state` with the CVars of `cvars`. */
  constructor(state: GameState, cvars: CVarRegistry) {
    this.#state = state;
    this.#cvars = cvars;
  }

  /**
   * The snapshot of the state now; the previous object when nothing changed.
   * `mode` says how its components part is made (see
   * {@linkcode ComponentsMode}).
   */
  snapshot(
    input: InputSnapshot,
    withComponents = false,
    mode: ComponentsMode = "write",
  ): SnapshotData {
    const state = this.#state, cvars = this.#cvars;
    const signals = state.signals.snapshot();
    const groups = state.tracked.snapshot();
    const last = this.#snapshot;
    const sameCVars = last !== undefined && cvars.version === this.#cvarsVersion;
    const sameInput = last !== undefined && input === this.#input;
    const sameAssets = last !== undefined && this.#sameAssets(state, last.assets);
    const components = withComponents ? this.#components(last?.components, mode) : undefined;
    if (
      last !== undefined && components === last.components && signals === this.#signals &&
      groups === this.#groups && sameCVars && sameInput && sameAssets
    ) return last;
    // Parts that did not change stay the same objects: the batch encoder keeps their bytes.
    const snap = buildSnapshot(
      state,
      cvars,
      sameInput ? last.input : snapshotInput(input),
      withComponents,
      {
        cvars: sameCVars ? last.cvars : undefined,
        assets: sameAssets ? last.assets : undefined,
        // The flag list is made from the signals' snapshot: the same one gives the same list.
        flags: last !== undefined && signals === this.#signals ? last.flags : undefined,
        components,
      },
    );
    this.#signals = signals;
    this.#groups = groups;
    this.#cvarsVersion = cvars.version;
    this.#input = input;
    this.#snapshot = snap;
    if (!sameAssets) this.#noteAssetVersions(state);
    return snap;
  }

  /** The callbacks' `input` table for `input`; the previous object for the same input. */
  input(input: InputSnapshot): LuaRecord {
    if (this.#callback === undefined || input !== this.#callbackFor) {
      this.#callback = callbackInput(input);
      this.#callbackFor = input;
    }
    return this.#callback;
  }

  #components(last: ComponentsPart | undefined, mode: ComponentsMode): ComponentsPart {
    if (last !== undefined && mode === "keep") return last;
    // A part not written yet never will be: the world it was to show may change from now on.
    last?.expire();
    const state = this.#state;
    return mode === "write"
      ? componentsPart(state)
      : ComponentsPart.later(() => componentsPart(state).bytes);
  }

  #sameAssets(state: GameState, assets: Readonly<Record<string, readonly string[]>>): boolean {
    // A collision stage asks after every callback: unchanged maps are told by their versions.
    const versions = this.#assetVersions;
    let unchanged = versions.length === FILE_ASSET_KINDS.length + 1;
    for (let i = 0; unchanged && i < FILE_ASSET_KINDS.length; i++) {
      unchanged = versions[i] === state.assets[FILE_ASSET_KINDS[i]!].version;
    }
    if (unchanged && versions[FILE_ASSET_KINDS.length] === state.animations.version) return true;
    for (const kind of FILE_ASSET_KINDS) {
      if (!sameKeys(state.assets[kind], assets[kind])) return false;
    }
    if (!sameKeys(state.animations, assets.animation)) return false;
    this.#noteAssetVersions(state);
    return true;
  }

  // The asset maps' versions the last snapshot's asset keys were read (or checked) at.
  #noteAssetVersions(state: GameState): void {
    this.#assetVersions = [
      ...FILE_ASSET_KINDS.map((kind) => state.assets[kind].version),
      state.animations.version,
    ];
  }
}
