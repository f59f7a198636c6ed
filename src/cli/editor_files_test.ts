import { assertEquals } from "@std/assert";
import { luaStubs } from "../api/mod.ts";
import { withDir } from "./_test_helpers.ts";
import { gameLuacheckrc, luarcJson, STUBS_PATH, writeEditorFiles } from "./editor_files.ts";

Deno.test(".luarc.json points LuaLS at the stubs folder", () => {
  const config = JSON.parse(luarcJson());
  assertEquals(config.runtime.version, "Lua 5.4");
  assertEquals(config.workspace.library, [STUBS_PATH.split("/")[0]]);
  assertEquals(config.diagnostics.disable, ["lowercase-global"]);
});

Deno.test("writeEditorFiles writes the stubs, .luacheckrc and .luarc.json into an empty game", async () => {
  await withDir(async (dir) => {
    assertEquals(await writeEditorFiles(dir), [STUBS_PATH, ".luacheckrc", ".luarc.json"]);
    assertEquals(await Deno.readTextFile(`${dir}/${STUBS_PATH}`), luaStubs());
    assertEquals(await Deno.readTextFile(`${dir}/.luacheckrc`), gameLuacheckrc());
    assertEquals(await Deno.readTextFile(`${dir}/.luarc.json`), luarcJson());
  });
});

Deno.test("writeEditorFiles refreshes what it wrote and keeps files written by hand", async () => {
  await withDir(async (dir) => {
    await writeEditorFiles(dir);
    await Deno.writeTextFile(`${dir}/${STUBS_PATH}`, "---@meta\n-- old\n");
    await Deno.writeTextFile(`${dir}/.luarc.json`, '{ "runtime": { "version": "Lua 5.4" } }\n');
    // An older generated .luacheckrc is replaced.
    await Deno.writeTextFile(`${dir}/.luacheckrc`, gameLuacheckrc().replace("max_line", "--x"));
    assertEquals(await writeEditorFiles(dir), [STUBS_PATH, ".luacheckrc"]);
    assertEquals(await Deno.readTextFile(`${dir}/${STUBS_PATH}`), luaStubs());
    assertEquals(await Deno.readTextFile(`${dir}/.luacheckrc`), gameLuacheckrc());
    assertEquals(
      await Deno.readTextFile(`${dir}/.luarc.json`),
      '{ "runtime": { "version": "Lua 5.4" } }\n',
    );
    // A .luacheckrc of the user's own stays.
    await Deno.writeTextFile(`${dir}/.luacheckrc`, 'std = "lua54"\n');
    assertEquals(await writeEditorFiles(dir), [STUBS_PATH]);
    assertEquals(await Deno.readTextFile(`${dir}/.luacheckrc`), 'std = "lua54"\n');
  });
});

const hasLuacheck = await new Deno.Command("luacheck", { args: ["--version"], stdout: "null" })
  .output().then(() => true, () => false);

Deno.test({
  name: "the game's .luacheckrc knows the engine globals and leaves the stubs out",
  ignore: !hasLuacheck,
  fn: async () => {
    await withDir(async (dir) => {
      await writeEditorFiles(dir);
      await Deno.writeTextFile(`${dir}/main.lua`, "function on_setup() engine.nope() end\n");
      const out = await new Deno.Command("luacheck", {
        args: ["--formatter", "plain", "--codes", "."],
        cwd: dir,
        stdout: "piped",
      }).output();
      const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
      assertEquals(lines.length, 1, lines.join("\n"));
      assertEquals(
        lines[0]?.includes("main.lua:1:21: (W143) accessing undefined field 'nope'"),
        true,
      );
    });
  },
});
