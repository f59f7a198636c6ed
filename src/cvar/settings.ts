/**
 * Persistence of CVars flagged `saved` in the user's settings file, as JSON:
 * `{ "version": 1, "cvars": { "r_show_fps": true, "snd_volume": 0.5 } }`.
 *
 * Only values that differ from their default are written, so a changed
 * default reaches users who never touched the CVar. Entries for CVars the
 * running game does not define (another game's, say) are kept on save, since
 * the file is shared by every Moonglow game.
 *
 * Reading never throws: a missing file is a first run, and an unreadable or
 * corrupt file, or a bad entry, is skipped with a warning naming the file and
 * entry. Saving writes nothing when no saved CVar changed since the file was
 * read, so a file this engine cannot use (corrupt, a newer version, an entry
 * it refused) is left as it is. When it does write over such a file, it
 * keeps the old one beside it as a backup (`settings.json.bak`) and says so.
 * Writing goes to a temporary file that is then renamed over the old one, so
 * a crash never leaves half a file; a symbolic link is followed and the file
 * it points to is replaced, so the link stays a link.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import type { CVarRegistry } from "./registry.ts";
import type { CVarValue } from "./types.ts";
import { showValue } from "./value_types.ts";
import { MoonglowError } from "../core/errors.ts";

/** Version written in, and expected from, the settings file. */
export const SETTINGS_VERSION = 1;

/**
 * Where environment variables are read from (`Deno.env` in the engine).
 *
 * @example
 * ```ts
 * import type { SettingsEnv } from "./settings.ts";
 * const env: SettingsEnv = { get: (name) => (name === "HOME" ? "/home/ada" : undefined) };
 * ```
 */
export interface SettingsEnv {
  /** Value of the variable `name`, or `undefined`. */
  get(name: string): string | undefined;
}

/**
 * What `loadSettings` did: names of the CVars it set, and warnings to log.
 *
 * @example
 * ```ts
 * import type { SettingsLoadReport } from "./settings.ts";
 * const report: SettingsLoadReport = { applied: ["r_show_fps"], warnings: [] };
 * ```
 */
export interface SettingsLoadReport {
  /** CVars set from the file, in file order. */
  readonly applied: string[];
  /** One line per ignored entry or unusable file. */
  readonly warnings: string[];
}

/**
 * What `saveSettings` did: whether it wrote the file, the saved CVars
 * written, the entries kept for CVars not defined now, and warnings (an
 * unusable old file that was kept as a backup).
 *
 * @example
 * ```ts
 * import type { SettingsSaveReport } from "./settings.ts";
 * const report: SettingsSaveReport = {
 *   fileWritten: true, written: ["snd_volume"], kept: [], warnings: [],
 * };
 * ```
 */
export interface SettingsSaveReport {
  /** False when nothing changed, so the file was left as it was (and the lists are empty). */
  readonly fileWritten: boolean;
  /** Saved CVars written (those not at their default), sorted. */
  readonly written: string[];
  /** Entries of the old file kept because no CVar of that name is defined, sorted. */
  readonly kept: string[];
  /** Problems with the old file. */
  readonly warnings: string[];
}

/**
 * The settings file could not be written.
 *
 * @example
 * ```ts
 * import { SettingsWriteError } from "./settings.ts";
 * const e = new SettingsWriteError("/x/settings.json", new Error("read-only file system"));
 * e.message; // "Could not write settings file /x/settings.json: read-only file system"
 * ```
 */
export class SettingsWriteError extends MoonglowError {
  /** Stable code of this failure. */
  static override readonly code = "SETTINGS_WRITE";
  /** Create the error for `path`, failed because of `cause`. */
  constructor(path: string, cause: unknown) {
    super(`Could not write settings file ${path}: ${messageOf(cause)}`, { cause });
  }
}

/**
 * The settings file path: `$XDG_CONFIG_HOME/moonglow/settings.json`, else
 * `$HOME/.config/moonglow/settings.json`, else (Windows)
 * `%APPDATA%\moonglow\settings.json`; `undefined` when none of these is set
 * or the environment cannot be read, in which case nothing is persisted.
 *
 * @example
 * ```ts
 * import { defaultSettingsPath } from "./settings.ts";
 * defaultSettingsPath({ get: (n) => (n === "HOME" ? "/home/ada" : undefined) });
 * // "/home/ada/.config/moonglow/settings.json"
 * ```
 */
export function defaultSettingsPath(env: SettingsEnv = Deno.env): string | undefined {
  const read = (name: string): string | undefined => {
    try {
      const v = env.get(name);
      return v === undefined || v === "" ? undefined : v;
    } catch {
      return undefined; // no --allow-env: behave as if unset
    }
  };
  const base = read("XDG_CONFIG_HOME") ??
    (read("HOME") !== undefined ? join(read("HOME") as string, ".config") : undefined) ??
    read("APPDATA");
  return base === undefined ? undefined : join(base, "moonglow", "settings.json");
}

