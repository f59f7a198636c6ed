/**
 * The subcommands that write files: `new` (a starter game), `stubs` (the
 * LuaLS stubs and editor files of a game) and `docs` (the API reference).
 * None writes into a folder the user did not name, except `docs` inside
 * the Moonglow repository, whose `docs/api.md` it keeps up to date.
 *
 * @example
 * ```ts ignore
 * import { FILE_COMMANDS } from "./file_commands.ts";
 * await FILE_COMMANDS.new.exec(["mygame"], deps, io);
 * ```
 *
 * @module
 */
import { join } from "node:path";
import { type Command, simpleCommand } from "./command.ts";
import { STUBS_PATH, writeEditorFiles } from "./editor_files.ts";
import { CliUsageError } from "./errors.ts";
import { checkGameDir } from "./game_dir.ts";
import { createGame } from "./new_game.ts";
import { checkOutputPath } from "./output_path.ts";

/** The API reference inside the Moonglow repository. */
const REPO_DOCS = "docs/api.md";

/** Whether `dir` is the root of the Moonglow repository (its deno.json names the package). */
async function isMoonglowRepository(dir: string): Promise<boolean> {
  try {
    const config = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
    return config?.name === "@moonglow/engine";
  } catch {
    return false;
  }
}

function quoteArg(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

const newCommand = simpleCommand({
  name: "new",
  summary: "create a starter game in a new folder",
  args: { required: ["<dir>"], optional: [] },
  async run({ values }, _deps, io) {
    const dir = values[0] as string;
    const files = await createGame(dir);
    io.out(`created ${dir}: ${files.join(", ")}`);
    io.out(`next: cd ${quoteArg(dir)} && moonglow run .`);
    return 0;
  },
  usage: [
    "usage: moonglow new <dir>",
    "",
    "Creates a starter game in <dir>, a new or empty folder (never overwrites files):",
    "  main.lua              a menu and a play scene, drifting squares, a player moved",
    "                        with the arrow keys; commented, no asset files needed",
    "  moonglow.json         the manifest: title, view size, first scene, key bindings",
    `  ${STUBS_PATH.padEnd(20)}  LuaLS stubs of the engine API, for your editor`,
    "  .luarc.json           LuaLS settings that point at the stubs",
    "  .luacheckrc           luacheck settings with the engine's globals",
    "",
    "Then: cd <dir> && moonglow run .",
  ],
});

const stubsCommand = simpleCommand({
  name: "stubs",
  summary: `write the LuaLS stubs into a game folder (${STUBS_PATH})`,
  args: { required: [], optional: ["[game_dir]"], options: ["out"] },
  async run({ values, options }, deps, io) {
    const out = options.out;
    const [dir] = values;
    if (out !== undefined) {
      if (dir !== undefined) {
        throw new CliUsageError("give either a game folder or --out FILE, not both");
      }
      await checkOutputPath("--out", out);
      await deps.writeStubs(out);
      io.out(`wrote ${out}`);
      return 0;
    }
    const game = dir ?? ".";
    await checkGameDir(game).catch((e) => {
      // Writing into a folder that is no game (the repository, a home folder) is never meant.
      throw dir === undefined
        ? new CliUsageError(
          "the current folder is not a game folder (no main.lua)",
          "Give a game folder (moonglow stubs <game_dir>) or a file (moonglow stubs --out FILE).",
        )
        : e;
    });
    for (const file of await writeEditorFiles(game)) io.out(`wrote ${join(game, file)}`);
    return 0;
  },
  usage: [
    "usage: moonglow stubs [game_dir] [--out FILE]",
    "",
    "Writes the LuaLS stubs of the engine API (definitions of every function and builder method).",
    "",
    `  game_dir    write ${STUBS_PATH} in this game folder, plus a .luarc.json when it has`,
    "              none and a .luacheckrc unless it has one written by hand (default: the",
    "              current folder, which must hold a main.lua)",
    "  --out FILE  write only the stubs, to FILE",
    "  -h, --help  show this help",
    "",
    "Run it again after updating Moonglow to refresh the stubs.",
  ],
});

const docsCommand = simpleCommand({
  name: "docs",
  summary: "write the Lua API reference in Markdown",
  args: { required: [], optional: ["[FILE]"], options: ["out"] },
  async run({ values, options }, deps, io) {
    const [positional] = values;
    if (positional !== undefined && options.out !== undefined) {
      throw new CliUsageError("give the output file once: either FILE or --out FILE");
    }
    let path = positional ?? options.out;
    if (path === undefined) {
      if (!await isMoonglowRepository(".")) {
        throw new CliUsageError(
          "docs needs an output file outside the Moonglow repository",
          "Give one: moonglow docs --out api.md",
        );
      }
      path = REPO_DOCS;
    }
    await checkOutputPath("docs", path);
    await deps.writeDocs(path);
    io.out(`wrote ${path}`);
    return 0;
  },
  usage: [
    "usage: moonglow docs [--out FILE | FILE]",
    "",
    "Writes the Lua API reference in Markdown to FILE. Without FILE it writes",
    `${REPO_DOCS} when run in the root of the Moonglow repository, and asks for a FILE anywhere else.`,
  ],
});

/**
 * The `new`, `stubs` and `docs` subcommands, by name.
 *
 * @example
 * ```ts
 * import { FILE_COMMANDS } from "./file_commands.ts";
 * FILE_COMMANDS.stubs.usage.startsWith("usage: moonglow stubs"); // true
 * ```
 */
export const FILE_COMMANDS: Readonly<Record<"new" | "stubs" | "docs", Command>> = {
  new: newCommand,
  stubs: stubsCommand,
  docs: docsCommand,
};
