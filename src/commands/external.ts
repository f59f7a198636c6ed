/**
 * The `cvar` and `console` categories belong to other modules; they are
 * handed to the hooks given at game-state creation.
 *
 * @module
 */
import { consoleSetTarget } from "../cvar/console_target.ts";
import { PROTECTED_CVARS } from "../cvar/engine_cvars.ts";
import { SkippedCommandError } from "./errors.ts";
import type { CategoryCommand, Processor } from "./processor.ts";

/**
 * Hand a `cvar.*` command to `state.hooks.cvar`.
 *
 * @example
 * ```ts
 * import { processCvar } from "./external.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const seen: string[] = [];
 * const state = createGameState({ hooks: { cvar: (cmd) => seen.push(cmd.name) } });
 * processCvar(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "cvar.set", category: "cvar", collision: false, args: { name: "g", value: 1 } },
 * );
 * console.assert(seen[0] === "cvar.set");
 * ```
 */
export const processCvar: Processor<CategoryCommand<"cvar">> = ({ state }, cmd) => {
  if (state.hooks.cvar === undefined) throw new SkippedCommandError("no CVar handler is installed");
  state.hooks.cvar(cmd);
};

/**
 * Hand a `console.*` command to `state.hooks.console`. A line that would set
 * one of the engine's safety limits is skipped: these commands come from
 * game code, which may not change them (the bindings refuse such a line
 * where the game queues it; this holds whatever reaches the queue).
 *
 * @example
 * ```ts
 * import { processConsole } from "./external.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const lines: string[] = [];
 * const state = createGameState({ hooks: { console: (cmd) => lines.push(cmd.args.cmd) } });
 * processConsole(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "console.execute", category: "console", collision: false, args: { cmd: "help" } },
 * );
 * console.assert(lines[0] === "help");
 * ```
 */
export const processConsole: Processor<CategoryCommand<"console">> = ({ state }, cmd) => {
  const target = consoleSetTarget(cmd.args.cmd);
  if (target !== undefined && PROTECTED_CVARS.has(target)) {
    throw new SkippedCommandError(
      `${target} cannot be changed by the game (an engine safety limit: ` +
        `set it from the console or with +set)`,
    );
  }
  if (state.hooks.console === undefined) {
    throw new SkippedCommandError("no console handler is installed");
  }
  state.hooks.console(cmd);
};