/**
 * Read `path` and set every saved CVar found in it. Values may be JSON
 * booleans, numbers or strings (strings are read like console text).
 * Call it after the game's CVars are defined.
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * import { loadSettings } from "./settings.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "snd_volume", type: "float", default: 1, min: 0, max: 1, flags: ["saved"] });
 * const report = await loadSettings(reg, "/nonexistent/settings.json");
 * report.applied; // []
 * ```
 */
export async function loadSettings(
  registry: CVarRegistry,
  path: string,
): Promise<SettingsLoadReport> {
  const applied: string[] = [];
  const warnings: string[] = [];
  const file = await readSettingsFile(path);
  if (file.kind === "problem") warnings.push(`${file.warning}; using defaults`);
  if (file.kind === "ok") {
    for (const [name, raw] of Object.entries(file.cvars)) {
      const problem = applyEntry(registry, name, raw);
      if (problem === undefined) applied.push(name);
      else warnings.push(`Settings file ${path}: ${problem}; entry ignored`);
    }
  }
  rememberBaseline(registry, path);
  return { applied, warnings };
}

/**
 * Write the saved CVars of `registry` to `path`, keeping the old file's
 * entries for CVars that are not defined, creating the folder if needed.
 *
 * Nothing is written when no saved CVar changed since `loadSettings` read
 * `path` into `registry` (or since the last save); without such a read,
 * when the file already holds what would be written, or when there is
 * nothing to write. An old file that cannot be used (corrupt, a newer
 * version) is kept beside the new one as `<name>.bak` (`.bak.2`, ... when
 * taken), named in a warning. A symbolic link at `path` stays a link: the
 * file it points to is replaced. Throws {@linkcode SettingsWriteError} when
 * the file cannot be written, or when an unusable old file cannot be kept
 * (it is then left as it is).
 *
 * @example
 * ```ts
 * import { CVarRegistry } from "./registry.ts";
 * import { saveSettings } from "./settings.ts";
 * const reg = new CVarRegistry();
 * reg.define({ name: "r_show_fps", type: "bool", default: false, flags: ["saved"] });
 * reg.set("r_show_fps", true);
 * await saveSettings(reg, "/tmp/moonglow/settings.json");
 * // { fileWritten: true, written: ["r_show_fps"], kept: [], warnings: [] }
 * ```
 */
export async function saveSettings(
  registry: CVarRegistry,
  path: string,
): Promise<SettingsSaveReport> {
  const old = await readSettingsFile(path);
  const cvars: Record<string, unknown> = {};
  const kept: string[] = [];
  if (old.kind === "ok") {
    for (const [name, value] of Object.entries(old.cvars)) {
      if (!registry.has(name)) {
        cvars[name] = value;
        kept.push(name);
      }
    }
  }
  const written: string[] = [];
  for (const info of registry.list()) {
    if (info.flags.includes("saved") && info.value !== info.default) {
      cvars[info.name] = info.value;
      written.push(info.name);
    }
  }
  const baseline = baselines.get(registry)?.get(path);
  const unchanged = baseline !== undefined
    ? unchangedSince(baseline, registry)
    : old.kind === "ok"
    ? sameEntries(old.cvars, cvars)
    : written.length === 0;
  if (unchanged) return { fileWritten: false, written: [], kept: [], warnings: [] };

  const warnings: string[] = [];
  const target = await followLinks(path);
  if (old.kind === "problem") {
    const backup = await keepBackup(path, target);
    warnings.push(`${old.warning}; kept as ${backup}`);
  }
  const sorted = Object.fromEntries(Object.entries(cvars).sort(([a], [b]) => (a < b ? -1 : 1)));
  const text = JSON.stringify({ version: SETTINGS_VERSION, cvars: sorted }, null, 2) + "\n";
  await writeAtomically(path, target, text);
  rememberBaseline(registry, path);
  return { fileWritten: true, written, kept: kept.sort(), warnings };
}

// Saved values as the settings file at a path left them, per registry: the
// engine loads and saves through separate calls, and saving must know
// whether anything changed in between. Weak, so a finished game's registry
// is not kept alive.
const baselines = new WeakMap<CVarRegistry, Map<string, ReadonlyMap<string, CVarValue>>>();

function rememberBaseline(registry: CVarRegistry, path: string): void {
  let byPath = baselines.get(registry);
  if (byPath === undefined) baselines.set(registry, byPath = new Map());
  byPath.set(path, savedValues(registry));
}

