/**
 * Reading Tiled JSON maps (orthogonal, finite, tile layers with array or
 * CSV data, embedded or external JSON tilesets) into a list of tiles.
 *
 * @module
 */
import { MAX_MAP_CELLS, MAX_TILE_SIDE } from "../core/ceilings.ts";
import { TiledMapError } from "./errors.ts";
import { type Fields, int, type Json, num, obj } from "./tiled_json.ts";
import { GID_MASK, readTileset, type Tileset } from "./tiled_tileset.ts";

/**
 * One tile to spawn.
 *
 * @example
 * ```ts
 * import type { Tile } from "./tiled_map.ts";
 * const t: Tile = {
 *   layer: "ground", layerIndex: 0, x: 0, y: 0, w: 16, h: 16, gid: 1, tileset: 0,
 *   sourceX: 0, sourceY: 0, flipX: false, flipY: false, collider: false,
 * };
 * ```
 */
export interface Tile {
  /** Layer name. */
  layer: string;
  /** Index of the layer among the map's tile layers (draw order). */
  layerIndex: number;
  /** Top-left x in world units. */
  x: number;
  /** Top-left y in world units. */
  y: number;
  /** Width. */
  w: number;
  /** Height. */
  h: number;
  /** Global tile id without flip bits. */
  gid: number;
  /** Index into the map's tilesets. */
  tileset: number;
  /** Tile position in the tileset image. */
  sourceX: number;
  /** Tile position in the tileset image. */
  sourceY: number;
  /** Mirrored horizontally. */
  flipX: boolean;
  /** Mirrored vertically. */
  flipY: boolean;
  /** The layer has a boolean property `collider` set to true. */
  collider: boolean;
}

/**
 * A parsed map.
 *
 * @example
 * ```ts
 * import type { TiledMap } from "./tiled_map.ts";
 * const m: TiledMap = { width: 0, height: 0, tilewidth: 16, tileheight: 16, tilesets: [], tiles: [] };
 * ```
 */
export interface TiledMap {
  /** Columns. */
  width: number;
  /** Rows. */
  height: number;
  /** Grid cell width. */
  tilewidth: number;
  /** Grid cell height. */
  tileheight: number;
  /** Tilesets by ascending `firstgid`. */
  tilesets: Tileset[];
  /** Tiles, by layer, then row, then column. */
  tiles: Tile[];
}

/**
 * Options of {@linkcode parseTiledMap}.
 *
 * @example
 * ```ts
 * import type { TiledMapOptions } from "./tiled_map.ts";
 * const o: TiledMapOptions = { maxTiles: 1000 };
 * ```
 */
export interface TiledMapOptions {
  /**
   * Most tiles the map may have (the room left in the world: each tile is an
   * entity). Default: no limit beyond {@linkcode MAX_MAP_CELLS}.
   */
  maxTiles?: number;
}

const FLIP_H = 0x80000000;
const FLIP_V = 0x40000000;
const MAX_RAW_GID = 0xffffffff;

function tileData(layer: Fields, name: string, cells: number): readonly Json[] {
  const data = layer.data;
  if (layer.encoding === "base64" || layer.compression) {
    throw new TiledMapError(
      `layer '${name}' uses ${layer.encoding ?? "compressed"} data; save it as CSV or array`,
    );
  }
  let values: readonly Json[];
  if (Array.isArray(data)) values = data;
  else if (typeof data === "string") {
    // A cell that is not digits stays text, so the error shows it as written.
    values = data.split(",").map((c) => c.trim()).filter((c) => c !== "")
      .map((c) => /^\d+$/.test(c) ? Number(c) : c);
  } else throw new TiledMapError(`layer '${name}' has no array or CSV 'data'`);
  if (values.length !== cells) {
    throw new TiledMapError(
      `layer '${name}' has ${values.length} cells of 'data', not its width x height = ${cells}`,
    );
  }
  return values;
}

