import { assertEquals, assertRejects } from "@std/assert";
import { GameFilesError, readGameFiles } from "./game_files.ts";

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
