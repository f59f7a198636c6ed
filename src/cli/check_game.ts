/**
 * `check <game_dir>`: compile every Lua file of a game without running it,
 * and report syntax errors, `engine.*` names that do not exist, callback
 * names that no file defines, and (when luacheck is installed) luacheck's
 * findings with the globals generated from the API declarations. The
 * game's `moonglow.json` is validated too. LuaLS definition files (a first
 * line `---@meta`, such as the stubs `moonglow stubs` writes) describe the
 * API and are not checked.
 *
 * @module
 */
import { luacheckConfig, metaData } from "../api/mod.ts";
import { readGameFiles } from "../engine/game_files.ts";
import { ManifestError, readManifest } from "../engine/manifest.ts";
import { LuaVm } from "../lua/vm.ts";

const ENGINE_NAME = /\bengine\.([A-Za-z_][A-Za-z0-9_]*)/g;
const GLOBAL_FUNCTION =
  /^\s*function\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(|^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*function\b/gm;
// Calls whose last string argument names a Lua callback, and phase table keys.
const CALLBACK_USES = [
  /\b(?:with_lua_timer|entity_insert_lua_timer|with_lua_collision_rule|with_menu_callback|on_change)\s*\([^()]*?"([A-Za-z_][A-Za-z0-9_]*)"\s*\)/g,
  /\b(?:on_enter|on_update|on_exit|enter|update|exit)\s*=\s*"([A-Za-z_][A-Za-z0-9_]*)"/g,
];

function luaQuote(s: string): string {
  let eq = "";
  while (s.includes(`]${eq}]`)) eq += "=";
  return `[${eq}[\n${s}]${eq}]`;
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** Drop comments so names in them are not checked (strings are kept). */
function withoutComments(source: string): string {
  return source.replace(/--\[(=*)\[[\s\S]*?\]\1\]/g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/--[^\n]*/g, (m) => " ".repeat(m.length));
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

function nameProblems(files: ReadonlyMap<string, string>): string[] {
  const meta = metaData();
  const known = new Set([...Object.keys(meta.functions), "__meta"]);
  const defined = new Set<string>();
  const code = new Map([...files].map(([p, s]) => [p, withoutComments(s)]));
  for (const source of code.values()) {
    for (const m of source.matchAll(GLOBAL_FUNCTION)) defined.add((m[1] ?? m[2]) as string);
  }
  const problems: string[] = [];
  for (const [path, source] of code) {
    for (const m of source.matchAll(ENGINE_NAME)) {
      const name = m[1] as string;
      if (!known.has(name)) {
        problems.push(`${path}:${lineOf(source, m.index)}: unknown engine function engine.${name}`);
      }
    }
    for (const pattern of CALLBACK_USES) {
      for (const m of source.matchAll(pattern)) {
        const name = m[1] as string;
        if (!defined.has(name)) {
          problems.push(
            `${path}:${lineOf(source, m.index)}: callback '${name}' is not defined by the game`,
          );
        }
      }
    }
  }
  return problems;
}

/**
 * Run luacheck over `files` (paths relative to the game folder `dir`;
 * default: all of it) with the generated config, when installed. Returns
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
    await Deno.writeTextFile(config, luacheckConfig());
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

async function manifestProblems(dir: string): Promise<string[]> {
  try {
    await readManifest(dir);
    return [];
  } catch (e) {
    if (e instanceof ManifestError) return [e.message];
    throw e;
  }
}

/**
 * What `check` found: problems (the game would fail: syntax errors, unknown
 * engine names, undefined callbacks, luacheck errors and undefined globals)
 * and warnings (luacheck's style findings, such as an unused variable), one
 * line each (`file:line: ...`).
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
  const problems = [
    ...await manifestProblems(dir),
    ...await syntaxErrors(files),
    ...nameProblems(files),
  ];
  const warnings: string[] = [];
  // The files the engine loads, not every .lua below the folder (hidden folders hold stubs).
  for (const line of await runLuacheck(dir, [...files.keys()]) ?? []) {
    (FATAL_LINT.test(line) ? problems : warnings).push(`luacheck: ${line}`);
  }
  return { problems, warnings };
}
