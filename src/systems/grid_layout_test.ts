import { assertEquals, assertThrows } from "@std/assert";
import { join } from "node:path";
import { createGameState } from "../state/game_state.ts";
import {
  addComponent,
  Collider,
  eidOf,
  entityCount,
  getComponent,
  hasComponent,
  Persistent,
  Position,
  spawnEntity,
  ZIndex,
} from "../ecs/mod.ts";
import { MAX_DATA_FILE_BYTES, MAX_LAYOUT_CELLS } from "../core/ceilings.ts";
import { GridLayoutError, gridLayoutStep, parseGridLayout } from "./grid_layout.ts";

const LAYOUT = {
  cell_width: 40,
  cell_height: 20,
  origin: { x: 10, y: 30 },
  legend: {
    R: {
      sprite: ["brick", 38, 18, 19, 9],
      collider: { w: 38, h: 18, origin_x: 19, origin_y: 9 },
      signal_integer: ["points", 10],
    },
    S: { with_group: "steel", signal_flag: "hard", tint: [200, 200, 200, 255] },
  },
  rows: ["R.R", " S"],
};

async function withGame(files: Record<string, string>, fn: (dir: string) => void) {
  const dir = await Deno.makeTempDir();
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.mkdir(join(dir, name, ".."), { recursive: true });
      await Deno.writeTextFile(join(dir, name), text);
    }
    fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("cells sit at their centres, row by row, with their entry's builder records", () => {
  const cells = parseGridLayout(LAYOUT);
  assertEquals(cells.map((c) => [c.char, c.x, c.y]), [["R", 30, 40], ["R", 110, 40], [
    "S",
    70,
    60,
  ]]);
  assertEquals(cells[2]?.records, [
    { method: "with_group", args: { name: "steel" } },
    { method: "with_signal_flag", args: { key: "hard" } },
    { method: "with_tint", args: { r: 200, g: 200, b: 200, a: 255 } },
  ]);
});

Deno.test("every problem names what is wrong", () => {
  const bad = (doc: unknown) => assertThrows(() => parseGridLayout(doc), GridLayoutError).message;
  assertEquals(bad([]), "the file must hold a JSON object");
  assertEquals(
    bad({ ...LAYOUT, cell_width: 0 }),
    "'cell_width' and 'cell_height' must be positive numbers",
  );
  assertEquals(bad({ ...LAYOUT, rows: ["RX"] }), "row 1 uses 'X', which is not in the legend");
  assertEquals(
    bad({ ...LAYOUT, legend: { R: { wobble: 3 } } }),
    "legend 'R': unknown builder method 'wobble'",
  );
  assertEquals(
    bad({ ...LAYOUT, legend: { R: { position: ["a", 1] } } }),
    `legend 'R': 'with_position': 'x' must be a number, got "a"`,
  );
  assertEquals(
    bad({ ...LAYOUT, legend: { R: { collider: [1, 2] } } }),
    "legend 'R': 'with_collider' needs 'origin_x'",
  );
  assertEquals(bad({ ...LAYOUT, origin: 5 }), `'origin' must be [x, y] or {"x": .., "y": ..}`);
});

Deno.test("a layout spawns its cells once with the group, z-index and persistence of the owner", async () => {
  await withGame({ "levels/1.json": JSON.stringify(LAYOUT) }, (dir) => {
    const state = createGameState({ gameDir: dir });
    const owner = spawnEntity(state.world);
    addComponent(state.world, owner, Persistent);
    state.gameplay.gridLayout.set(eidOf(state.world, owner)!, {
      path: "levels/1.json",
      group: "brick",
      zindex: 2,
      done: false,
    });
    const ids = gridLayoutStep(state);
    assertEquals(gridLayoutStep(state), []);
    assertEquals(ids.length, 3);
    const [r, , s] = ids as [number, number, number];
    const { world, gameplay } = state;
    assertEquals(getComponent(world, r, Position), { x: 30, y: 40 });
    assertEquals(getComponent(world, r, ZIndex), { value: 2 });
    assertEquals(getComponent(world, r, Collider)?.w, 38);
    assertEquals(gameplay.sprite.get(eidOf(world, r)!)?.texture, "brick");
    assertEquals(world.entitySignals.get(eidOf(world, r)!)?.getInteger("points"), 10);
    assertEquals(world.groups.of(eidOf(world, s)!), ["brick", "steel"]);
    assertEquals(ids.map((id) => hasComponent(world, id, Persistent)), [true, true, true]);
    assertEquals(state.log.entries, []);
  });
});

