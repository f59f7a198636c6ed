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

Deno.test("linked files and folders are read; a link loop ends", async () => {
  const dir = await Deno.makeTempDir();
  const shared = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${shared}/main.lua`, "x = 1");
    await Deno.mkdir(`${shared}/lib`);
    await Deno.writeTextFile(`${shared}/lib/util.lua`, "return 2");
    await Deno.symlink(`${shared}/main.lua`, `${dir}/main.lua`);
    await Deno.symlink(`${shared}/lib`, `${dir}/lib`);
    await Deno.symlink(dir, `${dir}/loop`);
    await Deno.symlink(`${dir}/gone.lua`, `${dir}/dangling.lua`);
    const files = await readGameFiles(dir);
    assertEquals([...files.keys()], ["lib/util.lua", "main.lua"]);
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
