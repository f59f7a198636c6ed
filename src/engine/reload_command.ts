/**
 * Reloading a running game's scripts as the engine offers it: a reloader over
 * the game's files (watching them with `--watch`) and the console's `reload`
 * command.
 *
 * @module
 */
import type { Console } from "../cvar/mod.ts";
import type { EngineOptions } from "./engine_options.ts";
import type { LoadedGame } from "./load.ts";
import { ScriptReloader, type ScriptReloaderOptions } from "./reload.ts";

/**
 * A reloader for `game` loaded with `options`, with a `reload` command added
 * to `console`; `hooks` are the engine's side of it.
 *
 * @example
 * ```ts
 * import type { Console } from "../cvar/mod.ts";
 * import type { EngineOptions } from "./engine_options.ts";
 * import type { LoadedGame } from "./load.ts";
 * import { gameReloader } from "./reload_command.ts";
 * declare const game: LoadedGame, options: EngineOptions, console: Console;
 * const reloader = gameReloader(game, options, console, {
 *   inUse: () => new Map(),
 *   onReloaded: () => {},
 * });
 * ```
 */
export function gameReloader(
  game: LoadedGame,
  options: EngineOptions,
  console: Console,
  hooks: Pick<ScriptReloaderOptions, "inUse" | "record" | "onReloaded">,
): ScriptReloader {
  const reloader = new ScriptReloader({
    gameDir: options.gameDir,
    host: game.host,
    files: game.files,
    log: game.state.log,
    watch: options.watch,
    replay: options.inputLog,
    ...hooks,
  });
  console.addCommand("reload", {
    usage: "reload",
    summary: "Reload the game's Lua files before the next frame, keeping the world",
    run: () => [{ level: "info", text: reloader.request("console") }],
  });
  return reloader;
}