function hasColliderProperty(layer: Fields): boolean {
  const props = layer.properties;
  if (!Array.isArray(props)) return false;
  return props.some((p) => {
    const o = p as Fields | null;
    return o !== null && typeof o === "object" && o.name === "collider" && o.value === true;
  });
}

function offset(layer: Fields, key: string, name: string): number {
  return layer[key] === undefined ? 0 : num(layer, key, `layer '${name}'`);
}

interface TileLayer {
  layer: Fields;
  name: string;
  ox: number;
  oy: number;
}

// The visible tile layers in draw order (also inside groups), with their
// accumulated offsets; unnamed ones are named by their index.
function* tileLayers(
  layers: Json[],
  dx: number,
  dy: number,
  seen = { n: 0 },
): Generator<TileLayer> {
  for (const raw of layers) {
    const layer = obj(raw, "a layer");
    if (layer.visible === false) continue;
    const name = typeof layer.name === "string" ? layer.name : `layer${seen.n}`;
    const ox = dx + offset(layer, "offsetx", name);
    const oy = dy + offset(layer, "offsety", name);
    if (layer.type === "group" && Array.isArray(layer.layers)) {
      yield* tileLayers(layer.layers, ox, oy, seen);
    } else if (layer.type === "tilelayer") {
      seen.n++;
      yield { layer, name, ox, oy };
    }
  }
}

/**
 * Parse a Tiled JSON map. `readExternal` reads an external tileset named by
 * a `source` path relative to the map. Tile layers are read in order
 * (also inside groups); invisible layers, object and image layers are
 * skipped. A tile is placed at its cell's top-left corner, aligned to the
 * cell's bottom when the tileset's tiles are taller (as Tiled draws them),
 * shifted by the layer offset. Sizes, counts and tile ids must be integers
 * in their range, a layer's data must have one value per cell, a tile id
 * must be a tile of its tileset, and the map may have at most
 * {@linkcode MAX_MAP_CELLS} cells and `options.maxTiles` tiles.
 *
 * @throws {TiledMapError} when the map is not orthogonal, is infinite, has
 * base64 / compressed layers, XML tilesets, missing or out-of-range fields,
 * tile ids beyond its tilesets, or is too large; the message names the
 * layer, tileset or field.
 * @example
 * ```ts
 * import { parseTiledMap } from "./tiled_map.ts";
 * const map = parseTiledMap({
 *   orientation: "orthogonal", width: 2, height: 1, tilewidth: 16, tileheight: 16,
 *   tilesets: [{ firstgid: 1, name: "t", columns: 4, tilewidth: 16, tileheight: 16 }],
 *   layers: [{ type: "tilelayer", name: "ground", width: 2, height: 1, data: [0, 3] }],
 * }, () => ({}));
 * console.assert(map.tiles.length === 1 && map.tiles[0]?.sourceX === 32);
 * ```
 */
