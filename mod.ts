/**
 * Moonglow: a 2D game framework for Deno. An ECS core (bitECS) runs the
 * world; game logic is Lua 5.4 (wasmoon) running in Deno Workers that hold
 * pooled Lua states. Lua queues commands; the engine applies them at fixed
 * points of each frame.
 *
 * This module is what a TypeScript program needs to run a game and to add
 * its own systems: {@linkcode Engine} and its options, the renderers, CVars,
 * input logs, and the ECS functions and components a system reads and
 * writes. Writing the game itself (Lua) is described in the guide
 * (`docs/guide.md`) and the Lua API reference (`docs/api.md`).
 *
 * Run a game headless for 600 frames and read its state:
 *
 * @example
 * ```ts
 * import { Engine } from "@moonglow/engine";
 *
 * const engine = await Engine.load({ gameDir: "examples/breakout", workers: 2 });
 * try {
 *   while (engine.frame < 600) await engine.step();
 *   console.log(engine.dump().hash);
 * } finally {
 *   engine.close();
 * }
 * ```
 *
 * Play it in the terminal in real time: fixed simulation steps, drawn once
 * per display frame.
 *
 * @example
 * ```ts ignore
 * import { Engine, FixedTimestep, TerminalRenderer } from "@moonglow/engine";
 *
 * const renderer = new TerminalRenderer();
 * const engine = await Engine.load({ gameDir: "examples/breakout", renderer });
 * const clock = new FixedTimestep({ hz: engine.cvars.getNumber("sys_tick_hz") });
 * await renderer.start();
 * try {
 *   let last = performance.now();
 *   while (!engine.quitRequested) {
 *     const now = performance.now();
 *     const { steps } = clock.advance((now - last) / 1000);
 *     last = now;
 *     for (let i = 0; i < steps; i++) await engine.step({ render: i === steps - 1 });
 *     await new Promise((r) => setTimeout(r, clock.dt * 1000));
 *   }
 * } finally {
 *   await renderer.stop();
 *   engine.close();
 * }
 * ```
 *
 * Add a system of your own to a stage of the frame: here gravity, before
 * the engine's physics integrates velocities.
 *
 * @example
 * ```ts ignore
 * import { aliveIds, Engine, getComponent, setComponent, Velocity } from "@moonglow/engine";
 *
 * const engine = await Engine.load({ gameDir: "examples/breakout" });
 * engine.addSystem("apply", "gravity", ({ engine, dt }) => {
 *   for (const id of aliveIds(engine.world)) {
 *     const v = getComponent(engine.world, id, Velocity);
 *     if (v) setComponent(engine.world, id, Velocity, { x: v.x, y: v.y + 400 * dt });
 *   }
 * });
 * ```
 *
 * @module
 */
export { MoonglowError, type Result } from "./src/core/errors.ts";

// Running a game.
export { Engine, GameLoadFailedError } from "./src/engine/engine.ts";
export type { EngineFrame, EngineOptions } from "./src/engine/engine_options.ts";
export { GameFilesError } from "./src/engine/game_files.ts";
export { EngineLog, type ErrorRecord, type LogEntry, type LogLevel } from "./src/state/log.ts";
export { FixedTimestep, type TimestepOptions, type TimestepResult } from "./src/ecs/timestep.ts";
export type {
  AudioDump,
  CallbackProfileDump,
  DumpState,
  EntityDump,
  ErrorDump,
  LogDump,
  ProfileDump,
  SignalSet,
  StageProfileDump,
  WorldSignalsDump,
} from "./src/engine/dump_state.ts";

// Input logs: replaying (`inputLog`) and recording (`record`).
export {
  type InputLogEntry,
  InputLogError,
  parseInputLog,
  readInputLog,
} from "./src/input/input_log.ts";
export { InputRecorder } from "./src/input/input_recorder.ts";
export type { InputEvent } from "./src/input/events.ts";
export {
  DEFAULT_BINDINGS,
  KeyBindingError,
  type KeyBindings,
  withBindings,
} from "./src/input/bindings.ts";
export { type Action, ACTIONS } from "./src/input/actions.ts";

// Renderers.
export { HeadlessRenderer } from "./src/render/headless.ts";
export { TerminalRenderer } from "./src/render/terminal/terminal_renderer.ts";
export {
  PngTextureSampler,
  type TextureFrame,
  type TextureSampler,
} from "./src/render/terminal/texture_sampler.ts";
export { WebRenderer, type WebRendererOptions } from "./src/render/web/web_renderer.ts";
export { WebProtocolError } from "./src/render/web/errors.ts";
export { AssetLoadError } from "./src/assets/errors.ts";
export { type GameManifest, ManifestError, readManifest } from "./src/engine/manifest.ts";
export {
  type DigestEntry,
  type DigestInput,
  ErrorDigest,
  formatErrorSummary,
} from "./src/state/error_digest.ts";
export type {
  AudioCue,
  Camera as RenderCamera,
  Drawable,
  OverlayError,
  RenderAsset,
  RenderAssets,
  Renderer,
  RendererEvent,
  RenderError,
  RenderFrame,
  RenderUniform,
  Rgba,
  ShaderUse,
} from "./src/core/render_types.ts";

// CVars and the console.
export { CVarRegistry } from "./src/cvar/registry.ts";
export { Console, type ConsoleCommand } from "./src/cvar/console.ts";
export { ConsoleHistory } from "./src/cvar/history.ts";
export type { ConsoleLevel, ConsoleLine } from "./src/cvar/output.ts";
export type { PlusSet } from "./src/cvar/plus_sets.ts";
export {
  CVAR_FLAGS,
  type CVarChange,
  type CVarDefinition,
  type CVarFlag,
  type CVarInfo,
  type CVarSetResult,
  type CVarSetter,
  type CVarSnapshotEntry,
  type CVarSpec,
  type CVarType,
  type CVarValue,
} from "./src/cvar/types.ts";

// Systems: the frame's stages, the world, entities and components.
export { type Stage, STAGES } from "./src/ecs/stages.ts";
export { despawnEntity, type EcsWorld, spawnEntity, World } from "./src/ecs/world.ts";
export { aliveIds, eidOf, isAlive } from "./src/ecs/entity_lookup.ts";
export {
  addComponent,
  getComponent,
  hasComponent,
  removeComponent,
  setComponent,
} from "./src/ecs/entity_components.ts";
export {
  type ComponentDef,
  defineComponent,
  defineTag,
  type FieldDefaults,
  type Store,
} from "./src/ecs/store.ts";
export {
  Collider,
  type CoreComponents,
  type CoreStores,
  Friction,
  Frozen,
  MaxSpeed,
  Persistent,
  Position,
  Rotation,
  Scale,
  ScreenSpace,
  type StoreOf,
  Velocity,
  ZIndex,
} from "./src/ecs/components.ts";
export { colliderRect, type Rect } from "./src/ecs/collider_rect.ts";
export { type EntityTable, SideTable } from "./src/ecs/side_table.ts";
export { GroupTable } from "./src/ecs/groups.ts";
export { type Force, ForceTable } from "./src/ecs/forces.ts";
export { WorldSignals, type WorldSignalsSnapshot } from "./src/signals/world_signals.ts";
export { Signals, type SignalsApi, type SignalsSnapshot } from "./src/signals/signals.ts";
export { EntitySignals } from "./src/signals/entity_signals.ts";
export type { SignalRecord } from "./src/signals/bucket.ts";
