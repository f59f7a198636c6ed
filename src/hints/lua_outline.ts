/**
 * The block structure of a tokenized Lua file, as far as the static hints
 * need it: how deep in function bodies each token is, and the global
 * functions the file defines at its top level (with their token spans).
 *
 * @example
 * ```ts
 * import { outline } from "./lua_outline.ts";
 * import { tokenize } from "./lua_tokens.ts";
 * const o = outline(tokenize("function on_setup()\n  engine.log('x')\nend"));
 * o.globals[0]?.name; // "on_setup"
 * ```
 *
 * @module
 */
import type { Token } from "./lua_tokens.ts";

/** A global function defined at the top level (`function f()` or `f = function()`). */
export interface GlobalFunction {
  /** Its name. */
  readonly name: string;
  /** Line of its name. */
  readonly line: number;
  /** Index of the token naming it. */
  readonly nameToken: number;
  /** Index of its `function` keyword. */
  readonly start: number;
  /** Index of its closing `end` (the last token when the file ends first). */
  readonly end: number;
}

/** A global assigned at the top level (`name = ...`), functions included. */
export interface GlobalAssignment {
  /** Its name. */
  readonly name: string;
  /** Index of the token naming it. */
  readonly nameToken: number;
}

/** What {@linkcode outline} finds. */
export interface Outline {
  /** The tokens. */
  readonly tokens: readonly Token[];
  /** Per token: how many function bodies enclose it (0: the file's top level). */
  readonly depth: Uint16Array;
  /** Global functions defined at the top level. */
  readonly globals: readonly GlobalFunction[];
  /** Globals assigned at the top level (functions or not). */
  readonly assigned: readonly GlobalAssignment[];
}

// Tokens after which a name starts a new statement or expression rather than
// continuing one (`a.b`, `local a`, `x, y = ...`).
const NOT_A_GLOBAL_TARGET = new Set([".", ":", "local", ",", "{", "[", "(", "goto", "::", "for"]);

function isSym(t: Token | undefined, value: string): boolean {
  return t !== undefined && (t.type === "symbol" || t.type === "keyword") && t.value === value;
}

/**
 * Outline a file's tokens.
 *
 * @example
 * ```ts
 * import { outline } from "./lua_outline.ts";
 * import { tokenize } from "./lua_tokens.ts";
 * const o = outline(tokenize("x = 1\nfunction f() if x then return end end"));
 * o.depth[0]; // 0 (x is at the top level)
 * o.globals.map((g) => g.name); // ["f"]
 * ```
 */
export function outline(tokens: readonly Token[]): Outline {
  const depth = new Uint16Array(tokens.length);
  const globals: GlobalFunction[] = [];
  const assigned: GlobalAssignment[] = [];
  // Open blocks: a function (with the global it defines, if any) or another block.
  const stack: { fn: boolean; repeat: boolean; global?: Omit<GlobalFunction, "end"> }[] = [];
  let fnDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    depth[i] = fnDepth;
    if (
      t.type === "name" && fnDepth === 0 && isSym(tokens[i + 1], "=") &&
      !NOT_A_GLOBAL_TARGET.has(tokens[i - 1]?.value ?? "")
    ) {
      assigned.push({ name: t.value, nameToken: i });
    }
    if (t.type !== "keyword") continue;
    switch (t.value) {
      case "function": {
        let global: Omit<GlobalFunction, "end"> | undefined;
        const next = tokens[i + 1], after = tokens[i + 2];
        if (fnDepth === 0) {
          if (
            next?.type === "name" && isSym(after, "(") && !isSym(tokens[i - 1], "local")
          ) {
            global = { name: next.value, line: next.line, nameToken: i + 1, start: i };
            assigned.push({ name: next.value, nameToken: i + 1 });
          } else if (
            isSym(tokens[i - 1], "=") && tokens[i - 2]?.type === "name" &&
            !NOT_A_GLOBAL_TARGET.has(tokens[i - 3]?.value ?? "")
          ) {
            const name = tokens[i - 2]!;
            global = { name: name.value, line: name.line, nameToken: i - 2, start: i };
          }
        }
        stack.push({ fn: true, repeat: false, global });
        fnDepth++;
        break;
      }
      case "if":
      case "do":
        stack.push({ fn: false, repeat: false });
        break;
      case "repeat":
        stack.push({ fn: false, repeat: true });
        break;
      case "end":
      case "until": {
        const open = stack.pop();
        if (open?.fn) {
          fnDepth--;
          if (open.global) globals.push({ ...open.global, end: i });
        }
        break;
      }
    }
  }
  // A file that ends inside a function (a syntax error) still lists it.
  for (const open of stack) {
    if (open.global) globals.push({ ...open.global, end: tokens.length - 1 });
  }
  return { tokens, depth, globals, assigned };
}
