import { assertEquals, assertThrows } from "@std/assert";
import { TiledMapError } from "./errors.ts";
import { parseTiledMap } from "./tiled_map.ts";

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

Deno.test("negative, zero, non-integer and absurd sizes are errors naming the field", () => {
  const bad = (doc: unknown) => assertThrows(() => parseTiledMap(doc, none), TiledMapError).message;
  const layer = { type: "tilelayer", name: "g", width: 3, height: 2, data: [0, 0, 0, 0, 0, 0] };
  assertEquals(
    bad({ ...map([layer]), width: -3 }),
    "'width' of the map must be an integer from 1 to 1048576, got -3",
  );
  assertEquals(
    bad({ ...map([layer]), height: 0 }),
    "'height' of the map must be an integer from 1 to 1048576, got 0",
  );
  assertEquals(
    bad({ ...map([layer]), width: 1e308 }),
    "'width' of the map must be an integer from 1 to 1048576, got 1e+308",
  );
  assertEquals(
    bad({ ...map([layer]), tilewidth: 16.5 }),
    "'tilewidth' of the map must be an integer from 1 to 16384, got 16.5",
  );
  assertEquals(
    bad(map([{ ...layer, width: 2.5 }])),
    "'width' of layer 'g' must be an integer from 1 to 1048576, got 2.5",
  );
  assertEquals(
    bad(map([layer], [{ ...TILESET, tileheight: -16 }])),
    "'tileheight' of tileset 'terrain' must be an integer from 1 to 16384, got -16",
  );
  assertEquals(
    bad(map([layer], [{ ...TILESET, firstgid: 0 }])),
    "'firstgid' of tileset 0 must be an integer from 1 to 536870911, got 0",
  );
  assertEquals(
    bad(map([layer], [{ ...TILESET, spacing: 1e308 }])),
    "'spacing' of tileset 'terrain' must be an integer from 0 to 16384, got 1e+308",
  );
});

Deno.test("a map over the cell ceiling is refused before its data is read", () => {
  const bad = (doc: unknown) => assertThrows(() => parseTiledMap(doc, none), TiledMapError).message;
  const huge = { ...map([]), width: 2000, height: 2000 };
  assertEquals(
    bad(huge),
    "the map is 2000 x 2000 = 4000000 cells, more than the 1048576 a map may have",
  );
  // Layers count together: five 512 x 512 layers are more than a map may have.
  const layer = (name: string) => ({ type: "tilelayer", name, width: 512, height: 512, data: [] });
  assertEquals(
    bad({ ...map(["a", "b", "c", "d", "e"].map(layer)), width: 512, height: 512 }),
    "the tile layers up to 'e' have 1310720 cells, more than the 1048576 a map may have",
  );
});

Deno.test("data must have one tile id per cell", () => {
  const bad = (doc: unknown) => assertThrows(() => parseTiledMap(doc, none), TiledMapError).message;
  const layer = (data: unknown) => ({ type: "tilelayer", name: "g", width: 3, height: 2, data });
  assertEquals(
    bad(map([layer([1, 2, 3])])),
    "layer 'g' has 3 cells of 'data', not its width x height = 6",
  );
  assertEquals(
    bad(map([layer([0, 0, 0, 0, -1, 0])])),
    "layer 'g' cell 4 (column 1, row 1) has -1, which is not a tile id",
  );
  assertEquals(
    bad(map([layer([0, 0, 1.5, 0, 0, 0])])),
    "layer 'g' cell 2 (column 2, row 0) has 1.5, which is not a tile id",
  );
  assertEquals(
    bad(map([layer("0,0,0,0,0,x")])),
    "layer 'g' cell 5 (column 2, row 1) has \"x\", which is not a tile id",
  );
  assertEquals(
    bad(map([layer([0, 0, 0, 0, 0, 2 ** 32])])),
    "layer 'g' cell 5 (column 2, row 1) has 4294967296, which is not a tile id",
  );
});

Deno.test("tile ids beyond their tileset are errors naming the layer, cell and tileset", () => {
  const bad = (layers: unknown[], tilesets?: unknown[]) =>
    assertThrows(() => parseTiledMap(map(layers, tilesets), none), TiledMapError).message;
  const layer = (data: number[]) => ({ type: "tilelayer", name: "g", width: 3, height: 2, data });
  // The 36 x 36 image holds 2 x 2 tiles: ids 1 to 4.
  assertEquals(
    bad([layer([0, 5, 0, 0, 0, 0])]),
    "layer 'g' cell 1 (column 1, row 0): tile id 5 is beyond tileset 'terrain' (ids 1 to 4)",
  );
  // tilecount wins over the image size; a gap between tilesets is no tile.
  const sets = [{ ...TILESET, tilecount: 3 }, { ...TILESET, name: "b", firstgid: 10 }];
  assertEquals(
    bad([layer([0, 0, 0, 4, 0, 0])], sets),
    "layer 'g' cell 3 (column 0, row 1): tile id 4 is beyond tileset 'terrain' (ids 1 to 3)",
  );
  assertEquals(
    bad([layer([0, 0, 0, 0, 0, 0x80000000 + 14])], sets),
    "layer 'g' cell 5 (column 2, row 1): tile id 14 is beyond tileset 'b' (ids 10 to 13)",
  );
  assertEquals(
    bad([layer([0, 0, 0, 0, 0, 7])], [{ ...TILESET, firstgid: 8 }]),
    "layer 'g' cell 5 (column 2, row 1): tile id 7 belongs to no tileset",
  );
  const ok = parseTiledMap(map([layer([13, 0, 0, 0, 0, 3])], sets), none);
  assertEquals(ok.tiles.map((t) => t.gid), [13, 3]);
});

Deno.test("maxTiles refuses a map with more tiles than the world has room for, saying how many", () => {
  const layer = { type: "tilelayer", name: "g", width: 3, height: 2, data: [1, 1, 0, 1, 1, 1] };
  assertEquals(parseTiledMap(map([layer]), none, { maxTiles: 5 }).tiles.length, 5);
  assertEquals(
    assertThrows(() => parseTiledMap(map([layer]), none, { maxTiles: 4 }), TiledMapError).message,
    "the map has 5 tiles, more than the 4 entities the world has room for",
  );
});

Deno.test("an external tileset's image is relative to the tileset file", () => {
  const m = parseTiledMap(
    map([], [{ firstgid: 1, source: "../sets/t.tsj" }]),
    () => ({ name: "t", image: "img/t.png", columns: 1, tilewidth: 8, tileheight: 8 }),
  );
  assertEquals(m.tilesets[0]?.image, "../sets/img/t.png");
});
