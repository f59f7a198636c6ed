/**
 * Lua error text in the game's words. The VM reports an error as its message
 * and Lua's stack traceback; the traceback also walks through the engine's
 * own chunks (`=moonglow_runtime:553`, `[moonglow sandbox]:160`, `[C]`
 * frames). A game author only needs the frames of the game's files, so
 * {@linkcode gameErrorText} keeps those, and names the game line in the
 * message when the message itself names none (`error({})`).
 *
 * A game file is any chunk whose name does not start with `=`, `[` or `(`:
 * the engine names its chunks `=...` or `[...]`, Lua names C functions
 * `[C]` and text chunks `[string "..."]`.
 *
 * @example
 * ```ts
 * import { gameErrorText } from "./error_text.ts";
 * gameErrorText([
 *   "main.lua:2: boom",
 *   "stack traceback:",
 *   "\t[C]: in function 'error'",
 *   "\tmain.lua:2: in function <main.lua:1>",
 *   "\t=moonglow_runtime:553: in upvalue 'protected'",
 * ].join("\n"));
 * // "main.lua:2: boom\nstack traceback:\n\tmain.lua:2: in function <main.lua:1>"
 * ```
 *
 * @module
 */

const TRACEBACK = "\nstack traceback:\n";
/** `source:line: ` at the start of a message or of a traceback frame (after its tab). */
const WHERE_RE = /^([^\n:]+):(\d+): /;

/**
 * Whether a chunk name (a traceback's `short_src`) is one of the game's
 * files rather than the engine's, Lua's C functions or a text chunk.
 *
 * @example
 * ```ts
 * import { isGameSource } from "./error_text.ts";
 * isGameSource("lib/enemy.lua"); // true
 * isGameSource("=moonglow_runtime"); // false
 * isGameSource("[C]"); // false
 * ```
 */
export function isGameSource(source: string): boolean {
  return source !== "" && !/^[=[(]/.test(source);
}

/**
 * The `file:line` an error message starts with, when it names a game file.
 *
 * @example
 * ```ts
 * import { errorWhere } from "./error_text.ts";
 * errorWhere("main.lua:12: attempt to call a nil value"); // "main.lua:12"
 * errorWhere("=moonglow_runtime:9: oops"); // undefined
 * ```
 */
export function errorWhere(message: string): string | undefined {
  const m = WHERE_RE.exec(message);
  return m && isGameSource(m[1]!) ? `${m[1]}:${m[2]}` : undefined;
}

/**
 * The first line of an error text: the message without its traceback (a
 * message with newlines of its own is cut at the first).
 *
 * @example
 * ```ts
 * import { errorHeadline } from "./error_text.ts";
 * errorHeadline("main.lua:3: boom\nstack traceback:\n\tmain.lua:3: in main chunk"); // "main.lua:3: boom"
 * ```
 */
export function errorHeadline(text: string): string {
  const end = text.indexOf("\n");
  return end < 0 ? text : text.slice(0, end);
}

/**
 * `text` (a message, optionally followed by `stack traceback:` and its
 * frames) in the game's words: an engine chunk's position at the start of
 * the message is replaced by the innermost game frame's, and the traceback
 * keeps only game frames (it is left out when none is left).
 *
 * @example
 * ```ts
 * import { gameErrorText } from "./error_text.ts";
 * gameErrorText("(error object is a table value)\nstack traceback:\n\t[C]: in global 'error'\n\tmain.lua:14: in function <main.lua:13>");
 * // "main.lua:14: (error object is a table value)\nstack traceback:\n\tmain.lua:14: in function <main.lua:13>"
 * ```
 */
export function gameErrorText(text: string): string {
  const cut = text.indexOf(TRACEBACK);
  let message = cut < 0 ? text : text.slice(0, cut);
  const frames = cut < 0 ? [] : text.slice(cut + TRACEBACK.length).split("\n").filter((line) => {
    const m = WHERE_RE.exec(line.trimStart());
    return m !== null && isGameSource(m[1]!);
  });
  const own = WHERE_RE.exec(message);
  if (own && !isGameSource(own[1]!)) message = message.slice(own[0].length);
  if (errorWhere(message) === undefined) {
    const first = WHERE_RE.exec(frames[0]?.trimStart() ?? "");
    if (first) message = `${first[1]}:${first[2]}: ${message}`;
  }
  return frames.length === 0 ? message : `${message}${TRACEBACK}${frames.join("\n")}`;
}

/**
 * Where a string literal appears in the game's Lua files: `file:line` of its
 * first occurrence in double or single quotes (`main.lua` searched first),
 * or `undefined`. Names the line that asked for an asset whose path is
 * written out in the source; a computed path has no line.
 *
 * @example
 * ```ts
 * import { literalWhere } from "./error_text.ts";
 * const files = new Map([["main.lua", 'local a = 1\nengine.load_texture("ball", "ball.png")\n']]);
 * literalWhere(files, "ball.png"); // "main.lua:2"
 * ```
 */
export function literalWhere(
  files: ReadonlyMap<string, string>,
  literal: string,
): string | undefined {
  const quoted = [`"${literal}"`, `'${literal}'`];
  const names = [...files.keys()].filter((n) => n.endsWith(".lua")).sort((a, b) =>
    a === "main.lua" ? -1 : b === "main.lua" ? 1 : a < b ? -1 : a > b ? 1 : 0
  );
  for (const name of names) {
    const lines = (files.get(name) ?? "").split("\n");
    const at = lines.findIndex((line) => quoted.some((q) => line.includes(q)));
    if (at >= 0) return `${name}:${at + 1}`;
  }
  return undefined;
}
