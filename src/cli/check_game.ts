/**
 * `check <game_dir>`: compile every Lua file of a game without running it
 * and report syntax errors and `engine.*` names that do not exist.
 *
 * @module
 */
import { metaData } from "../api/mod.ts";
import { readGameFiles } from "../engine/game_files.ts";
import { LuaVm } from "../lua/vm.ts";

const ENGINE_NAME = /\bengine\.([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The problems found in a game folder, one line each (`file:line: ...`).
 *
 * @example
 * ```ts ignore
 * const problems = await checkGame("examples/breakout");
 * ```
 */
export async function checkGame(dir: string): Promise<string[]> {
  const files = await readGameFiles(dir);
  const known = new Set(Object.keys(metaData().functions));
  known.add("__meta");
  const problems: string[] = [];
  const vm = await LuaVm.create();
  try {
    for (const [path, source] of files) {
      // `load` compiles without running: a syntax error is reported, nothing executes.
      const out = vm.run(
        `local f, err = load(...); return err or ""`.replace(
          "...",
          luaQuote(source) + ", " + luaQuote("@" + path),
        ),
      );
      if (out[0]) problems.push(out[0]);
      source.split("\n").forEach((line, i) => {
        if (/^\s*--/.test(line)) return;
        for (const m of line.matchAll(ENGINE_NAME)) {
          const name = m[1] as string;
          if (!known.has(name)) {
            problems.push(`${path}:${i + 1}: unknown engine function engine.${name}`);
          }
        }
      });
    }
  } finally {
    vm.close();
  }
  return problems;
}

function luaQuote(s: string): string {
  let eq = "";
  while (s.includes(`]${eq}]`)) eq += "=";
  return `[${eq}[\n${s}]${eq}]`;
}
