/**
 * `check <game_dir>`: compile every Lua file of a game without running it,
 * and report syntax errors, the static hints (unknown API names and builder
 * methods and undefined callback names, each with the names it was probably
 * meant to be; builders never built, engine calls at the top level of
 * `main.lua` and callback-like functions nothing calls, as warnings), and
 * (when luacheck is installed) luacheck's findings with the globals
 * generated from the API declarations. The game's `moonglow.json` is
 * validated too. LuaLS definition files (a first
 * line `---@meta`, such as the stubs `moonglow stubs` writes) describe the
 * API and are not checked.
 *
 * @module
 */
import { join } from "node:path";
import { luacheckConfig } from "../api/mod.ts";
import { readGameFiles } from "../engine/game_files.ts";
import {
  type GameManifest,
  MANIFEST_FILE,
  ManifestError,
  readManifest,
} from "../engine/manifest.ts";
import { TERMINAL_KEYS } from "../render/terminal/keyboard.ts";
import { didYouMean, withHint } from "../core/edit_distance.ts";
import { SCENE_UPDATE_PREFIX, sceneUpdateCallback } from "../api/callback_names.ts";
import { findingText, scanGame } from "../hints/mod.ts";
import { LuaVm } from "../lua/vm.ts";
import { isGeneratedLuacheckrc } from "./editor_files.ts";

function luaQuote(s: string): string {
  let eq = "";
  while (s.includes(`]${eq}]`)) eq += "=";
  return `[${eq}[\n${s}]${eq}]`;
}

async function syntaxErrors(files: ReadonlyMap<string, string>): Promise<string[]> {
  const problems: string[] = [];
  const vm = await LuaVm.create();
  try {
    for (const [path, source] of files) {
      // `load` compiles without running: a syntax error is reported, nothing executes.
      const [err] = vm.run(
        `local _, err = load(${luaQuote(source)}, ${luaQuote("@" + path)}); return err or ""`,
      );
      if (err) problems.push(err);
    }
  } finally {
    vm.close();
  }
  return problems;
}

/**
 * Run luacheck over `files` (paths relative to the game folder `dir`;
 * default: all of it) with the generated config, followed by the game's own
 * `.luacheckrc` when its author wrote one, when installed. Returns
 * its findings, or undefined when luacheck is not available.
 *
 * @example
 * ```ts
 * import { runLuacheck } from "./check_game.ts";
 * const found = await runLuacheck("examples/breakout", ["main.lua"]); // undefined without luacheck
 * ```
 */
export async function runLuacheck(
  dir: string,
  files: readonly string[] = ["."],
): Promise<string[] | undefined> {
  const config = await Deno.makeTempFile({ suffix: ".luacheckrc" });
  try {
    // A .luacheckrc the author wrote is read after the engine's globals, so its settings win.
    const own = await Deno.readTextFile(join(dir, ".luacheckrc")).catch(() => "");
    const theirs = own === "" || isGeneratedLuacheckrc(own) ? "" : `\n-- .luacheckrc\n${own}`;
    await Deno.writeTextFile(config, luacheckConfig() + theirs);
    const out = await new Deno.Command("luacheck", {
      args: ["--config", config, "--formatter", "plain", "--codes", "--", ...files],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    return text.split("\n").filter((l) => l.trim() !== "").map((l) => l.replace(/^\.\//, ""));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  } finally {
    await Deno.remove(config);
  }
}

/** A LuaLS definition file (its first line is `---@meta`): API text, not game code. */
function isDefinitionFile(source: string): boolean {
  return /^---@meta\b/.test(source);
}

/**
 * Problems with `moonglow.json`, and warnings: a key bound that the terminal
 * renderer keeps for itself, and a first scene with no update function
 * while other scenes have one (a typo leaves the game idle).
 */
async function manifestFindings(
  dir: string,
  functions: Iterable<string>,
): Promise<{ problems: string[]; warnings: string[] }> {
  let manifest: GameManifest;
  try {
    manifest = await readManifest(dir);
  } catch (e) {
    if (e instanceof ManifestError) return { problems: [e.message], warnings: [] };
    throw e;
  }
  const warnings = TERMINAL_KEYS.filter((key) => manifest.bindings.has(key)).map((key) =>
    `${MANIFEST_FILE}: bindings.${key}: the terminal renderer keeps this key for itself, ` +
    "so the game never gets it there"
  );
  const scene = manifest.scene;
  const scenes = [...functions].filter((f) => f.startsWith(SCENE_UPDATE_PREFIX))
    .map((f) => f.slice(SCENE_UPDATE_PREFIX.length));
  if (scene !== undefined && scenes.length > 0 && !scenes.includes(scene)) {
    const hint = didYouMean(scene, scenes);
    const text = `${MANIFEST_FILE}: the first scene "${scene}" has no ${
      sceneUpdateCallback(scene)
    }`;
    warnings.push(withHint(text, hint));
  }
  return { problems: [], warnings };
}

/**
 * What `check` found: problems (the game would fail: syntax errors, unknown
 * engine names and builder methods, undefined callbacks, luacheck errors and
 * undefined globals) and warnings (likely mistakes that pass silently, and
 * luacheck's style findings such as an unused variable), one line each
 * (`file:line: ...`).
 *
 * @example
 * ```ts
 * import type { CheckReport } from "./check_game.ts";
 * const clean: CheckReport = { problems: [], warnings: [] };
 * ```
 */
export interface CheckReport {
  /** Findings that make `check` fail. */
  readonly problems: readonly string[];
  /** Findings reported without failing. */
  readonly warnings: readonly string[];
}

// luacheck codes that mean a broken game here: errors (E...) and globals
// (W11x: set, mutated or read but never defined; the globals are frozen).
const FATAL_LINT = /\((?:E\d+|W11\d)\)/;

/**
 * Check a game folder without running it.
 *
 * @example
 * ```ts
 * import { checkGame } from "./check_game.ts";
 * const { problems, warnings } = await checkGame("examples/breakout");
 * ```
 */
export async function checkGame(dir: string): Promise<CheckReport> {
  const files = new Map(
    [...await readGameFiles(dir)].filter(([, source]) => !isDefinitionFile(source)),
  );
  const scan = scanGame(files);
  const manifest = await manifestFindings(dir, scan.functions.keys());
  const problems = [
    ...manifest.problems,
    ...await syntaxErrors(files),
    ...scan.problems.map(findingText),
  ];
  const warnings = [...manifest.warnings, ...scan.warnings.map(findingText)];
  // Lines whose unknown API name is reported above, with a suggestion: luacheck's W143 there says less.
  const unknown = scan.problems.filter((p) => p.unknownName);
  const named = new Set(unknown.map((p) => `${p.file}:${p.line}:`));
  // The files the engine loads, not every .lua below the folder (hidden folders hold stubs).
  for (const line of await runLuacheck(dir, [...files.keys()]) ?? []) {
    const at = /^(.*?:\d+):\d+: \(W143\)/.exec(line);
    if (at && named.has(`${at[1]}:`)) continue;
    (FATAL_LINT.test(line) ? problems : warnings).push(`luacheck: ${line}`);
  }
  return { problems, warnings };
}
