/**
 * Moonglow: a 2D game framework for Deno. An ECS core (bitECS) runs the
 * world; game logic is Lua 5.4 (wasmoon) running in Deno Workers that hold
 * pooled Lua states. Lua queues commands; the engine applies them at fixed
 * points of each frame.
 *
 * Run a game and read its state:
 *
 * @example
 * ```ts ignore
 * import { Engine } from "@moonglow/engine";
 *
 * const engine = await Engine.load({ gameDir: "examples/breakout", workers: 2 });
 * while (engine.frame < 600) await engine.step();
 * console.log(engine.dump().hash);
 * engine.close();
 * ```
 *
 * Add your own TypeScript system to any stage of the frame:
 *
 * @example
 * ```ts
 * import { addSystem, createScheduler, runFrame } from "@moonglow/engine";
 * const scheduler = createScheduler<{ dt: number }>({ onError: (f) => console.error(f) });
 * addSystem(scheduler, "physics", "gravity", (ctx) => void ctx.dt);
 * await runFrame(scheduler, { dt: 1 / 60 });
 * ```
 *
 * @module
 */
export {
  Engine,
  type EngineFrame,
  type EngineOptions,
  GameLoadFailedError,
} from "./src/engine/engine.ts";
export { kindName, Profiler } from "./src/engine/profiler.ts";
export type {
  BatchFrame,
  CallbackOutcome,
  OmitIndexSeed,
  PlannedCallback,
} from "./src/engine/script_stage.ts";
export {
  EngineLog,
  type EngineLogOptions,
  type ErrorRecord,
  type LogEntry,
  type LogLevel,
} from "./src/engine/log.ts";
export * from "./src/engine/ceilings.ts";
export { OutsideGameFolderError, resolveGamePath } from "./src/engine/game_path.ts";
export * from "./src/ecs/mod.ts";
export * from "./src/signals/mod.ts";
export * from "./src/lua/mod.ts";
export * from "./src/cvar/mod.ts";
export * from "./src/api/mod.ts";
export * from "./src/commands/mod.ts";
export * from "./src/ecs/gameplay/mod.ts";
export * from "./src/systems/mod.ts";
export type {
  AudioCue,
  Camera as RenderCamera,
  Drawable,
  RenderAsset,
  RenderAssets,
  Renderer,
  RendererEvent,
  RenderError,
  RenderFrame,
  RenderUniform,
  Rgba,
  ShaderUse,
} from "./src/render/types.ts";
export * from "./src/assets/mod.ts";
export { HeadlessRenderer } from "./src/render/headless.ts";
export * from "./src/render/terminal/mod.ts";
export * from "./src/render/web/mod.ts";
export * from "./src/input/mod.ts";
export * from "./src/cli/dump_state.ts";
