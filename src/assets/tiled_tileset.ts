/**
 * Reading the tilesets of a Tiled JSON map, embedded or external, into the
 * range of global tile ids each one covers.
 *
 * @module
 */
import { posix } from "node:path";
import { MAX_PNG_SIDE, MAX_TILE_SIDE } from "../core/ceilings.ts";
import { TiledMapError } from "./errors.ts";
import { int, type Json, obj, optionalInt } from "./tiled_json.ts";

/**
 * Mask of the tile id bits of a Tiled global tile id (the rest are flip bits).
 *
 * @example
 * ```ts
 * import { GID_MASK } from "./tiled_tileset.ts";
 * (0x80000005 & GID_MASK) >>> 0; // 5
 * ```
 */
export const GID_MASK = 0x1fffffff;

/**
 * A tileset as the map uses it.
 *
 * @example
 * ```ts
 * import type { Tileset } from "./tiled_tileset.ts";
 * const t: Tileset = {
 *   firstgid: 1, name: "t", columns: 4, tilewidth: 16, tileheight: 16, margin: 0, spacing: 0,
 * };
 * ```
 */
export interface Tileset {
  /** First global tile id of the set. */
  firstgid: number;
  /** Tileset name (a texture key fallback). */
  name: string;
  /** Image path relative to the map file (`/`-separated), if any. */
  image?: string;
  /** Tiles per row of the image. */
  columns: number;
  /** Tile width in the image. */
  tilewidth: number;
  /** Tile height in the image. */
  tileheight: number;
  /** Pixels around the image. */
  margin: number;
  /** Pixels between tiles. */
  spacing: number;
}

/**
 * A tileset with the last global tile id it covers.
 *
 * @example
 * ```ts
 * import type { TilesetRange } from "./tiled_tileset.ts";
 * const r: TilesetRange = {
 *   firstgid: 1, lastgid: 16, name: "t", columns: 4, tilewidth: 16, tileheight: 16,
 *   margin: 0, spacing: 0,
 * };
 * ```
 */
export interface TilesetRange extends Tileset {
  /** Last global tile id of the set, when the set says how many tiles it has. */
  lastgid: number;
}

/**
 * Read tileset `index` of a map: embedded, or external JSON read with
 * `readExternal` (its image path is then made relative to the map).
 *
 * @example
 * ```ts
 * import { readTileset } from "./tiled_tileset.ts";
 * const ts = readTileset({ firstgid: 1, name: "t", tilewidth: 16, tileheight: 16, columns: 4 }, 0, () => ({}));
 * ts.lastgid; // Infinity
 * ```
 */
export function readTileset(
  raw: Json,
  index: number,
  readExternal: (path: string) => Json,
): TilesetRange {
  const ref = obj(raw, `tileset ${index}`);
  const firstgid = int(ref, "firstgid", `tileset ${index}`, [1, GID_MASK]);
  let ts = ref;
  let dir = "";
  if (typeof ref.source === "string") {
    if (!/\.(json|tsj)$/i.test(ref.source)) {
      throw new TiledMapError(
        `tileset '${ref.source}' is not JSON (.tsj or .json); export it as JSON`,
      );
    }
    ts = obj(readExternal(ref.source), `tileset '${ref.source}'`);
    // An external tileset names its image relative to itself.
    dir = posix.dirname(ref.source);
  }
  const what = `tileset ${typeof ts.name === "string" ? `'${ts.name}'` : index}`;
  const tilewidth = int(ts, "tilewidth", what, [1, MAX_TILE_SIDE]);
  const tileheight = int(ts, "tileheight", what, [1, MAX_TILE_SIDE]);
  const imagewidth = optionalInt(ts, "imagewidth", what, [0, MAX_PNG_SIDE]);
  const imageheight = optionalInt(ts, "imageheight", what, [0, MAX_PNG_SIDE]);
  const margin = int(ts, "margin", what, [0, MAX_PNG_SIDE], 0);
  const spacing = int(ts, "spacing", what, [0, MAX_PNG_SIDE], 0);
  const declared = optionalInt(ts, "columns", what, [0, MAX_PNG_SIDE]);
  const fit = (size: number | undefined, tile: number) =>
    size === undefined ? undefined : Math.floor((size - 2 * margin + spacing) / (tile + spacing));
  const columns = declared !== undefined && declared > 0
    ? declared
    : Math.max(1, fit(imagewidth, tilewidth) ?? 1);
  const tilecount = optionalInt(ts, "tilecount", what, [0, GID_MASK]);
  const rows = fit(imageheight, tileheight);
  const count = tilecount ?? (rows === undefined ? undefined : Math.max(0, rows) * columns);
  const out: TilesetRange = {
    firstgid,
    lastgid: count === undefined ? Infinity : firstgid + count - 1,
    name: typeof ts.name === "string" ? ts.name : `tileset${index}`,
    columns,
    tilewidth,
    tileheight,
    margin,
    spacing,
  };
  if (typeof ts.image === "string") {
    out.image = dir === "" ? ts.image : posix.join(dir, ts.image);
  }
  return out;
}
