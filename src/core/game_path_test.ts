import { assertEquals, assertThrows } from "@std/assert";
import { isInside, OutsideGameFolderError, resolveGamePath } from "./game_path.ts";

/** A temp folder holding `game/` and `secret/ext.json` beside it. */
async function withFolders(fn: (root: string, game: string) => void | Promise<void>) {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/game/maps`, { recursive: true });
    await Deno.mkdir(`${root}/secret`);
    await Deno.writeTextFile(`${root}/secret/ext.json`, "{}");
    await Deno.writeTextFile(`${root}/game/maps/level.json`, "{}");
    await fn(root, `${root}/game`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

const outside = (game: string, path: string, from?: string) =>
  assertThrows(() => resolveGamePath(game, path, from), OutsideGameFolderError).message;

Deno.test("paths inside the game folder resolve, whether or not the file exists", async () => {
  await withFolders((_, game) => {
    assertEquals(resolveGamePath(game, "maps/level.json"), `${game}/maps/level.json`);
    assertEquals(resolveGamePath(game, "maps/missing.png"), `${game}/maps/missing.png`);
    assertEquals(resolveGamePath(game, "../game/maps/x.json"), `${game}/maps/x.json`);
    assertEquals(resolveGamePath(game, "t.tsj", `${game}/maps`), `${game}/maps/t.tsj`);
    assertEquals(resolveGamePath(game, `${game}/maps/level.json`), `${game}/maps/level.json`);
  });
});

Deno.test("relative and absolute paths leading out of the folder are refused, naming the file", async () => {
  await withFolders((root, game) => {
    assertEquals(
      outside(game, "../secret/ext.json"),
      '"../secret/ext.json" is outside the game folder',
    );
    assertEquals(
      outside(game, "../../secret/ext.json", `${game}/maps`),
      '"../../secret/ext.json" is outside the game folder',
    );
    assertEquals(
      outside(game, `${root}/secret/ext.json`),
      `"${root}/secret/ext.json" is outside the game folder`,
    );
    assertEquals(outside(game, "/etc/passwd"), '"/etc/passwd" is outside the game folder');
    assertEquals(outside(game, "."), '"." is outside the game folder');
    assertEquals(outside(game, "a\0b"), '"a\\u0000b" is outside the game folder');
  });
});

Deno.test("symbolic links are followed: a link leading out is refused, one staying in is fine", async () => {
  await withFolders(async (root, game) => {
    await Deno.symlink(`${root}/secret/ext.json`, `${game}/maps/ext.json`);
    await Deno.symlink(`${root}/secret`, `${game}/shared`);
    await Deno.symlink(`${game}/maps`, `${game}/levels`);
    const link = '"maps/ext.json" leads outside the game folder through a symbolic link';
    assertEquals(outside(game, "maps/ext.json"), link);
    assertEquals(outside(game, "ext.json", `${game}/maps`), link.replace("maps/", ""));
    // A missing file under a linked folder is where the link leads.
    assertEquals(
      outside(game, "shared/nothing.json"),
      '"shared/nothing.json" leads outside the game folder through a symbolic link',
    );
    assertEquals(resolveGamePath(game, "levels/level.json"), `${game}/levels/level.json`);
  });
});

Deno.test("a game folder reached through a link is its real folder", async () => {
  await withFolders(async (root, game) => {
    await Deno.symlink(game, `${root}/alias`);
    assertEquals(
      resolveGamePath(`${root}/alias`, "maps/level.json"),
      `${root}/alias/maps/level.json`,
    );
    assertEquals(
      outside(`${root}/alias`, "../secret/ext.json"),
      '"../secret/ext.json" is outside the game folder',
    );
  });
});

Deno.test("a name starting with two dots is inside; the folder itself is not", () => {
  assertEquals(isInside("/g", "/g/..data/x.png"), true);
  assertEquals(isInside("/g", "/g/a/../../g/b"), true);
  assertEquals(isInside("/g", "/g"), false);
  assertEquals(isInside("/g", "/g/.."), false);
  assertEquals(isInside("/g", "/gg/x"), false);
});
