/**
 * The input log file (`--input` replays it, `--record` writes it): a JSON
 * array of entries
 * `{ "frame": n, "press": [..], "release": [..], "mouse": [x, y], "console": "line" }`.
 *
 * - `frame` is required, a non-negative integer; every other field is optional.
 * - `press` / `release` hold action names (`"action_1"`) or key names
 *   (`"space"`, see `keys.ts`); unknown names are rejected.
 * - `mouse` is `[x, y]` with finite numbers; `console` is one console line.
 * - `reload` marks a reload of the game's scripts (`--watch`, the console's `reload`) at the
 *   boundary before the frame: the Lua files (paths in the game folder, such as `"main.lua"` or
 *   `"lib/util.lua"`) that changed, possibly none. `sources` holds their text as it was loaded
 *   (`null` for a deleted file), so a replay loads the same text at the same frame; when a
 *   reload entry has no `sources`, the replay reads the game folder again. Each file in
 *   `reload` must have its text in `sources`, and `sources` names no other file.
 * - Fields starting with `_` are ignored (room for comments); any other field
 *   is rejected so that a typo such as `"presss"` is not silently dropped.
 * - Entries may come in any order; they apply by frame, then file order.
 *   Within one entry: presses, then releases, then the mouse, then the
 *   console line (so `press` and `release` of one key in one entry is a tap).
 *
 * Entry numbers in messages are array indexes, counted from 0.
 *
 * @example
 * ```ts
 * import { parseInputLog } from "./input_log.ts";
 * const log = parseInputLog('[{"frame": 2, "press": ["space"]}, {"frame": 0}]');
 * log[0]?.frame; // 0 (sorted by frame)
 * ```
 *
 * @module
 */

import { isInputName } from "./events.ts";
import { findJsonSyntaxError } from "./json_syntax.ts";
import { MoonglowError } from "../core/errors.ts";

/**
 * One validated entry of an input log.
 *
 * @example
 * ```ts
 * import type { InputLogEntry } from "./input_log.ts";
 * const tap: InputLogEntry[] = [
 *   { frame: 10, press: ["action_1"], mouse: [400, 300] },
 *   { frame: 12, release: ["action_1"], console: "set r_show_fps 1" },
 * ];
 * ```
 */
export interface InputLogEntry {
  /** Frame the entry applies to. */
  readonly frame: number;
  /** Action or key names pressed. */
  readonly press?: readonly string[];
  /** Action or key names released. */
  readonly release?: readonly string[];
  /** Mouse position. */
  readonly mouse?: readonly [number, number];
  /** A console line to run in this frame's pre_update stage. */
  readonly console?: string;
  /** The scripts reload before this frame; these Lua files had changed (paths in the game folder). */
  readonly reload?: readonly string[];
  /** Text of each file in `reload` as loaded, `null` for a deleted one. */
  readonly sources?: Readonly<Record<string, string | null>>;
}

/**
 * A malformed or unreadable input log. `entry` and `field` say where, when
 * the problem is inside an entry.
 *
 * @example
 * ```ts
 * import { InputLogError, parseInputLog } from "./input_log.ts";
 * try {
 *   parseInputLog('[{"frame": 1, "presss": ["up"]}]');
 * } catch (e) {
 *   if (e instanceof InputLogError) console.log(e.entry, e.field); // 0 "presss"
 * }
 * ```
 */
export class InputLogError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "INPUT_LOG";
  /** Index of the bad entry, if any. */
  readonly entry: number | undefined;
  /** Name of the bad field, if any. */
  readonly field: string | undefined;

  /**
   * Create the error.
   *
   * @param message Full message, including the entry and field.
   * @param entry Index of the bad entry.
   * @param field Name of the bad field.
   */
  constructor(message: string, entry?: number, field?: string) {
    super(message);
    this.entry = entry;
    this.field = field;
  }
}

