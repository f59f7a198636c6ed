/**
 * Quote JavaScript strings as Lua string literals, for engine-generated
 * chunks that pass text to Lua functions.
 *
 * @example
 * ```ts
 * import { luaString } from "./lua_literal.ts";
 * luaString('say "hi"\n'); // "\"say \\\"hi\\\"\\n\""
 * ```
 *
 * @module
 */

/**
 * A Lua literal that evaluates to `text` (UTF-8). Control characters use the
 * three-digit `\ddd` form so a following digit cannot change them.
 *
 * @example
 * ```ts
 * import { luaString } from "./lua_literal.ts";
 * luaString("a\0b"); // '"a\\000b"'
 * ```
 */
export function luaString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (code < 0x20 || code === 0x7f) out += "\\" + String(code).padStart(3, "0");
    else out += ch;
  }
  return out + '"';
}
