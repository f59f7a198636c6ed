/**
 * Helpers for writing Lua source text from TypeScript.
 *
 * @example
 * ```ts
 * import { luaString } from "./lua_text.ts";
 * luaString('say "hi"\n'); // "\"say \\\"hi\\\"\\n\""
 * ```
 *
 * @module
 */

/**
 * Quote a string as a Lua literal (control characters as `\ddd`).
 *
 * @example
 * ```ts
 * import { luaString } from "./lua_text.ts";
 * luaString("a\\b"); // "\"a\\\\b\""
 * ```
 */
export function luaString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (c < 0x20 || c === 0x7f) out += `\\${String(c).padStart(3, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Render a plain data value (strings, numbers, booleans, arrays, objects with
 * identifier or arbitrary keys) as a Lua table constructor. `undefined`
 * fields are left out.
 *
 * @example
 * ```ts
 * import { luaData } from "./lua_text.ts";
 * luaData({ a: [1, "x"] }); // '{a={1,"x"}}'
 * ```
 */
export function luaData(v: unknown): string {
  if (typeof v === "string") return luaString(v);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new TypeError(`Cannot render ${v} as Lua data`);
    return String(v);
  }
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `{${v.map(luaData).join(",")}}`;
  if (v !== null && typeof v === "object") {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && !LUA_KEYWORDS.has(k)
        ? k
        : `[${luaString(k)}]`;
      parts.push(`${key}=${luaData(x)}`);
    }
    return `{${parts.join(",")}}`;
  }
  throw new TypeError(`Cannot render ${String(v)} as Lua data`);
}

const LUA_KEYWORDS = new Set([
  "and",
  "break",
  "do",
  "else",
  "elseif",
  "end",
  "false",
  "for",
  "function",
  "goto",
  "if",
  "in",
  "local",
  "nil",
  "not",
  "or",
  "repeat",
  "return",
  "then",
  "true",
  "until",
  "while",
]);
