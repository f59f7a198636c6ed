/**
 * Files too big for the engine, run through the command line as a user
 * would: each ends the run with a clear error line and the `--dump-state`
 * file, not with V8 out of memory (exit 133, a C stack trace, no dump).
 *
 * The runs get a 768 MB V8 heap: what the engine does stays far below it,
 * while the code before the ceilings needed gigabytes for these files and
 * so dies at once instead of after minutes.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { dirname } from "node:path";
import type { DumpState } from "../src/engine/dump_state.ts";
import { MAX_CONSOLE_LINE, MAX_LAYOUT_CELLS, MAX_MAP_CELLS } from "../src/core/ceilings.ts";

const MAIN = new URL("../src/cli/main.ts", import.meta.url).pathname;

interface Run {
  code: number;
  stderr: string;
  dump: DumpState | undefined;
}

/** `moonglow run <dir> --frames 3 --dump-state ...` in its own process. */
async function runGame(dir: string, extra: string[] = []): Promise<Run> {
  const dumpPath = `${dir}/dump.json`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--v8-flags=--max-old-space-size=768",
      "-A",
      MAIN,
      "run",
      dir,
      "--renderer",
      "headless",
      "--frames",
      "3",
      "--workers",
      "1",
      "--dump-state",
      dumpPath,
      ...extra,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  let dump: DumpState | undefined;
  try {
    dump = JSON.parse(await Deno.readTextFile(dumpPath));
  } catch {
    dump = undefined;
  }
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr), dump };
}

async function withGame(
  files: Record<string, string>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "moonglow_limits_" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.mkdir(dirname(`${dir}/${name}`), { recursive: true });
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const errorsIn = (dump: DumpState | undefined) =>
  (dump?.log ?? []).filter((l) => l.level === "error").map((l) => l.message);

Deno.test("a 2000 x 2000 Tiled map ends with a clear error and a dump, not out of memory", async () => {
  // Every cell holds a tile: four million entities asked for.
  const map = JSON.stringify({
    orientation: "orthogonal",
    width: 2000,
    height: 2000,
    tilewidth: 16,
    tileheight: 16,
    tilesets: [{ firstgid: 1, name: "t", tilewidth: 16, tileheight: 16, columns: 1 }],
    layers: [{
      type: "tilelayer",
      name: "ground",
      width: 2000,
      height: 2000,
      data: "1,".repeat(2000 * 2000 - 1) + "1",
    }],
  });
  const main = `function on_setup() engine.load_tilemap("big", "maps/big.json") end
function on_switch_scene() engine.spawn_tiles("big") end
`;
  await withGame({ "main.lua": main, "maps/big.json": map }, async (dir) => {
    const run = await runGame(dir);
    // Named with the line that writes the map's path.
    const message =
      'main.lua:1: spawn_tiles: tilemap "big" (maps/big.json): the map is 2000 x 2000 = ' +
      `4000000 cells, more than the ${MAX_MAP_CELLS} a map may have`;
    assertEquals(run.code, 0, run.stderr.slice(0, 2000));
    assertStringIncludes(run.stderr, message);
    assertEquals(run.dump?.frame, 3);
    assertEquals(run.dump?.entities.length, 0);
    assertEquals(errorsIn(run.dump), [message]);
    assertEquals(run.dump?.errors.map((e) => e.message), [message]);
  });
});

Deno.test("a 3000 x 3000 grid layout ends with a clear error and a dump, not out of memory", async () => {
  const layout = JSON.stringify({
    cell_width: 4,
    cell_height: 4,
    legend: { B: { group: "brick" } },
    rows: Array.from({ length: 3000 }, () => "B".repeat(3000)),
  });
  const main = `function on_switch_scene()
  engine.spawn():with_grid_layout("levels/big.json", "brick", 1):build()
end
`;
  await withGame({ "main.lua": main, "levels/big.json": layout }, async (dir) => {
    const run = await runGame(dir);
    const message = `main.lua:2: with_grid_layout: "levels/big.json": 'rows' have 9000000 cells, ` +
      `more than the ${MAX_LAYOUT_CELLS} a layout may have`;
    assertEquals(run.code, 0, run.stderr.slice(0, 2000));
    assertEquals(run.dump?.group_counts.brick ?? 0, 0);
    assertEquals(errorsIn(run.dump), [message]);
    assertEquals(run.dump?.errors.map((e) => e.message), [message]);
  });
});

Deno.test("a 10 MB console line in an input log is not run and not echoed whole", async () => {
  await withGame({ "main.lua": "function on_setup() end\n" }, async (dir) => {
    const line = "x".repeat(10 * 1024 * 1024);
    await Deno.writeTextFile(`${dir}/input.json`, JSON.stringify([{ frame: 1, console: line }]));
    const run = await runGame(dir, ["--input", `${dir}/input.json`]);
    assertEquals(run.code, 0, run.stderr.slice(0, 2000));
    assert(run.stderr.length < 10_000, `stderr has ${run.stderr.length} characters`);
    const size = (await Deno.stat(`${dir}/dump.json`)).size;
    assert(size < 10_000, `the dump has ${size} bytes`);
    assertEquals(errorsIn(run.dump), [
      `console: Console line of ${line.length} characters not run: the most is ` +
      `${MAX_CONSOLE_LINE} (${"x".repeat(60)}… (${line.length - 60} more characters))`,
    ]);
  });
});