Deno.test("a missing or broken file gives one error line naming it", async () => {
  await withGame({ "bad.json": "{ nope" }, (dir) => {
    const state = createGameState({ gameDir: dir });
    for (const path of ["bad.json", "none.json", "../escape.json"]) {
      state.gameplay.gridLayout.set(eidOf(state.world, spawnEntity(state.world))!, {
        path,
        group: "g",
        zindex: 0,
        done: false,
      });
    }
    assertEquals(gridLayoutStep(state), []);
    gridLayoutStep(state);
    const lines = state.log.entries.map((e) => [e.level, e.message]);
    assertEquals(lines.length, 3);
    assertEquals(lines[0]?.[0], "error");
    assertEquals(
      lines[0]?.[1]?.startsWith('with_grid_layout: "bad.json": not valid JSON: '),
      true,
    );
    assertEquals(lines[1], ["error", 'with_grid_layout: "none.json": file not found']);
    assertEquals(lines[2], [
      "error",
      'with_grid_layout: "../escape.json" is outside the game folder',
    ]);
    // Each is an error record too, for the dump, the overlay and the summary.
    assertEquals(
      state.log.errors.map((e) => [e.callback, e.message]),
      lines.map(([, m]) => ["with_grid_layout", m]),
    );
  });
});

/** A layout request of a new owner entity for `path`. */
function request(state: ReturnType<typeof createGameState>, path: string): void {
  state.gameplay.gridLayout.set(eidOf(state.world, spawnEntity(state.world))!, {
    path,
    group: "g",
    zindex: 0,
    done: false,
  });
}

Deno.test("a layout file reached through a link leading out of the game folder is refused", async () => {
  const outside = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${outside}/level.json`, JSON.stringify(LAYOUT));
    await withGame({ "main.lua": "" }, (dir) => {
      Deno.symlinkSync(`${outside}/level.json`, `${dir}/level.json`);
      const state = createGameState({ gameDir: dir });
      request(state, "level.json");
      assertEquals(gridLayoutStep(state), []);
      assertEquals(state.log.entries.map((e) => [e.level, e.message]), [[
        "error",
        'with_grid_layout: "level.json" leads outside the game folder through a symbolic link',
      ]]);
    });
  } finally {
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("a layout over the cell ceiling is an error, whatever its cells hold", () => {
  const rows = Array.from({ length: 1025 }, () => ".".repeat(1024));
  assertEquals(
    assertThrows(() => parseGridLayout({ ...LAYOUT, rows }), GridLayoutError).message,
    `'rows' have 1049600 cells, more than the ${MAX_LAYOUT_CELLS} a layout may have`,
  );
});

Deno.test("a layout file over the size ceiling is refused before it is read", async () => {
  await withGame({ "big.json": "" }, (dir) => {
    Deno.truncateSync(`${dir}/big.json`, MAX_DATA_FILE_BYTES + 1);
    const state = createGameState({ gameDir: dir });
    request(state, "big.json");
    assertEquals(gridLayoutStep(state), []);
    assertEquals(state.log.entries.map((e) => e.message), [
      `with_grid_layout: "big.json": the file is ${
        MAX_DATA_FILE_BYTES + 1
      } bytes, more than the ${MAX_DATA_FILE_BYTES} a layout may have`,
    ]);
  });
});

Deno.test("a layout with more cells than the world has room for spawns nothing and says so", async () => {
  await withGame({ "l.json": JSON.stringify(LAYOUT) }, (dir) => {
    const state = createGameState({ gameDir: dir, worldOptions: { maxEntities: 3 } });
    request(state, "l.json");
    assertEquals(gridLayoutStep(state), []);
    assertEquals(entityCount(state.world), 1);
    assertEquals(state.log.entries.map((e) => e.message), [
      'with_grid_layout: "l.json": the layout has 3 cells to spawn, more than the 2 entities the world has room for',
    ]);
  });
});

Deno.test("a layout of 130,000 cells spawns them all (no spread of its ids as arguments)", async () => {
  const layout = { ...LAYOUT, legend: { B: { group: "b" } }, rows: ["B".repeat(130_000)] };
  await withGame({ "wide.json": JSON.stringify(layout) }, (dir) => {
    const state = createGameState({ gameDir: dir });
    request(state, "wide.json");
    assertEquals(gridLayoutStep(state).length, 130_000);
    assertEquals(state.log.entries, []);
  });
});
