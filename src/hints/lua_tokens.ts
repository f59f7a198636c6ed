/**
 * A forgiving Lua 5.4 tokenizer for the static hints: names, keywords,
 * strings (with their contents), numbers and symbols, each with its line.
 * Comments are skipped. It never throws: broken code (which `check` reports
 * as a syntax error anyway) just ends a token early.
 *
 * @example
 * ```ts
 * import { tokenize } from "./lua_tokens.ts";
 * tokenize('engine.log("hi") -- note').map((t) => t.value);
 * // ["engine", ".", "log", "(", "hi", ")"]
 * ```
 *
 * @module
 */

/** What a token is. */
export type TokenType = "name" | "keyword" | "string" | "number" | "symbol";

/** One token. */
export interface Token {
  /** What it is. */
  readonly type: TokenType;
  /** Its text; for a string, its contents (escapes kept as written, quotes dropped). */
  readonly value: string;
  /** 1-based line where it starts. */
  readonly line: number;
}

const KEYWORDS = new Set(
  ("and break do else elseif end false for function goto if in local nil not or repeat return " +
    "then true until while").split(" "),
);
const SYMBOLS = ["...", "..", "==", "~=", "<=", ">=", "//", "::", "<<", ">>"];
const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

/** Length of the long bracket opening at `i` (`[[`, `[==[`), or 0. */
function longOpen(src: string, i: number): number {
  if (src[i] !== "[") return 0;
  let j = i + 1;
  while (src[j] === "=") j++;
  return src[j] === "[" ? j - i + 1 : 0;
}

/**
 * Split Lua source into tokens.
 *
 * @example
 * ```ts
 * import { tokenize } from "./lua_tokens.ts";
 * tokenize("local s = [[a\nb]]\nx = 1")[4]; // { type: "name", value: "x", line: 3 }
 * ```
 */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0, line = 1;
  const n = src.length;
  const countLines = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (src.charCodeAt(k) === 10) line++;
  };
  // A first line starting with # (a shebang) is not Lua.
  if (src.startsWith("#")) {
    while (i < n && src[i] !== "\n") i++;
  }
  // The end of the long bracket body opened with `open` characters at `i`.
  const longBody = (at: number, open: number): { body: string; end: number } => {
    const close = "]" + "=".repeat(open - 2) + "]";
    const stop = src.indexOf(close, at + open);
    const end = stop < 0 ? n : stop + close.length;
    return { body: src.slice(at + open, stop < 0 ? n : stop).replace(/^\r?\n/, ""), end };
  };
  while (i < n) {
    const c = src[i]!;
    if (c === "\n") {
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") {
      i++;
    } else if (c === "-" && src[i + 1] === "-") {
      const open = longOpen(src, i + 2);
      if (open > 0) {
        const { end } = longBody(i + 2, open);
        countLines(i, end);
        i = end;
      } else {
        while (i < n && src[i] !== "\n") i++;
      }
    } else if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < n && NAME_PART.test(src[j]!)) j++;
      const value = src.slice(i, j);
      out.push({ type: KEYWORDS.has(value) ? "keyword" : "name", value, line });
      i = j;
    } else if (DIGIT.test(c) || (c === "." && DIGIT.test(src[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < n) {
        const d = src[j]!;
        if (/[0-9A-Za-z_.]/.test(d)) j++;
        else if ((d === "+" || d === "-") && /[eEpP]/.test(src[j - 1]!)) j++;
        else break;
      }
      out.push({ type: "number", value: src.slice(i, j), line });
      i = j;
    } else if (c === '"' || c === "'") {
      const start = line;
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== "\n") {
        if (src[j] === "\\") {
          if (src[j + 1] === "\n") line++;
          j++;
        }
        j++;
      }
      out.push({ type: "string", value: src.slice(i + 1, Math.min(j, n)), line: start });
      // An unclosed string ends at its line's end; the newline is still counted.
      i = src[j] === c ? j + 1 : j;
    } else if (longOpen(src, i) > 0) {
      const start = line;
      const { body, end } = longBody(i, longOpen(src, i));
      countLines(i, end);
      out.push({ type: "string", value: body, line: start });
      i = end;
    } else {
      const sym = SYMBOLS.find((s) => src.startsWith(s, i)) ?? c;
      out.push({ type: "symbol", value: sym, line });
      i += sym.length;
    }
  }
  return out;
}
