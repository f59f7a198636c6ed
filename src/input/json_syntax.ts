/**
 * Locates the first syntax error in a JSON text, as a line and column, so
 * that a malformed file can be reported precisely (V8's `JSON.parse` messages
 * do not always carry a position).
 *
 * @example
 * ```ts
 * import { findJsonSyntaxError } from "./json_syntax.ts";
 * findJsonSyntaxError('[1,\n x]');
 * // { line: 2, column: 2, reason: "unexpected character \"x\"" }
 * ```
 *
 * @module
 */

/** Where and why a JSON text is malformed. Lines and columns count from 1. */
export interface JsonSyntaxError {
  /** Line of the offending character. */
  readonly line: number;
  /** Column of the offending character (in UTF-16 code units). */
  readonly column: number;
  /** What was found there. */
  readonly reason: string;
}

class Fail {
  constructor(readonly at: number, readonly reason: string) {}
}

/**
 * The first syntax error in `text`, or `undefined` when it is valid JSON.
 *
 * @example
 * ```ts
 * import { findJsonSyntaxError } from "./json_syntax.ts";
 * findJsonSyntaxError("[1, 2]"); // undefined
 * findJsonSyntaxError("[1, 2"); // { line: 1, column: 6, reason: "unexpected end of input" }
 * ```
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    const c = text[i];
    throw new Fail(
      i,
      c === undefined ? "unexpected end of input" : `unexpected character ${JSON.stringify(c)}`,
    );
  };
  const expect = (c: string) => {
    if (text[i] !== c) fail();
    i++;
  };
  const string = () => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined) throw new Fail(i, "unterminated string");
      if (c === '"') break;
      if (c < " ") fail();
      if (c === "\\") {
        i++;
        const e = text[i];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) fail();
      }
      i++;
    }
    i++;
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  // An object's or an array's items up to `close`, after its opening character.
  const items = (close: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === ",") i++;
      else return expect(close);
    }
  };
  const member = (): void => {
    ws();
    string();
    ws();
    expect(":");
    value();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      items("}", member);
    } else if (c === "[") {
      items("]", value);
    } else if (c === '"') {
      string();
    } else if (c !== undefined && /[-0-9]/.test(c)) {
      number();
    } else {
      for (const word of ["true", "false", "null"]) {
        if (text.startsWith(word, i)) return void (i += word.length);
      }
      fail();
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    const before = text.slice(0, e.at).split("\n");
    return {
      line: before.length,
      column: (before[before.length - 1] as string).length + 1,
      reason: e.reason,
    };
  }
}
