import { assertEquals } from "@std/assert";
import { luaStubs } from "../api/mod.ts";
import { readManifest } from "../engine/manifest.ts";
import { cli, harness, withDir } from "./_test_helpers.ts";
import { defaultDeps } from "./default_deps.ts";
import { gameLuacheckrc, luarcJson, STUBS_PATH } from "./editor_files.ts";
import { STARTER_GAME_LUA } from "./starter_game_lua.ts";

Deno.test("new writes the starter game, its manifest and the editor files", async () => {
  await withDir(async (tmp) => {
    const dir = `${tmp}/games/mygame`;
    const r = await cli(["new", dir], defaultDeps());
    assertEquals(r.code, 0, r.err.join("\n"));
    assertEquals(r.out, [
      `created ${dir}: main.lua, moonglow.json, ${STUBS_PATH}, .luacheckrc, .luarc.json`,
      `next: cd ${dir} && moonglow run .`,
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/main.lua`), STARTER_GAME_LUA);
    const manifest = await readManifest(dir);
    assertEquals([manifest.title, manifest.view, manifest.scene], [
      "mygame",
      { width: 800, height: 600 },
      "menu",
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/${STUBS_PATH}`), luaStubs());
    assertEquals(await Deno.readTextFile(`${dir}/.luarc.json`), luarcJson());
    assertEquals(await Deno.readTextFile(`${dir}/.luacheckrc`), gameLuacheckrc());
  });
});

Deno.test("check passes the new game without a warning and ignores stubs anywhere in it", async () => {
  await withDir(async (tmp) => {
    const dir = `${tmp}/mygame`;
    const deps = defaultDeps();
    assertEquals((await cli(["new", dir], deps)).code, 0);
    // Stubs in the game's root, where older versions wrote them, are skipped too.
    assertEquals((await cli(["stubs", "--out", `${dir}/engine.lua`], deps)).code, 0);
    const r = await cli(["check", dir], deps);
    assertEquals([r.code, r.out, r.err], [0, [`${dir}: ok`], []]);
  });
});

Deno.test("new refuses a folder that is not empty, and a file, changing nothing", async () => {
  await withDir(async (tmp) => {
    await Deno.writeTextFile(`${tmp}/notes.txt`, "mine");
    const full = await cli(["new", tmp], defaultDeps());
    assertEquals(full.code, 1);
    assertEquals(full.err, [
      `moonglow: cannot create a game in ${tmp}: the folder is not empty`,
      "Give the name of a new or empty folder; moonglow new never overwrites files.",
    ]);
    const file = await cli(["new", `${tmp}/notes.txt`], defaultDeps());
    assertEquals(file.code, 1);
    assertEquals(file.err[0], `moonglow: cannot create a game in ${tmp}/notes.txt: it is a file`);
    const left = [];
    for await (const e of Deno.readDir(tmp)) left.push(e.name);
    assertEquals(left, ["notes.txt"]);
    assertEquals(await Deno.readTextFile(`${tmp}/notes.txt`), "mine");
    // An empty folder is fine.
    await Deno.mkdir(`${tmp}/empty`);
    assertEquals((await cli(["new", `${tmp}/empty`], defaultDeps())).code, 0);
  });
});

Deno.test("stubs <game_dir> writes the editor files there; without one it needs a game folder", async () => {
  await withDir(async (tmp) => {
    const cwd = Deno.cwd();
    await Deno.mkdir(`${tmp}/game`);
    await Deno.writeTextFile(`${tmp}/game/main.lua`, "-- empty\n");
    try {
      const r = await cli(["stubs", `${tmp}/game`], defaultDeps());
      assertEquals(r.out, [
        `wrote ${tmp}/game/${STUBS_PATH}`,
        `wrote ${tmp}/game/.luacheckrc`,
        `wrote ${tmp}/game/.luarc.json`,
      ]);
      Deno.chdir(`${tmp}/game`);
      assertEquals((await cli(["stubs"], defaultDeps())).out, [
        `wrote ${STUBS_PATH}`,
        "wrote .luacheckrc",
      ]);
      Deno.chdir(tmp);
      const outside = await cli(["stubs"], defaultDeps());
      assertEquals(outside.code, 2);
      assertEquals(outside.err, [
        "moonglow: the current folder is not a game folder (no main.lua)",
        "Give a game folder (moonglow stubs <game_dir>) or a file (moonglow stubs --out FILE).",
      ]);
      const files = [];
      for await (const e of Deno.readDir(tmp)) files.push(e.name);
      assertEquals(files, ["game"]);
    } finally {
      Deno.chdir(cwd);
    }
  });
});

Deno.test("docs without a file writes docs/api.md in the repository and asks for one elsewhere", async () => {
  const cwd = Deno.cwd();
  const dir = await Deno.makeTempDir();
  try {
    Deno.chdir(new URL("../..", import.meta.url));
    const inRepo = harness();
    assertEquals((await cli(["docs"], inRepo.deps)).out, ["wrote docs/api.md"]);
    assertEquals(inRepo.calls, ["docs docs/api.md"]);
    Deno.chdir(dir);
    const outside = harness();
    const r = await cli(["docs"], outside.deps);
    assertEquals(r.code, 2);
    assertEquals(r.err, [
      "moonglow: docs needs an output file outside the Moonglow repository",
      "Give one: moonglow docs --out api.md",
    ]);
    assertEquals(outside.calls, []);
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(dir, { recursive: true });
  }
});
