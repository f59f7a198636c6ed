import { assertEquals, assertRejects } from "@std/assert";
import { GameLoadError } from "./errors.ts";
import { checkGameDir } from "./game_dir.ts";

Deno.test("checkGameDir accepts a folder with main.lua and names each problem", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cases: Array<[string, string]> = [
      [`${dir}/nope`, `game folder not found: ${dir}/nope`],
      [`${dir}/file.txt`, `game path is not a folder: ${dir}/file.txt`],
      [`${dir}/empty`, `no main.lua in game folder ${dir}/empty`],
      [`${dir}/odd`, `${dir}/odd/main.lua is not a file`],
    ];
    await Deno.writeTextFile(`${dir}/file.txt`, "");
    await Deno.mkdir(`${dir}/empty`);
    await Deno.mkdir(`${dir}/odd/main.lua`, { recursive: true });
    for (const [path, message] of cases) {
      const err = await assertRejects(() => checkGameDir(path), GameLoadError);
      assertEquals(err.message, message);
      assertEquals(err.exitCode, 1);
    }
    await Deno.mkdir(`${dir}/game`);
    await Deno.writeTextFile(`${dir}/game/main.lua`, "");
    await checkGameDir(`${dir}/game`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
