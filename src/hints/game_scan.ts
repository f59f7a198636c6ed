/**
 * Static hints over a game's Lua files, without running them: unknown API
 * names and builder methods, callback names no global function answers to
 * (problems), and builders never built, engine calls at the top level of
 * `main.lua` and callback-like functions nothing calls (warnings). The names
 * come from the API declarations ({@linkcode apiNames}).
 *
 * The reading is a heuristic over tokens: a builder kept in a local is
 * followed through that local's method calls; one handed anywhere else
 * (returned, passed, stored) is assumed to be built there.
 *
 * @example
 * ```ts
 * import { scanGame } from "./game_scan.ts";
 * const scan = scanGame(new Map([["main.lua", "function on_setup() engine.spwan():build() end"]]));
 * scan.problems[0]?.message; // "unknown engine function engine.spwan; did you mean `engine.spawn`?"
 * ```
 *
 * @module
 */
import { SCENE_UPDATE_PREFIX } from "../api/callback_names.ts";
import { apiNames } from "./api_names.ts";
import { isEngineCallback, looksLikeCallback, uncalledCallback } from "./callbacks.ts";
import { type GlobalFunction, type Outline, outline } from "./lua_outline.ts";
import type { Token } from "./lua_tokens.ts";
import { tokenize } from "./lua_tokens.ts";
import {
  TOP_LEVEL_CALL,
  unbuiltBuilder,
  undefinedCallback,
  unknownFunction,
  unknownMethod,
} from "../lua/hint_messages.ts";

/** One finding, at a line of a file. */
export interface Finding {
  /** File, relative to the game folder. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** Set on a name the API does not have (luacheck reports the same line, saying less). */
  readonly unknownName?: true;
}

/** A global function of the game and where it is. */
export interface FunctionSite extends GlobalFunction {
  /** File defining it. */
  readonly file: string;
}

/** What {@linkcode scanGame} finds. */
export interface GameScan {
  /** Mistakes that make the game fail. */
  readonly problems: readonly Finding[];
  /** Likely mistakes that pass silently. */
  readonly warnings: readonly Finding[];
  /** The callback-like functions nothing calls (among the warnings too). */
  readonly uncalled: readonly Finding[];
  /** The builders never built, with the token index of their `engine`. */
  readonly unbuilt: readonly (Finding & { readonly token: number })[];
  /** The global functions defined at the top level of a file, by name. */
  readonly functions: ReadonlyMap<string, FunctionSite>;
}

/**
 * `file:line: message`, the way `check` and the log print a finding.
 *
 * @example
 * ```ts
 * import { findingText } from "./game_scan.ts";
 * findingText({ file: "main.lua", line: 3, message: "oops" }); // "main.lua:3: oops"
 * ```
 */
export function findingText(f: Finding): string {
  return `${f.file}:${f.line}: ${f.message}`;
}

// Module tables checked by name (`input` is left out: callbacks' `input` parameter shadows it).
const CHECKED_MODULES = ["engine", "console", "cvar", "ecs"];
const OPEN = new Set(["(", "{", "["]), CLOSE = new Set([")", "}", "]"]);
// Tokens after which an expression starts a statement of its own (its value is dropped).
const STATEMENT_END = new Set([")", "]", "}", ";", "end", "then", "do", "else", "repeat", "break"]);

const isSym = (t: Token | undefined, v: string) =>
  t !== undefined && (t.type === "symbol" || t.type === "keyword") && t.value === v;

/** Index after a call's arguments at `j` (`(...)`, a string or a table), or -1. */
function afterArgs(tokens: readonly Token[], j: number): number {
  const t = tokens[j];
  if (t === undefined) return -1;
  if (t.type === "string") return j + 1;
  if (!isSym(t, "(") && !isSym(t, "{")) return -1;
  let level = 0;
  for (let k = j; k < tokens.length; k++) {
    const v = tokens[k]!;
    if (v.type !== "symbol") continue;
    if (OPEN.has(v.value)) level++;
    else if (CLOSE.has(v.value) && --level === 0) return k + 1;
  }
  return tokens.length;
}

/** The top-level arguments of the call whose arguments start at `j`, as token ranges. */
function argRanges(tokens: readonly Token[], j: number, end: number): [number, number][] {
  if (!isSym(tokens[j], "(")) return [[j, end]];
  const out: [number, number][] = [];
  let level = 0, from = j + 1;
  for (let k = j + 1; k < end - 1; k++) {
    const v = tokens[k]!;
    if (v.type !== "symbol") continue;
    if (OPEN.has(v.value)) level++;
    else if (CLOSE.has(v.value)) level--;
    else if (v.value === "," && level === 0) {
      out.push([from, k]);
      from = k + 1;
    }
  }
  if (end - 1 > from) out.push([from, end - 1]);
  return out;
}

