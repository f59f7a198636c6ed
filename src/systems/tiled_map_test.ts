import { assertEquals, assertThrows } from "@std/assert";
import { parseTiledMap, TiledMapError } from "./tiled_map.ts";

const TILESET = {
  firstgid: 1,
  name: "terrain",
  image: "terrain.png",
  imagewidth: 36,
  imageheight: 36,
  tilewidth: 16,
  tileheight: 16,
  margin: 1,
  spacing: 2,
};

function map(layers: unknown[], tilesets: unknown[] = [TILESET]) {
  return {
    orientation: "orthogonal",
    width: 3,
    height: 2,
    tilewidth: 16,
    tileheight: 16,
    tilesets,
    layers,
  };
}

const none = () => {
  throw new Error("no external tilesets here");
};

Deno.test("array and CSV layers give tiles in layer, row, column order with source rects", () => {
  const m = parseTiledMap(
    map([
      { type: "tilelayer", name: "ground", width: 3, height: 2, data: [1, 0, 2, 0, 3, 4] },
      { type: "objectgroup", name: "things", objects: [] },
      {
        type: "tilelayer",
        name: "walls",
        width: 3,
        height: 2,
        offsetx: 4,
        data: "0,0,0,\n0,0,4",
        properties: [{ name: "collider", type: "bool", value: true }],
      },
    ]),
    none,
  );
  // Two columns fit the image: (36 - 2 margin + 2 spacing) / 18.
  assertEquals(m.tilesets[0]?.columns, 2);
  assertEquals(
    m.tiles.map((t) => [t.layer, t.layerIndex, t.x, t.y, t.sourceX, t.sourceY, t.collider]),
    [
      ["ground", 0, 0, 0, 1, 1, false],
      ["ground", 0, 32, 0, 19, 1, false],
      ["ground", 0, 16, 16, 1, 19, false],
      ["ground", 0, 32, 16, 19, 19, false],
      ["walls", 1, 36, 16, 19, 19, true],
    ],
  );
});

Deno.test("flip bits are read and stripped from the tile id", () => {
  const h = 0x80000000 + 1;
  const v = 0x40000000 + 2;
  const m = parseTiledMap(
    map([{ type: "tilelayer", name: "l", width: 3, height: 2, data: [h, v, 0, 0, 0, 0] }]),
    none,
  );
  assertEquals(m.tiles.map((t) => [t.gid, t.flipX, t.flipY]), [[1, true, false], [2, false, true]]);
});

Deno.test("external JSON tilesets are read through the callback", () => {
  const seen: string[] = [];
  const m = parseTiledMap(
    map([{ type: "tilelayer", name: "l", width: 3, height: 2, data: [0, 0, 0, 0, 0, 11] }], [
      { firstgid: 1, source: "a.tsj" },
      { firstgid: 10, source: "b.json" },
    ]),
    (path) => {
      seen.push(path);
      return { name: path, columns: 4, tilewidth: 8, tileheight: 8 };
    },
  );
  assertEquals(seen, ["a.tsj", "b.json"]);
  // Tile 11 is the second tile of b.json; 8 px tiles sit at the bottom of 16 px cells.
  assertEquals(m.tiles.map((t) => [t.tileset, t.sourceX, t.x, t.y, t.w]), [[1, 8, 32, 24, 8]]);
});

Deno.test("unsupported maps say why", () => {
  const bad = (doc: unknown) => assertThrows(() => parseTiledMap(doc, none), TiledMapError).message;
  assertEquals(
    bad({ ...map([]), orientation: "isometric" }),
    "orientation 'isometric' is not supported (orthogonal only)",
  );
  assertEquals(bad({ ...map([]), infinite: true }), "infinite maps are not supported");
  assertEquals(
    bad(
      map([{ type: "tilelayer", name: "b", width: 3, height: 2, encoding: "base64", data: "AA" }]),
    ),
    "layer 'b' uses base64 data; save it as CSV or array",
  );
  assertEquals(
    bad(map([], [{ firstgid: 1, source: "t.tsx" }])),
    "tileset 't.tsx' is not JSON (.tsj or .json); export it as JSON",
  );
  assertEquals(bad({ ...map([]), tilewidth: "16" }), "the map needs a number 'tilewidth'");
});