/** Short JSON rendering of a bad value for messages. */
function show(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function kind(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** A field checker's verdict: the validated value, or what is wrong. */
type Verdict = { readonly value: unknown } | { readonly problem: string };

function checkNames(v: unknown): Verdict {
  if (!Array.isArray(v)) return { problem: `must be an array of names, got ${show(v)}` };
  for (const name of v) {
    if (typeof name !== "string" || !isInputName(name)) {
      return {
        problem: `has unknown name ${show(name)} (expected an action such as "action_1" ` +
          `or a key such as "space")`,
      };
    }
  }
  return { value: [...v] };
}

/**
 * Whether `path` names a Lua file inside a game folder as `require` resolves it: relative,
 * `/`-separated, ending in `.lua`, with no empty, `.` or `..` part.
 *
 * @example
 * ```ts
 * import { isGameLuaPath } from "./input_log.ts";
 * isGameLuaPath("lib/util.lua"); // true
 * isGameLuaPath("../main.lua"); // false
 * ```
 */
export function isGameLuaPath(path: string): boolean {
  return path.endsWith(".lua") && !path.includes("\\") &&
    path.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

const LUA_PATH = 'a Lua file path in the game folder such as "main.lua"';

function checkReload(v: unknown): Verdict {
  if (!Array.isArray(v)) return { problem: `must be an array of Lua file paths, got ${show(v)}` };
  const bad = v.find((p) => typeof p !== "string" || !isGameLuaPath(p));
  if (bad !== undefined) return { problem: `has ${show(bad)}, which is not ${LUA_PATH}` };
  return { value: [...v] };
}

function checkSources(v: unknown): Verdict {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    return { problem: `must be an object of file texts by path, got ${show(v)}` };
  }
  for (const [path, text] of Object.entries(v)) {
    if (!isGameLuaPath(path)) return { problem: `has key ${show(path)}, which is not ${LUA_PATH}` };
    if (typeof text !== "string" && text !== null) {
      return { problem: `must give each file's text as a string or null, got ${show(text)}` };
    }
  }
  return { value: { ...v } };
}

/** What is wrong between the fields of one entry, if anything. */
function crossCheck(entry: InputLogEntry): [string, string] | undefined {
  const { reload, sources } = entry;
  if (sources === undefined) return undefined;
  if (reload === undefined) return ["sources", '"sources" needs a "reload" list beside it'];
  const extra = Object.keys(sources).find((p) => !reload.includes(p));
  if (extra !== undefined) {
    return ["sources", `"sources" has ${show(extra)}, which "reload" does not list`];
  }
  const missing = reload.find((p) => !Object.hasOwn(sources, p));
  if (missing !== undefined) return ["sources", `"sources" has no text for ${show(missing)}`];
  return undefined;
}

/** One checker per field, so adding a field is one line. */
const FIELDS: Readonly<Record<string, (v: unknown) => Verdict>> = {
  frame: (v) =>
    typeof v === "number" && Number.isSafeInteger(v) && v >= 0
      ? { value: v }
      : { problem: `must be a non-negative integer, got ${show(v)}` },
  press: checkNames,
  release: checkNames,
  mouse: (v) =>
    Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === "number" && isFinite(n))
      ? { value: [v[0], v[1]] }
      : { problem: `must be [x, y] with two finite numbers, got ${show(v)}` },
  console: (v) =>
    typeof v === "string" ? { value: v } : { problem: `must be a string, got ${show(v)}` },
  reload: checkReload,
  sources: checkSources,
};

/**
 * Validate an already-parsed input log and return its entries sorted by
 * frame (stable, so file order is kept within a frame). `source` (a file
 * name) prefixes messages.
 *
 * @example
 * ```ts
 * import { validateInputLog } from "./input_log.ts";
 * validateInputLog([{ frame: 1, mouse: [4, 5] }]).length; // 1
 * ```
 */
export function validateInputLog(data: unknown, source?: string): InputLogEntry[] {
  const prefix = source === undefined ? "" : `${source}: `;
  if (!Array.isArray(data)) {
    throw new InputLogError(`${prefix}input log must be a JSON array, got ${kind(data)}`);
  }
  const entries = data.map((raw: unknown, index): InputLogEntry => {
    const at = `${prefix}input log entry ${index}`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new InputLogError(`${at} must be an object, got ${show(raw)}`, index);
    }
    const record = raw as Record<string, unknown>;
    if (!("frame" in record)) {
      throw new InputLogError(`${at}: "frame" is missing`, index, "frame");
    }
    const entry: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(record)) {
      if (field.startsWith("_")) continue;
      const check = Object.hasOwn(FIELDS, field) ? FIELDS[field] : undefined;
      if (check === undefined) {
        throw new InputLogError(`${at}: unknown field ${show(field)}`, index, field);
      }
      const verdict = check(value);
      if ("problem" in verdict) {
        throw new InputLogError(`${at}: "${field}" ${verdict.problem}`, index, field);
      }
      entry[field] = verdict.value;
    }
    const wrong = crossCheck(entry as unknown as InputLogEntry);
    if (wrong !== undefined) throw new InputLogError(`${at}: ${wrong[1]}`, index, wrong[0]);
    return entry as unknown as InputLogEntry;
  });
  // Array.prototype.sort is stable, which keeps file order within a frame.
  return entries.sort((a, b) => a.frame - b.frame);
}

/**
 * Parse and validate input log text. Invalid JSON gives an
 * {@linkcode InputLogError} naming `source` and the line and column.
 *
 * @example
 * ```ts
 * import { parseInputLog } from "./input_log.ts";
 * parseInputLog('[{"frame": 0, "console": "set r_show_fps 1"}]')[0]?.console;
 * // "set r_show_fps 1"
 * ```
 */
export function parseInputLog(text: string, source?: string): InputLogEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const where = findJsonSyntaxError(text);
    const at = where === undefined
      ? ""
      : ` at line ${where.line}, column ${where.column}: ${where.reason}`;
    throw new InputLogError(`${source ?? "input log"}: invalid JSON${at}`);
  }
  return validateInputLog(data, source);
}

/**
 * Read, parse and validate the input log at `path`. A file that cannot be
 * read gives an {@linkcode InputLogError} naming it.
 *
 * @example
 * ```ts
 * import { readInputLog } from "./input_log.ts";
 * const entries = await readInputLog("replay.json");
 * ```
 */
export async function readInputLog(path: string): Promise<InputLogEntry[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "file not found"
      : e instanceof Deno.errors.IsADirectory
      ? "it is a folder"
      : e instanceof Error
      ? e.message
      : String(e);
    throw new InputLogError(`cannot read input log ${path}: ${why}`);
  }
  return parseInputLog(text, path);
}

/**
 * The log as text: a JSON array with one entry per line.
 *
 * @example
 * ```ts
 * import { stringifyInputLog } from "./input_log.ts";
 * stringifyInputLog([{ frame: 0, press: ["up"] }]);
 * // '[\n{"frame":0,"press":["up"]}\n]\n'
 * ```
 */
export function stringifyInputLog(entries: readonly InputLogEntry[]): string {
  if (entries.length === 0) return "[]\n";
  return `[\n${entries.map((e) => JSON.stringify(e)).join(",\n")}\n]\n`;
}