function savedValues(registry: CVarRegistry): ReadonlyMap<string, CVarValue> {
  return new Map(
    registry.list().filter((i) => i.flags.includes("saved")).map((i) => [i.name, i.value]),
  );
}

// A saved CVar defined after the baseline was taken has changed when it left its default.
function unchangedSince(before: ReadonlyMap<string, CVarValue>, registry: CVarRegistry): boolean {
  return registry.list().every((info) =>
    !info.flags.includes("saved") ||
    info.value === (before.has(info.name) ? before.get(info.name) : info.default)
  );
}

function sameEntries(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  // Kept entries are copied as read, so JSON text compares nested values too.
  return keys.every((k) => k in b && JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

type SettingsFile =
  | { kind: "ok"; cvars: Record<string, unknown> }
  | { kind: "missing" }
  | { kind: "problem"; warning: string };

async function readSettingsFile(path: string): Promise<SettingsFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return { kind: "missing" };
    return problem(`Could not read settings file ${path}: ${messageOf(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return problem(`Settings file ${path} is not valid JSON (${messageOf(err)})`);
  }
  if (!isRecord(data) || !isRecord(data.cvars)) {
    return problem(`Settings file ${path} has no "cvars" object`);
  }
  if (data.version !== SETTINGS_VERSION) {
    return problem(
      `Settings file ${path} has version ${showValue(data.version)}, expected ${SETTINGS_VERSION}`,
    );
  }
  return { kind: "ok", cvars: data.cvars };
}

function applyEntry(registry: CVarRegistry, name: string, raw: unknown): string | undefined {
  if (!registry.has(name)) return `unknown cvar ${showValue(name)}`;
  if (!registry.describe(name).flags.includes("saved")) return `${name} is not a saved cvar`;
  if (typeof raw === "string") return errorOf(registry.setFromString(name, raw));
  if (typeof raw === "number" || typeof raw === "boolean") {
    return errorOf(registry.set(name, raw as CVarValue));
  }
  return `${name}: ${
    raw === null ? "null" : Array.isArray(raw) ? "a list" : "an object"
  } is not a cvar value`;
}

function errorOf(result: { ok: true } | { ok: false; error: string }): string | undefined {
  return result.ok ? undefined : result.error;
}

/** Most links followed from the settings path (as the kernel's own limit, about 40). */
const MAX_LINKS = 40;

// Renaming over a symbolic link would replace the link with a file: write
// where it points instead. A dangling link's target is created.
async function followLinks(path: string): Promise<string> {
  let p = path;
  try {
    for (let i = 0; i < MAX_LINKS; i++) {
      let info: Deno.FileInfo;
      try {
        info = await Deno.lstat(p);
      } catch (err) {
        if (err instanceof Deno.errors.NotFound) return p;
        throw err;
      }
      if (!info.isSymlink) return p;
      p = resolve(dirname(p), await Deno.readLink(p));
    }
  } catch (err) {
    throw new SettingsWriteError(path, err);
  }
  throw new SettingsWriteError(path, new Error(`more than ${MAX_LINKS} symbolic links`));
}

/** Most backup names tried before giving up. */
const MAX_BACKUPS = 100;

// The file is kept under the first free name: a hard link keeps it whole
// (even when it cannot be read), a copy where links are not supported.
async function keepBackup(path: string, target: string): Promise<string> {
  let cause: unknown = new Error(`${target}.bak to ${target}.bak.${MAX_BACKUPS} are all taken`);
  for (let n = 1; n <= MAX_BACKUPS; n++) {
    const backup = n === 1 ? `${target}.bak` : `${target}.bak.${n}`;
    try {
      await Deno.link(target, backup);
      return backup;
    } catch (err) {
      if (err instanceof Deno.errors.AlreadyExists) continue;
      cause = err;
    }
    try {
      await Deno.writeFile(backup, await Deno.readFile(target), { createNew: true });
      return backup;
    } catch (err) {
      if (err instanceof Deno.errors.AlreadyExists) continue;
      cause = err;
      break;
    }
  }
  throw new SettingsWriteError(
    path,
    new Error(
      `the old file could not be kept as a backup, so it is left as it is (${messageOf(cause)})`,
    ),
  );
}

async function writeAtomically(path: string, target: string, text: string): Promise<void> {
  const temp = `${target}.${Deno.pid}-${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.writeTextFile(temp, text);
    await Deno.rename(temp, target);
  } catch (err) {
    await Deno.remove(temp).catch(() => {}); // may not exist; the write error matters
    throw new SettingsWriteError(path, err);
  }
}

function problem(warning: string): SettingsFile {
  return { kind: "problem", warning };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
