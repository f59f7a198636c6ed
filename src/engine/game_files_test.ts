import { assertEquals, assertRejects } from "@std/assert";
import { asLuaFile, GameFilesError, readGameFiles } from "./game_files.ts";

Deno.test("reads every Lua file with folder-relative paths", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/lib`);
    await Deno.mkdir(`${dir}/.hidden`);
    await Deno.writeTextFile(`${dir}/main.lua`, "x = 1");
    await Deno.writeTextFile(`${dir}/lib/util.lua`, "return 2");
    await Deno.writeTextFile(`${dir}/.hidden/skip.lua`, "return 3");
    await Deno.writeTextFile(`${dir}/notes.txt`, "no");
    const files = await readGameFiles(dir);
    assertEquals([...files.keys()], ["lib/util.lua", "main.lua"]);
    assertEquals(files.get("lib/util.lua"), "return 2");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a missing folder or main.lua is a clear error", async () => {
  await assertRejects(
    () => readGameFiles("/no/such/game"),
    GameFilesError,
    "Game folder not found",
  );
  const dir = await Deno.makeTempDir();
  try {
    await assertRejects(() => readGameFiles(dir), GameFilesError, "No main.lua in game folder");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("links inside the game folder are read; a link loop ends", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/src/lib`, { recursive: true });
    await Deno.writeTextFile(`${dir}/src/main.lua`, "x = 1");
    await Deno.writeTextFile(`${dir}/src/lib/util.lua`, "return 2");
    await Deno.symlink(`${dir}/src/main.lua`, `${dir}/main.lua`);
    await Deno.symlink(`${dir}/src/lib`, `${dir}/lib`);
    await Deno.symlink(dir, `${dir}/src/loop`);
    await Deno.symlink(`${dir}/gone.lua`, `${dir}/dangling.lua`);
    const files = await readGameFiles(dir);
    assertEquals([...files.keys()], ["lib/util.lua", "main.lua", "src/main.lua"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a Lua file reached through a link leading out of the game folder is an error naming it", async () => {
  const dir = await Deno.makeTempDir();
  const shared = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/main.lua`, "x = 1");
    await Deno.writeTextFile(`${shared}/secret.lua`, "return 'secret'");
    await Deno.symlink(`${shared}/secret.lua`, `${dir}/util.lua`);
    await assertRejects(
      () => readGameFiles(dir),
      GameFilesError,
      `Lua file util.lua leads outside the game folder through a symbolic link: ${dir}`,
    );
    await Deno.remove(`${dir}/util.lua`);
    await Deno.symlink(shared, `${dir}/lib`);
    await assertRejects(
      () => readGameFiles(dir),
      GameFilesError,
      `Lua file lib/secret.lua leads outside the game folder through a symbolic link: ${dir}`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(shared, { recursive: true });
  }
});

Deno.test("files read as lua5.4 reads them: no byte order mark, no #! line, same line numbers", () => {
  assertEquals(asLuaFile("\uFEFFprint(1)"), "print(1)");
  assertEquals(asLuaFile("#!/usr/bin/env lua\nprint(1)\n"), "\nprint(1)\n");
  assertEquals(asLuaFile("\uFEFF# comment"), "");
  assertEquals(asLuaFile("local n = #t"), "local n = #t");
});
