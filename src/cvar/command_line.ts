/**
 * Splitting of console lines into words and values. Values may be quoted
 * with `"` or `'` (with `\` escapes) or written bare, in which case the rest
 * of the line, trimmed, is the value, spaces included.
 *
 * @module
 */
import { MoonglowError } from "../core/errors.ts";

/**
 * A console line or value could not be read: unterminated quote, text after
 * a closing quote, or an unknown escape.
 *
 * @example
 * ```ts
 * import { ConsoleSyntaxError, readValue } from "./command_line.ts";
 * try {
 *   readValue('"open');
 * } catch (e) {
 *   e instanceof ConsoleSyntaxError; // true
 * }
 * ```
 */
export class ConsoleSyntaxError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "CONSOLE_SYNTAX";
}

const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\",
  '"': '"',
  "'": "'",
  n: "\n",
  t: "\t",
};

/**
 * Split off the first word (up to a blank or `(`), returning it and the rest
 * of the text with leading blanks removed. Both are empty for a blank line.
 *
 * @example
 * ```ts
 * import { splitWord } from "./command_line.ts";
 * splitWord("  set r_fov 90 "); // ["set", "r_fov 90"]
 * splitWord('exec("print(1)")'); // ["exec", '("print(1)")']
 * ```
 */
export function splitWord(text: string): [string, string] {
  const t = text.trim();
  const m = /^[^\s(]*/.exec(t);
  const word = m?.[0] ?? "";
  return [word, t.slice(word.length).trimStart()];
}

/**
 * Read one value: a quoted string (which must be the whole text) or the
 * bare text, trimmed. Throws {@linkcode ConsoleSyntaxError}.
 *
 * @example
 * ```ts
 * import { readValue } from "./command_line.ts";
 * readValue("two words"); // "two words"
 * readValue('"say \\"hi\\""'); // 'say "hi"'
 * readValue('""'); // ""
 * ```
 */
export function readValue(text: string): string {
  const t = text.trim();
  const quote = t[0];
  if (quote !== '"' && quote !== "'") return t;
  const { value, end } = readQuoted(t, 0);
  if (end !== t.length) {
    throw new ConsoleSyntaxError(`Unexpected text after the closing quote: ${t.slice(end)}`);
  }
  return value;
}

/**
 * Read the quoted string starting at `start` (which holds the quote) and
 * return its value and the index just past the closing quote. Throws
 * {@linkcode ConsoleSyntaxError}.
 *
 * @example
 * ```ts
 * import { readQuoted } from "./command_line.ts";
 * readQuoted("x 'a b' y", 2); // { value: "a b", end: 7 }
 * ```
 */
export function readQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === quote) return { value, end: i + 1 };
    if (c === "\\") {
      const next = text[++i];
      const unescaped = next === undefined ? undefined : ESCAPES[next];
      if (unescaped === undefined) {
        throw new ConsoleSyntaxError(
          `Unknown escape \\${next ?? ""} (use \\\\, \\", \\', \\n or \\t)`,
        );
      }
      value += unescaped;
    } else {
      value += c;
    }
  }
  throw new ConsoleSyntaxError(`Unterminated quote ${quote} in: ${text}`);
}
