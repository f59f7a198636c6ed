import { assert, assertEquals } from "@std/assert";
import { MAX_DATA_FILE_BYTES } from "../core/ceilings.ts";
import { entityCount } from "../ecs/mod.ts";
import { createGameState, type GameState } from "../state/game_state.ts";
import { spawnTilesFromTilemap } from "./tilemap.ts";

const TILESET = { name: "t", tilewidth: 16, tileheight: 16, columns: 4, tilecount: 8 };

function mapWith(tilesets: unknown[], data = [1, 1, 0, 1]): string {
  return JSON.stringify({
    orientation: "orthogonal",
    width: 2,
    height: 2,
    tilewidth: 16,
    tileheight: 16,
    tilesets,
    layers: [{ type: "tilelayer", name: "g", width: 2, height: 2, data }],
  });
}

/**
 * A temp folder with `game/maps/` and a secret tileset beside the game
 * (`secret/ext.json`, named "TOP-SECRET"); `fn` gets the root and a state
 * whose game folder is `game/`.
 */
async function withGame(
  fn: (root: string, state: GameState) => Promise<void> | void,
  maxEntities?: number,
): Promise<void> {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/game/maps`, { recursive: true });
    await Deno.mkdir(`${root}/secret`);
    await Deno.writeTextFile(
      `${root}/secret/ext.json`,
      JSON.stringify({ ...TILESET, name: "TOP-SECRET" }),
    );
    const state = createGameState({ gameDir: `${root}/game`, worldOptions: { maxEntities } });
    await fn(root, state);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

function spawn(state: GameState, path: string): number[] {
  state.assets.tilemap.set("m", { path, resolved: `${state.gameDir}/${path}` });
  return spawnTilesFromTilemap(state, { frame: 0, tilemap: "m" });
}

const messages = (state: GameState) => state.log.entries.map((e) => [e.level, e.message]);

Deno.test("a tileset source outside the game folder is an error naming the map and the file", async () => {
  await withGame(async (root, state) => {
    const sources = ["../../secret/ext.json", `${root}/secret/ext.json`];
    for (const [i, source] of sources.entries()) {
      await Deno.writeTextFile(
        `${state.gameDir}/maps/m${i}.json`,
        mapWith([{ firstgid: 1, source }]),
      );
      assertEquals(spawn(state, `maps/m${i}.json`), []);
    }
    assertEquals(messages(state), [
      [
        "error",
        `spawn_tiles: tilemap "m" (maps/m0.json): "${sources[0]}" is outside the game folder`,
      ],
      [
        "error",
        `spawn_tiles: tilemap "m" (maps/m1.json): "${sources[1]}" is outside the game folder`,
      ],
    ]);
    // Error records too, for the dump, the overlay and the summary.
    assertEquals(state.log.errors.map((e) => e.callback), ["spawn_tiles", "spawn_tiles"]);
    assertEquals(entityCount(state.world), 0);
  });
});

Deno.test("a tileset or map reached through a link leading out is refused; nothing of it is read", async () => {
  await withGame(async (root, state) => {
    await Deno.symlink(`${root}/secret/ext.json`, `${state.gameDir}/maps/ext.json`);
    await Deno.writeTextFile(
      `${state.gameDir}/maps/m.json`,
      mapWith([{ firstgid: 1, source: "ext.json" }]),
    );
    await Deno.writeTextFile(`${root}/secret/map.json`, mapWith([{ firstgid: 1, ...TILESET }]));
    await Deno.symlink(`${root}/secret/map.json`, `${state.gameDir}/maps/linked.json`);
    assertEquals(spawn(state, "maps/m.json"), []);
    assertEquals(spawn(state, "maps/linked.json"), []);
    assertEquals(messages(state), [
      [
        "error",
        'spawn_tiles: tilemap "m" (maps/m.json): "ext.json" leads outside the game folder through a symbolic link',
      ],
      [
        "error",
        'spawn_tiles: tilemap "m" (maps/linked.json): "maps/linked.json" leads outside the game folder through a symbolic link',
      ],
    ]);
    assert(!JSON.stringify(state.log.entries).includes("TOP-SECRET"));
  });
});

Deno.test("a tileset inside the game folder is read relative to the map", async () => {
  await withGame(async (_, state) => {
    await Deno.mkdir(`${state.gameDir}/sets`);
    await Deno.writeTextFile(`${state.gameDir}/sets/t.tsj`, JSON.stringify(TILESET));
    await Deno.writeTextFile(
      `${state.gameDir}/maps/m.json`,
      mapWith([{ firstgid: 1, source: "../sets/t.tsj" }]),
    );
    assertEquals(spawn(state, "maps/m.json").length, 3);
    assertEquals(messages(state), []);
  });
});

Deno.test("a map file over the size ceiling is refused before it is read", async () => {
  await withGame(async (_, state) => {
    // A sparse file: its size is all that is looked at.
    using file = await Deno.create(`${state.gameDir}/maps/big.json`);
    await file.truncate(MAX_DATA_FILE_BYTES + 1);
    assertEquals(spawn(state, "maps/big.json"), []);
    assertEquals(messages(state), [[
      "error",
      `spawn_tiles: tilemap "m" (maps/big.json): "maps/big.json" is ${
        MAX_DATA_FILE_BYTES + 1
      } bytes, more than the ${MAX_DATA_FILE_BYTES} a map or tileset may have`,
    ]]);
  });
});

Deno.test("a map with more tiles than the world has room for spawns nothing and says so", async () => {
  await withGame(async (_, state) => {
    await Deno.writeTextFile(
      `${state.gameDir}/maps/m.json`,
      mapWith([{ firstgid: 1, ...TILESET }]),
    );
    assertEquals(spawn(state, "maps/m.json").length, 3);
    assertEquals(spawn(state, "maps/m.json"), []);
    assertEquals(entityCount(state.world), 3);
    assertEquals(messages(state), [[
      "error",
      'spawn_tiles: tilemap "m" (maps/m.json): the map has 3 tiles, more than the 2 entities the world has room for',
    ]]);
  }, 5);
});
