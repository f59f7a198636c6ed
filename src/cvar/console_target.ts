/**
 * Which CVar a console line would set, read without running it, so a line
 * queued by game code (`console.execute`) can be refused when it would
 * change a CVar the game may not change.
 *
 * @module
 */
import { splitWord } from "./command_line.ts";

/**
 * The console's command words (`Console.commands`, checked by a test). Any
 * other first word followed by a value is the `NAME VALUE` shorthand.
 *
 * @example
 * ```ts
 * import { CONSOLE_COMMANDS } from "./console_target.ts";
 * CONSOLE_COMMANDS.includes("set"); // true
 * ```
 */
export const CONSOLE_COMMANDS: readonly string[] = Object.freeze([
  "exec",
  "get",
  "help",
  "list",
  "set",
]);

/**
 * The name of the CVar `line` would set (`set NAME VALUE` or the shorthand
 * `NAME VALUE`), or `undefined` when it sets none. The name is returned as
 * written, whether or not such a CVar exists. `exec` lines are not looked
 * into: their Lua runs with the checks of game code.
 *
 * @example
 * ```ts
 * import { consoleSetTarget } from "./console_target.ts";
 * consoleSetTarget("set lua_max_instructions 1e9"); // "lua_max_instructions"
 * consoleSetTarget("  r_fov   90"); // "r_fov"
 * consoleSetTarget("r_fov"); // undefined (shows it)
 * consoleSetTarget("help r_fov"); // undefined
 * ```
 */
export function consoleSetTarget(line: string): string | undefined {
  const [word, args] = splitWord(line);
  if (word === "set") {
    const [name] = splitWord(args);
    return name === "" ? undefined : name;
  }
  if (word === "" || args === "" || CONSOLE_COMMANDS.includes(word)) return undefined;
  return word;
}
