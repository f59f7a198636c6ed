/**
 * The game manifest: an optional `moonglow.json` in the game folder that
 * names the game, sets its view size and first scene, and changes key
 * bindings, as LÖVE's `conf.lua` does:
 *
 * ```json
 * { "title": "Breakout", "view": { "width": 800, "height": 600 }, "scene": "menu",
 *   "bindings": { "k": "action_1", "z": null } }
 * ```
 *
 * Every field is optional. Defaults: the title is the folder's name, the
 * view 800 x 600, the first scene the `scene` signal `on_setup` sets, else
 * `"menu"`, and the bindings {@linkcode DEFAULT_BINDINGS} with the file's
 * entries applied (a key mapped to an action binds it, to `null` unbinds
 * it). A manifest with an unknown field, a wrong type or an unknown key or
 * action name is refused with a {@linkcode ManifestError} that names the
 * file and the field.
 *
 * @example
 * ```ts
 * import { parseManifest } from "./manifest.ts";
 * const m = parseManifest('{ "title": "Pong", "view": { "width": 320, "height": 240 } }', {
 *   file: "pong/moonglow.json",
 *   folderName: "pong",
 * });
 * m.view.width; // 320
 * m.scene; // undefined: the game's own choice, else "menu"
 * ```
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { type Action, ACTIONS, isAction } from "../input/actions.ts";
import { DEFAULT_BINDINGS, type KeyBindings } from "../input/bindings.ts";
import { findJsonSyntaxError } from "../input/json_syntax.ts";
import { isKeyName, KEY_NAMES } from "../input/keys.ts";
import { MoonglowError } from "../core/errors.ts";
import { closestNames } from "../core/edit_distance.ts";

/** The manifest's file name inside a game folder. */
export const MANIFEST_FILE = "moonglow.json";

/** The view size when the manifest sets none. */
export const DEFAULT_VIEW: { readonly width: number; readonly height: number } = Object.freeze({
  width: 800,
  height: 600,
});

/** The largest view width or height a manifest may ask for (a common GPU texture limit). */
export const MAX_VIEW_SIZE = 8192;

/** The longest title or scene name a manifest may give. */
export const MAX_NAME_LENGTH = 100;

/**
 * A game's settings, defaults filled in.
 *
 * @example
 * ```ts
 * import { readManifest } from "./manifest.ts";
 * const manifest = await readManifest("examples/breakout");
 * manifest.view.width; // 800
 * ```
 */
export interface GameManifest {
  /** The game's name, shown by the renderers. */
  readonly title: string;
  /** Logical view size in world units. */
  readonly view: { readonly width: number; readonly height: number };
  /** First scene; `undefined` when the manifest names none (the `scene` signal, else "menu"). */
  readonly scene: string | undefined;
  /** Key name -> action. */
  readonly bindings: KeyBindings;
}

/**
 * A `moonglow.json` that cannot be used: unreadable, not JSON, or a field
 * that is unknown or has the wrong value.
 *
 * @example
 * ```ts
 * import { ManifestError, parseManifest } from "./manifest.ts";
 * try {
 *   parseManifest('{ "titel": "Pong" }', { file: "moonglow.json", folderName: "pong" });
 * } catch (e) {
 *   (e as ManifestError).field; // "titel"
 * }
 * ```
 */
export class ManifestError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "MANIFEST";
  /** The manifest file, as the game folder was given. */
  readonly file: string;
  /** The field at fault (`view.width`, `bindings.k`), or `undefined` for the whole file. */
  readonly field: string | undefined;

  /**
   * Create the error.
   *
   * @param file The manifest file.
   * @param field The field at fault, if one.
   * @param problem What is wrong, as the end of a sentence.
   */
  constructor(file: string, field: string | undefined, problem: string) {
    super(field === undefined ? `${file} ${problem}` : `In ${file}, "${field}" ${problem}`);
    this.file = file;
    this.field = field;
  }
}

/** The fields of the manifest and of its `view`. */
const FIELDS = ["title", "view", "scene", "bindings"] as const;
const VIEW_FIELDS = ["width", "height"] as const;

/** ` (did you mean "x"?)` for the closest candidate, when one is close enough to be a typo. */
function didYouMean(name: string, candidates: readonly string[]): string {
  const [guess] = closestNames(name, candidates, { limit: 1 });
  return guess === undefined ? "" : ` (did you mean "${guess}"?)`;
}