interface FileScan {
  readonly file: string;
  readonly o: Outline;
}

/** The scan of one game, file by file. */
class Scanner {
  readonly problems: Finding[] = [];
  readonly warnings: Finding[] = [];
  readonly unbuilt: (Finding & { token: number })[] = [];
  readonly #api = apiNames();
  readonly #defined: ReadonlySet<string>;
  readonly #functionNames: readonly string[];
  readonly #topLevelLines = new Set<number>();

  constructor(defined: ReadonlySet<string>, functionNames: readonly string[]) {
    this.#defined = defined;
    this.#functionNames = functionNames;
  }

  scan({ file, o }: FileScan): void {
    const tokens = o.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const prev = tokens[i - 1];
      if (
        t.type === "name" && CHECKED_MODULES.includes(t.value) && isSym(tokens[i + 1], ".") &&
        tokens[i + 2]?.type === "name" && !isSym(prev, ".") && !isSym(prev, ":")
      ) {
        this.#member(file, o, i);
      } else if (isSym(t, ":") && tokens[i + 1]?.type === "name") {
        this.#callbackArgs(file, tokens, `:${tokens[i + 1]!.value}`, i + 2);
      }
    }
  }

  /** `module.name` at token `i`. */
  #member(file: string, o: Outline, i: number): void {
    const tokens = o.tokens;
    const module = tokens[i]!.value, name = tokens[i + 2]!;
    const known = this.#api.modules.get(module);
    if (known && !known.has(name.value) && !(module === "engine" && name.value === "__meta")) {
      this.problems.push({
        file,
        line: name.line,
        message: unknownFunction(module, name.value, known),
        unknownName: true,
      });
      return;
    }
    const end = afterArgs(tokens, i + 3);
    // `function engine.x()` in a definition file defines it; it calls nothing.
    if (end < 0 || isSym(tokens[i - 1], "function")) return;
    const qualified = `${module}.${name.value}`;
    if (
      file === "main.lua" && o.depth[i] === 0 && this.#api.queued.has(qualified) &&
      !this.#topLevelLines.has(name.line)
    ) {
      this.#topLevelLines.add(name.line);
      this.warnings.push({ file, line: name.line, message: TOP_LEVEL_CALL });
    }
    this.#callbackArgs(file, tokens, qualified, i + 3);
    if (module === "engine" && this.#api.builderMakers.has(name.value)) {
      this.#builder(file, o, i, end, name.value);
    }
  }

  /** A builder made at token `i` whose maker's arguments end before `end`. */
  #builder(file: string, o: Outline, i: number, end: number, maker: string): void {
    const tokens = o.tokens;
    const made = this.#chain(file, tokens, end);
    let built = made.built;
    if (built) return;
    const prev = tokens[i - 1];
    const target = tokens[i - 2];
    if (
      isSym(prev, "=") && target?.type === "name" && !isSym(tokens[i - 3], ".") &&
      !isSym(tokens[i - 3], ":")
    ) {
      // Kept in a variable: follow its method calls until it is handed on or reassigned.
      for (let k = made.end; k < tokens.length && o.depth[k]! >= o.depth[i]!; k++) {
        const t = tokens[k]!;
        if (t.type !== "name" || t.value !== target.value || isSym(tokens[k - 1], ".")) continue;
        if (isSym(tokens[k + 1], ":")) {
          const c = this.#chain(file, tokens, k + 1);
          built ||= c.built;
          k = c.end - 1;
        } else {
          return; // handed on (returned, passed, stored) or reassigned: not ours to judge
        }
      }
    } else if (
      !(prev === undefined || STATEMENT_END.has(prev.value) || prev.type === "name" ||
        prev.type === "number" || prev.type === "string")
    ) {
      return; // part of an expression: returned, passed or stored
    }
    if (!built) {
      const f = { file, line: tokens[i]!.line, message: unbuiltBuilder(maker), token: i };
      this.unbuilt.push(f);
      this.warnings.push({ file: f.file, line: f.line, message: f.message });
    }
  }

  /** Builder method calls from `j` (`:name(args)` ...): checks their names. */
  #chain(file: string, tokens: readonly Token[], j: number): { built: boolean; end: number } {
    let built = false;
    while (isSym(tokens[j], ":") && tokens[j + 1]?.type === "name") {
      const name = tokens[j + 1]!;
      const end = afterArgs(tokens, j + 2);
      if (end < 0) break;
      if (!this.#api.builderMethods.has(name.value)) {
        const message = unknownMethod(name.value, this.#api.builderMethods);
        if (
          !this.problems.some((p) =>
            p.file === file && p.line === name.line && p.message === message
          )
        ) {
          this.problems.push({ file, line: name.line, message, unknownName: true });
        }
      }
      if (name.value === "build") built = true;
      j = end;
    }
    return { built, end: j };
  }

  /** Callback names given as string literals to `callee`, whose arguments start at `j`. */
  #callbackArgs(file: string, tokens: readonly Token[], callee: string, j: number): void {
    const end = afterArgs(tokens, j);
    if (end < 0) return;
    const names: Token[] = [];
    const args = argRanges(tokens, j, end);
    for (const at of this.#api.callbackArgs.get(callee) ?? []) {
      const range = args[at];
      const only = range && range[1] - range[0] === 1 ? tokens[range[0]] : undefined;
      if (only?.type === "string") names.push(only);
    }
    if (this.#api.phaseMethods.has(callee)) {
      // `name = "fn"` pairs of the phase table, except its initial phase.
      for (let k = j; k < end - 2; k++) {
        const key = tokens[k]!, value = tokens[k + 2]!;
        if (
          key.type === "name" && key.value !== "initial" && isSym(tokens[k + 1], "=") &&
          value.type === "string" && !isSym(tokens[k + 3], "..")
        ) names.push(value);
      }
    }
    for (const t of names) {
      if (this.#defined.has(t.value) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.value)) continue;
      this.problems.push({
        file,
        line: t.line,
        message: undefinedCallback(t.value, this.#functionNames),
      });
    }
  }
}