export function parseTiledMap(
  json: Json,
  readExternal: (path: string) => Json,
  options: TiledMapOptions = {},
): TiledMap {
  const map = obj(json, "the map");
  const orientation = map.orientation ?? "orthogonal";
  if (orientation !== "orthogonal") {
    throw new TiledMapError(
      `orientation '${String(orientation)}' is not supported (orthogonal only)`,
    );
  }
  if (map.infinite === true) throw new TiledMapError("infinite maps are not supported");
  const width = int(map, "width", "the map", [1, MAX_MAP_CELLS]);
  const height = int(map, "height", "the map", [1, MAX_MAP_CELLS]);
  if (width * height > MAX_MAP_CELLS) {
    throw new TiledMapError(
      `the map is ${width} x ${height} = ${
        width * height
      } cells, more than the ${MAX_MAP_CELLS} a map may have`,
    );
  }
  const tilewidth = int(map, "tilewidth", "the map", [1, MAX_TILE_SIDE]);
  const tileheight = int(map, "tileheight", "the map", [1, MAX_TILE_SIDE]);
  if (!Array.isArray(map.tilesets)) throw new TiledMapError("the map has no 'tilesets' list");
  if (!Array.isArray(map.layers)) throw new TiledMapError("the map has no 'layers' list");
  const ranges = map.tilesets.map((t, i) => readTileset(t, i, readExternal))
    .sort((a, b) => a.firstgid - b.firstgid);
  const maxTiles = options.maxTiles ?? Infinity;
  const layers = [...tileLayers(map.layers, 0, 0)];
  // Every layer's size is checked before any data is read.
  let cells = 0;
  for (const { layer, name } of layers) {
    const what = `layer '${name}'`;
    cells += int(layer, "width", what, [1, MAX_MAP_CELLS], width) *
      int(layer, "height", what, [1, MAX_MAP_CELLS], height);
    if (cells > MAX_MAP_CELLS) {
      throw new TiledMapError(
        `the tile layers up to '${name}' have ${cells} cells, more than the ${MAX_MAP_CELLS} a map may have`,
      );
    }
  }
  const tiles: Tile[] = [];
  let count = 0;
  for (const [layerIndex, { layer, name, ox, oy }] of layers.entries()) {
    const what = `layer '${name}'`;
    const lw = int(layer, "width", what, [1, MAX_MAP_CELLS], width);
    const lh = int(layer, "height", what, [1, MAX_MAP_CELLS], height);
    const data = tileData(layer, name, lw * lh);
    const collider = hasColliderProperty(layer);
    const cell = (i: number) => `${what} cell ${i} (column ${i % lw}, row ${Math.floor(i / lw)})`;
    for (let i = 0; i < data.length; i++) {
      const raw = data[i];
      const col = i % lw;
      const row = Math.floor(i / lw);
      if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 0 || raw > MAX_RAW_GID) {
        throw new TiledMapError(`${cell(i)} has ${JSON.stringify(raw)}, which is not a tile id`);
      }
      const gid = (raw & GID_MASK) >>> 0;
      if (gid === 0) continue;
      let tileset = -1;
      for (let t = 0; t < ranges.length; t++) {
        if (ranges[t]!.firstgid <= gid) tileset = t;
      }
      const ts = ranges[tileset];
      if (ts === undefined) {
        throw new TiledMapError(`${cell(i)}: tile id ${gid} belongs to no tileset`);
      }
      if (gid > ts.lastgid) {
        const ids = `ids ${ts.firstgid} to ${ts.lastgid}`;
        throw new TiledMapError(
          `${cell(i)}: tile id ${gid} is beyond tileset '${ts.name}' (${ids})`,
        );
      }
      // Counted on past the limit so the message says how many there are.
      if (++count > maxTiles) continue;
      const local = gid - ts.firstgid;
      tiles.push({
        layer: name,
        layerIndex,
        x: ox + col * tilewidth,
        y: oy + row * tileheight + (tileheight - ts.tileheight),
        w: ts.tilewidth,
        h: ts.tileheight,
        gid,
        tileset,
        sourceX: ts.margin + (local % ts.columns) * (ts.tilewidth + ts.spacing),
        sourceY: ts.margin + Math.floor(local / ts.columns) * (ts.tileheight + ts.spacing),
        // The diagonal flip bit (rotated tiles) is dropped: sprites cannot rotate 90° around a corner.
        flipX: (raw & FLIP_H) !== 0,
        flipY: (raw & FLIP_V) !== 0,
        collider,
      });
    }
  }
  if (count > maxTiles) {
    throw new TiledMapError(
      `the map has ${count} tiles, more than the ${maxTiles} entities the world has room for`,
    );
  }
  const tilesets = ranges.map(({ lastgid: _, ...ts }) => ts);
  return { width, height, tilewidth, tileheight, tilesets, tiles };
}