function show(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  // A long string is cut: the message must stay one readable line.
  if (typeof value === "string") {
    return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}...` : JSON.stringify(value);
  }
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Refuse fields of `record` not in `known`. */
function onlyFields(
  file: string,
  record: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
): void {
  for (const key of Object.keys(record)) {
    if (known.includes(key)) continue;
    const where = prefix === "" ? "the manifest" : `"${prefix}"`;
    throw new ManifestError(
      file,
      prefix === "" ? key : `${prefix}.${key}`,
      `is not a field of ${where}${didYouMean(key, known)}; its fields are ${known.join(", ")}`,
    );
  }
}

// deno-lint-ignore no-control-regex -- control characters are what it refuses
const CONTROL = /[\x00-\x1f\x7f]/;

function name(file: string, field: string, value: unknown): string {
  if (
    typeof value !== "string" || value.trim() === "" || value.length > MAX_NAME_LENGTH ||
    CONTROL.test(value)
  ) {
    throw new ManifestError(
      file,
      field,
      `must be a non-empty string of at most ${MAX_NAME_LENGTH} characters without control ` +
        `characters, got ${show(value)}`,
    );
  }
  return value;
}

function size(file: string, field: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_VIEW_SIZE) {
    throw new ManifestError(
      file,
      field,
      `must be a whole number of pixels from 1 to ${MAX_VIEW_SIZE}, got ${show(value)}`,
    );
  }
  return value as number;
}

function view(file: string, value: unknown): GameManifest["view"] {
  if (!isRecord(value)) {
    throw new ManifestError(
      file,
      "view",
      `must be an object such as { "width": 800, "height": 600 }, got ${show(value)}`,
    );
  }
  onlyFields(file, value, VIEW_FIELDS, "view");
  return {
    width: value.width === undefined ? DEFAULT_VIEW.width : size(file, "view.width", value.width),
    height: value.height === undefined
      ? DEFAULT_VIEW.height
      : size(file, "view.height", value.height),
  };
}

function bindings(file: string, value: unknown): KeyBindings {
  if (!isRecord(value)) {
    throw new ManifestError(
      file,
      "bindings",
      `must be an object mapping key names to actions, such as { "k": "action_1" }, got ${
        show(value)
      }`,
    );
  }
  const out = new Map<string, Action>(DEFAULT_BINDINGS);
  for (const [key, action] of Object.entries(value)) {
    const field = `bindings.${key}`;
    if (!isKeyName(key)) {
      throw new ManifestError(
        file,
        field,
        `is not a key name${
          didYouMean(key, KEY_NAMES)
        }; keys are lowercase: a-z, 0-9, f1-f12, arrow_up, arrow_down, arrow_left, arrow_right, ` +
          "space, enter, escape, backspace, tab, shift, control, alt, mouse_left and more",
      );
    }
    if (action === null) {
      out.delete(key);
    } else if (typeof action === "string" && isAction(action)) {
      out.set(key, action);
    } else {
      const hint = typeof action === "string" ? didYouMean(action, ACTIONS) : "";
      throw new ManifestError(
        file,
        field,
        `must be an action (${ACTIONS.join(", ")}) or null to unbind the key, got ${
          show(action)
        }${hint}`,
      );
    }
  }
  return out;
}

/**
 * The manifest of a game whose folder has no `moonglow.json`.
 *
 * @example
 * ```ts
 * import { defaultManifest } from "./manifest.ts";
 * defaultManifest("pong").title; // "pong"
 * ```
 */
export function defaultManifest(folderName: string): GameManifest {
  return { title: folderName, view: DEFAULT_VIEW, scene: undefined, bindings: DEFAULT_BINDINGS };
}

/**
 * Validate the text of a manifest. `file` names it in errors; `folderName`
 * is the default title. Throws {@linkcode ManifestError}.
 *
 * @example
 * ```ts
 * import { parseManifest } from "./manifest.ts";
 * const m = parseManifest('{ "bindings": { "k": "action_1", "z": null } }', {
 *   file: "moonglow.json",
 *   folderName: "pong",
 * });
 * m.bindings.get("k"); // "action_1"
 * m.bindings.has("z"); // false
 * ```
 */
export function parseManifest(
  text: string,
  options: { file: string; folderName: string },
): GameManifest {
  const { file } = options;
  let data: unknown;
  // Editors on some systems save UTF-8 with a byte order mark; JSON.parse refuses it.
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  try {
    data = JSON.parse(text);
  } catch (e) {
    const at = findJsonSyntaxError(text);
    throw new ManifestError(
      file,
      undefined,
      at === undefined
        ? `is not valid JSON: ${(e as Error).message}`
        : `is not valid JSON: line ${at.line}, column ${at.column}: ${at.reason}`,
    );
  }
  if (!isRecord(data)) {
    throw new ManifestError(
      file,
      undefined,
      `must hold a JSON object such as { "title": "My game" }, got ${show(data)}`,
    );
  }
  onlyFields(file, data, FIELDS, "");
  const base = defaultManifest(options.folderName);
  return {
    title: data.title === undefined ? base.title : name(file, "title", data.title),
    view: data.view === undefined ? base.view : view(file, data.view),
    scene: data.scene === undefined ? base.scene : name(file, "scene", data.scene),
    bindings: data.bindings === undefined ? base.bindings : bindings(file, data.bindings),
  };
}

/**
 * Read `gameDir`'s `moonglow.json`, or the defaults when there is none.
 * Throws {@linkcode ManifestError} when it exists but cannot be used.
 *
 * @example
 * ```ts ignore
 * import { readManifest } from "./manifest.ts";
 * const manifest = await readManifest("examples/breakout");
 * manifest.title; // "Breakout"
 * ```
 */
export async function readManifest(gameDir: string): Promise<GameManifest> {
  const file = join(gameDir, MANIFEST_FILE);
  const folderName = basename(resolve(gameDir));
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return defaultManifest(folderName);
    const why = e instanceof Deno.errors.IsADirectory ? "is a folder" : (e as Error).message;
    throw new ManifestError(file, undefined, `cannot be read: ${why}`);
  }
  return parseManifest(text, { file, folderName });
}
