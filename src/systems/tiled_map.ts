/**
 * Reading Tiled JSON maps (orthogonal, finite, tile layers with array or
 * CSV data, embedded or external JSON tilesets) into a list of tiles.
 *
 * @module
 */

/**
 * A map file that cannot be used; the message says what is wrong.
 *
 * @example
 * ```ts
 * import { TiledMapError } from "./tiled_map.ts";
 * const e = new TiledMapError("layer 'ground' has base64 data");
 * console.assert(e.name === "TiledMapError");
 * ```
 */
export class TiledMapError extends Error {
  /** Create the error with what is wrong (no file name). */
  constructor(message: string) {
    super(message);
    this.name = "TiledMapError";
  }
}

/** A tileset as the map uses it. */
export interface Tileset {
  /** First global tile id of the set. */
  firstgid: number;
  /** Tileset name (a texture key fallback). */
  name: string;
  /** Image path relative to the map file, if any. */
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

const FLIP_H = 0x80000000;
const FLIP_V = 0x40000000;
const GID_MASK = 0x1fffffff;

type Json = unknown;

function obj(v: Json, what: string): Record<string, Json> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new TiledMapError(`${what} must be an object`);
  }
  return v as Record<string, Json>;
}

function num(o: Record<string, Json>, key: string, what: string, fallback?: number): number {
  const v = o[key] ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new TiledMapError(`${what} needs a number '${key}'`);
  }
  return v;
}

function tileData(layer: Record<string, Json>, name: string): number[] {
  const data = layer.data;
  if (layer.encoding === "base64" || layer.compression) {
    throw new TiledMapError(
      `layer '${name}' uses ${layer.encoding ?? "compressed"} data; save it as CSV or array`,
    );
  }
  if (Array.isArray(data) && data.every((v) => typeof v === "number")) return data as number[];
  if (typeof data === "string") {
    const cells = data.split(",").map((c) => c.trim()).filter((c) => c !== "");
    const nums = cells.map(Number);
    if (nums.every((n) => Number.isInteger(n) && n >= 0)) return nums;
  }
  throw new TiledMapError(`layer '${name}' has no array or CSV 'data'`);
}

function readTileset(
  raw: Json,
  index: number,
  readExternal: (path: string) => Json,
): Tileset {
  const ref = obj(raw, `tileset ${index}`);
  const firstgid = num(ref, "firstgid", `tileset ${index}`);
  let ts = ref;
  if (typeof ref.source === "string") {
    if (!/\.(json|tsj)$/i.test(ref.source)) {
      throw new TiledMapError(
        `tileset '${ref.source}' is not JSON (.tsj or .json); export it as JSON`,
      );
    }
    ts = obj(readExternal(ref.source), `tileset '${ref.source}'`);
  }
  const what = `tileset ${typeof ts.name === "string" ? `'${ts.name}'` : index}`;
  const tilewidth = num(ts, "tilewidth", what);
  const imagewidth = typeof ts.imagewidth === "number" ? ts.imagewidth : undefined;
  const margin = num(ts, "margin", what, 0);
  const spacing = num(ts, "spacing", what, 0);
  const columns = typeof ts.columns === "number" && ts.columns > 0
    ? ts.columns
    : imagewidth !== undefined
    ? Math.max(1, Math.floor((imagewidth - 2 * margin + spacing) / (tilewidth + spacing)))
    : 1;
  const out: Tileset = {
    firstgid,
    name: typeof ts.name === "string" ? ts.name : `tileset${index}`,
    columns,
    tilewidth,
    tileheight: num(ts, "tileheight", what),
    margin,
    spacing,
  };
  if (typeof ts.image === "string") out.image = ts.image;
  return out;
}

function hasColliderProperty(layer: Record<string, Json>): boolean {
  const props = layer.properties;
  if (!Array.isArray(props)) return false;
  return props.some((p) => {
    const o = p as Record<string, Json> | null;
    return o !== null && typeof o === "object" && o.name === "collider" && o.value === true;
  });
}

/**
 * Parse a Tiled JSON map. `readExternal` reads an external tileset named by
 * a `source` path relative to the map. Tile layers are read in order
 * (also inside groups); invisible layers, object and image layers are
 * skipped. A tile is placed at its cell's top-left corner, aligned to the
 * cell's bottom when the tileset's tiles are taller (as Tiled draws them),
 * shifted by the layer offset.
 *
 * @throws {TiledMapError} when the map is not orthogonal, is infinite, has
 * base64 / compressed layers, XML tilesets, or missing fields.
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
export function parseTiledMap(json: Json, readExternal: (path: string) => Json): TiledMap {
  const map = obj(json, "the map");
  const orientation = map.orientation ?? "orthogonal";
  if (orientation !== "orthogonal") {
    throw new TiledMapError(
      `orientation '${String(orientation)}' is not supported (orthogonal only)`,
    );
  }
  if (map.infinite === true) throw new TiledMapError("infinite maps are not supported");
  const width = num(map, "width", "the map");
  const height = num(map, "height", "the map");
  const tilewidth = num(map, "tilewidth", "the map");
  const tileheight = num(map, "tileheight", "the map");
  if (!Array.isArray(map.tilesets)) throw new TiledMapError("the map has no 'tilesets' list");
  if (!Array.isArray(map.layers)) throw new TiledMapError("the map has no 'layers' list");
  const tilesets = map.tilesets.map((t, i) => readTileset(t, i, readExternal))
    .sort((a, b) => a.firstgid - b.firstgid);
  const tiles: Tile[] = [];
  let layerIndex = 0;
  const walk = (layers: Json[], dx: number, dy: number): void => {
    for (const raw of layers) {
      const layer = obj(raw, "a layer");
      if (layer.visible === false) continue;
      const ox = dx + (typeof layer.offsetx === "number" ? layer.offsetx : 0);
      const oy = dy + (typeof layer.offsety === "number" ? layer.offsety : 0);
      if (layer.type === "group" && Array.isArray(layer.layers)) {
        walk(layer.layers, ox, oy);
        continue;
      }
      if (layer.type !== "tilelayer") continue;
      const name = typeof layer.name === "string" ? layer.name : `layer${layerIndex}`;
      const lw = num(layer, "width", `layer '${name}'`, width);
      const data = tileData(layer, name);
      const collider = hasColliderProperty(layer);
      data.forEach((raw, i) => {
        const gid = (raw & GID_MASK) >>> 0;
        if (gid === 0) return;
        let tileset = -1;
        for (let t = 0; t < tilesets.length; t++) {
          if (tilesets[t]!.firstgid <= gid) tileset = t;
        }
        const ts = tilesets[tileset];
        if (ts === undefined) throw new TiledMapError(`tile id ${gid} belongs to no tileset`);
        const local = gid - ts.firstgid;
        const col = i % lw;
        const row = Math.floor(i / lw);
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
      });
      layerIndex++;
    }
  };
  walk(map.layers, 0, 0);
  return { width, height, tilewidth, tileheight, tilesets, tiles };
}