/** Scene names the game uses: `"scene", "<name>"` argument pairs and `on_update_<name>` functions. */
function scenesOf(files: readonly FileScan[], functions: Iterable<string>): Set<string> {
  const scenes = new Set<string>();
  for (const name of functions) {
    if (name.startsWith(SCENE_UPDATE_PREFIX)) scenes.add(name.slice(SCENE_UPDATE_PREFIX.length));
  }
  for (const { o } of files) {
    const t = o.tokens;
    for (let i = 0; i + 2 < t.length; i++) {
      if (
        t[i]!.type === "string" && t[i]!.value === "scene" && isSym(t[i + 1], ",") &&
        t[i + 2]!.type === "string"
      ) scenes.add(t[i + 2]!.value);
    }
  }
  return scenes;
}

/** Callback-like global functions that no code names (by identifier or string). */
function uncalled(files: readonly FileScan[], functions: ReadonlyMap<string, FunctionSite>) {
  const named = new Set<string>();
  for (const { o } of files) {
    const defining = new Set(o.globals.map((g) => g.nameToken));
    o.tokens.forEach((t, i) => {
      if ((t.type === "name" && !defining.has(i)) || t.type === "string") named.add(t.value);
    });
  }
  const defined = new Set(functions.keys());
  const scenes = scenesOf(files, defined);
  const out: Finding[] = [];
  for (const [name, site] of functions) {
    if (isEngineCallback(name) || named.has(name) || !looksLikeCallback(name)) continue;
    out.push({
      file: site.file,
      line: site.line,
      message: uncalledCallback(name, defined, scenes),
    });
  }
  return out;
}

/**
 * Scan a game's files (path relative to the game folder -> source). Files
 * that declare themselves LuaLS definitions (`---@meta`, as the generated
 * stubs do) are not game code and are skipped.
 *
 * @example
 * ```ts
 * import { scanGame } from "./game_scan.ts";
 * const scan = scanGame(new Map([["main.lua", "function on_update(input, dt) end"]]));
 * scan.warnings[0]?.message; // "`on_update` is never called; did you mean `on_update_menu`?"
 * ```
 */
export function scanGame(files: ReadonlyMap<string, string>): GameScan {
  const scans: FileScan[] = [];
  for (const [file, src] of files) {
    if (/^\s*---@meta\b/.test(src)) continue;
    scans.push({ file, o: outline(tokenize(src)) });
  }
  const functions = new Map<string, FunctionSite>();
  const defined = new Set<string>();
  for (const { file, o } of scans) {
    for (const g of o.globals) if (!functions.has(g.name)) functions.set(g.name, { ...g, file });
    for (const a of o.assigned) defined.add(a.name);
  }
  const scanner = new Scanner(defined, [...functions.keys()]);
  for (const s of scans) scanner.scan(s);
  // File by file in the order given, line by line.
  const order = new Map(scans.map((s, i) => [s.file, i]));
  const sorted = (list: readonly Finding[]) =>
    [...list].sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line);
  const notCalled = sorted(uncalled(scans, functions));
  return {
    problems: sorted(scanner.problems),
    warnings: sorted([...scanner.warnings, ...notCalled]),
    uncalled: notCalled,
    unbuilt: scanner.unbuilt,
    functions,
  };
}
