import { assertEquals, assertThrows } from "@std/assert";
import { join } from "node:path";
import { createGameState } from "../commands/game_state.ts";
import {
  addComponent,
  Collider,
  eidOf,
  getComponent,
  hasComponent,
  Persistent,
  Position,
  spawnEntity,
  ZIndex,
} from "../ecs/mod.ts";
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
      'with_grid_layout: "../escape.json": "../escape.json" is outside the game folder',
    ]);
  });
});
