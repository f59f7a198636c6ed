/**
 * The `tilemap` category: `spawn_tiles` reads the loaded Tiled JSON map and
 * spawns one entity per tile.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { MAX_DATA_FILE_BYTES } from "../core/ceilings.ts";
import { OutsideGameFolderError, resolveGamePath } from "../core/game_path.ts";
import { emptySprite } from "../gameplay/mod.ts";
import {
  Collider,
  eidOf,
  entityRoom,
  Position,
  setComponent,
  spawnEntity,
  ZIndex,
} from "../ecs/mod.ts";
import { TiledMapError } from "../assets/errors.ts";
import { parseTiledMap } from "../assets/tiled_map.ts";
import { SkippedCommandError } from "./errors.ts";
import type { GameState, TilemapRequest } from "../state/game_state.ts";
import { byName, type CategoryCommand, type Processor } from "./processor.ts";

/**
 * The JSON of a game file (a map, a tileset, a grid layout) named `shown`
 * and resolved at `path`; every problem is a {@linkcode TiledMapError}
 * naming the file.
 */
function readJson(path: string, shown: string): unknown {
  let text: string;
  try {
    const size = Deno.statSync(path).size;
    if (size > MAX_DATA_FILE_BYTES) {
      throw new TiledMapError(
        `"${shown}" is ${size} bytes, more than the ${MAX_DATA_FILE_BYTES} a map or tileset may have`,
      );
    }
    text = Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof TiledMapError) throw e;
    const why = e instanceof Deno.errors.NotFound ? "file not found" : (e as Error).message;
    throw new TiledMapError(`cannot read "${shown}": ${why}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TiledMapError(`"${shown}" is not valid JSON: ${(e as Error).message}`);
  }
}

// A file the map names, inside the game folder only (symbolic links included).
function inGame(state: GameState, path: string, from?: string): string {
  try {
    return resolveGamePath(state.gameDir, path, from);
  } catch (e) {
    if (e instanceof OutsideGameFolderError) throw new TiledMapError(e.message);
    throw e;
  }
}

// The texture of a tileset: a loaded texture with the same file, else one keyed by the tileset name.
function textureFor(state: GameState, mapDir: string, image: string | undefined, name: string) {
  if (image !== undefined) {
    const resolved = resolve(mapDir, image);
    for (const [key, entry] of state.assets.texture) if (entry.resolved === resolved) return key;
  }
  return name;
}

/**
 * Read the Tiled JSON of `request.tilemap` and spawn its tiles, in map
 * order (layer, row, column). Each tile gets a position (its top-left
 * corner), a sprite of the tile size with `source` set to the tile's place
 * in the tileset image, flips, the layer's name as group, the layer's index
 * as z-index, and with a layer property `collider = true` a collider of the
 * tile size. The sprite's texture is the loaded texture whose file is the
 * tileset image, else the texture keyed by the tileset name. A missing or
 * unusable file (outside the game folder, larger than
 * {@linkcode MAX_DATA_FILE_BYTES}, malformed, or with more tiles than the
 * world has room for) spawns nothing and writes one error line naming the
 * file and the problem. Returns the spawned ids.
 *
 * @example
 * ```ts
 * import { spawnTilesFromTilemap } from "./tilemap.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * state.assets.tilemap.set("level1", { path: "l1.json", resolved: "/nonexistent/l1.json" });
 * spawnTilesFromTilemap(state, { frame: 0, tilemap: "level1" });
 * console.assert(state.log.entries[0]?.message.includes("file not found"));
 * ```
 */
export function spawnTilesFromTilemap(state: GameState, request: TilemapRequest): number[] {
  const asset = state.assets.tilemap.get(request.tilemap);
  if (asset === undefined) {
    state.log.error(`spawn_tiles: tilemap "${request.tilemap}" is not loaded`);
    return [];
  }
  let mapDir = dirname(asset.resolved);
  let map;
  try {
    const mapPath = inGame(state, asset.path);
    mapDir = dirname(mapPath);
    map = parseTiledMap(
      readJson(mapPath, asset.path),
      (source) => readJson(inGame(state, source, mapDir), source),
      // Every tile is an entity: a map the world cannot hold spawns nothing.
      { maxTiles: entityRoom(state.world) },
    );
  } catch (e) {
    if (!(e instanceof TiledMapError)) throw e;
    // A map that does not read is an asset error: the overlay and the summary show it.
    state.log.assetError(
      "spawn_tiles",
      asset.path,
      `tilemap "${request.tilemap}" (${asset.path}): ${e.message}`,
    );
    return [];
  }
  const { world, gameplay } = state;
  const textures = map.tilesets.map((ts) => textureFor(state, mapDir, ts.image, ts.name));
  const ids: number[] = [];
  for (const tile of map.tiles) {
    const id = spawnEntity(world);
    const eid = eidOf(world, id)!;
    setComponent(world, id, Position, { x: tile.x, y: tile.y });
    setComponent(world, id, ZIndex, { value: tile.layerIndex });
    world.groups.add(eid, tile.layer);
    gameplay.sprite.set(eid, {
      ...emptySprite(),
      texture: textures[tile.tileset] ?? "",
      w: tile.w,
      h: tile.h,
      flipX: tile.flipX,
      flipY: tile.flipY,
      source: { x: tile.sourceX, y: tile.sourceY },
    });
    if (tile.collider) {
      setComponent(world, id, Collider, { w: tile.w, h: tile.h, originX: 0, originY: 0 });
    }
    ids.push(id);
  }
  return ids;
}

/**
 * Apply one `tilemap` command: record the request (the tilemap must be
 * loaded) and spawn its tiles with {@linkcode spawnTilesFromTilemap}.
 *
 * @example
 * ```ts
 * import { processTilemap } from "./tilemap.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * state.assets.tilemap.set("l1", { path: "l1.json", resolved: "/g/l1.json" });
 * processTilemap(
 *   { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() },
 *   { op: 0, name: "spawn_tiles", category: "tilemap", collision: false, args: { tilemap_id: "l1" } },
 * );
 * console.assert(state.tilemapRequests.length === 1);
 * ```
 */
export const processTilemap: Processor<CategoryCommand<"tilemap">> = byName<
  CategoryCommand<"tilemap">
>({
  spawn_tiles: ({ state }, { args: a }) => {
    if (!state.assets.tilemap.has(a.tilemap_id)) {
      throw new SkippedCommandError(`tilemap "${a.tilemap_id}" is not loaded`);
    }
    const request = { frame: state.log.frame, tilemap: a.tilemap_id };
    state.tilemapRequests.push(request);
    spawnTilesFromTilemap(state, request);
  },
});
