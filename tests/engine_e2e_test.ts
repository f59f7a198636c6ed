/**
 * End-to-end: real workers, the real Lua runtime and API, the whole frame
 * pipeline, checked through the dump-state view.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { delay } from "@std/async";
import { Engine } from "../src/engine/engine.ts";
import type { DumpState } from "../src/engine/dump_state.ts";
import type { InputLogEntry } from "../src/input/input_log.ts";

const COUNTER = new URL("./games/counter", import.meta.url).pathname;
const FAULTY = new URL("./games/faulty", import.meta.url).pathname;
const ORDERS = new URL("./games/orders", import.meta.url).pathname;

async function play(
  gameDir: string,
  frames: number,
  options: { workers?: number; balls?: number; input?: InputLogEntry[]; seed?: number } = {},
): Promise<DumpState> {
  const engine = await Engine.load({
    gameDir,
    workers: options.workers ?? 1,
    seed: options.seed ?? 7,
    sets: options.balls ? [{ name: "ball_count", value: String(options.balls) }] : [],
    inputLog: options.input,
  });
  try {
    while (engine.frame < frames) await engine.step();
    return engine.dump();
  } finally {
    engine.close();
  }
}

Deno.test("the same game gives the same world with 1, 2 and 4 workers", async () => {
  // 300 entities with phases and timers: enough callbacks to split across workers.
  const input = [{ frame: 3, press: ["action_1"] }, { frame: 9, release: ["action_1"] }];
  const dumps = [];
  for (const workers of [1, 2, 4]) {
    dumps.push(await play(COUNTER, 90, { workers, balls: 300, input }));
  }
  const [one, two, four] = dumps as [DumpState, DumpState, DumpState];
  assertEquals(one.entities.length, 301);
  assertEquals(one.errors, []);
  assertEquals(two.hash, one.hash);
  assertEquals(four.hash, one.hash);
  // The run did something: phases moved on, random speeds were applied, input reached Lua.
  assert(one.entities.some((e) => e.phase === "fast"));
  assertEquals(one.signals.flags, ["pressed"]);
  assertEquals(one.log.filter((l) => l.message === "pressed").length, 1);
});

Deno.test("pairs order and top-level random numbers are the same in every run and with any workers", async () => {
  // Lua seeds string hashing and math.random from the clock when a state is
  // made; the runs are a second apart so a clock-seeded state would differ.
  const first = await play(ORDERS, 20, { workers: 1 });
  await delay(1100);
  const again = await play(ORDERS, 20, { workers: 1 });
  const two = await play(ORDERS, 20, { workers: 2 });
  assertEquals(first.errors, []);
  assertEquals(first.entities.length, 24);
  assert(first.log.some((l) => l.level === "debug" && l.message === "setup at debug level"));
  assert(first.entities.every((e) => typeof e.signals.strings?.order === "string"));
  assertEquals(again.signals, first.signals);
  assertEquals(again.hash, first.hash);
  assertEquals(two.hash, first.hash);
  // The top level runs in every state (four here); its output is logged once.
  assertEquals(two.log.filter((l) => l.message === "top level ran").length, 1);
  const reseeded = await play(ORDERS, 1, { seed: 8 });
  assert(reseeded.signals.integers.base !== first.signals.integers.base);
});

Deno.test("a different seed gives a different world", async () => {
  const a = await play(COUNTER, 60);
  const engine = await Engine.load({ gameDir: COUNTER, workers: 1, seed: 8 });
  try {
    while (engine.frame < 60) await engine.step();
    assert(engine.dump().hash !== a.hash);
  } finally {
    engine.close();
  }
});

Deno.test("provisional ids, required modules, phases and timers take effect", async () => {
  const d = await play(COUNTER, 33);
  const ball = d.entities.find((e) => e.id === 1);
  assert(ball);
  assertEquals(ball.signals.strings, { mood: "calm" });
  assertEquals(ball.phase, "fast");
  // ball_update returned "fast" at frame 31 (time_in_phase > 0.5); the transition lands at 32.
  // Timer at 0.25 s fired at frames 15 and 30; every ball in a frame reads the same score.
  assertEquals(d.signals.integers.score, 12);
  assertEquals(d.signals.entities.keeper, 7);
  assertEquals(d.group_counts, { ball: 6, keeper: 1 });
});

Deno.test("runaway, failing and memory-bomb callbacks cost only themselves", async () => {
  const d = await play(FAULTY, 3);
  const byCallback = (name: string) => d.errors.filter((e) => e.callback === name);
  assertEquals(byCallback("spin").length, 3);
  assertMatch(byCallback("spin")[0]?.message ?? "", /instruction budget exceeded/);
  assertMatch(byCallback("boom")[0]?.message ?? "", /main\.lua:11: boom at entity 2/);
  assertMatch(byCallback("bomb")[0]?.message ?? "", /^main\.lua:12: memory limit exceeded/);
  assertEquals(
    byCallback("typo")[0]?.message.split("\n")[0],
    'main.lua:14: entity_insert_lua_timer: argument 3 (callback) must be the name of a global function, got "no_such_function"',
  );
  // A missing asset file is an error when it is loaded, naming the line that asked for it.
  assertEquals(byCallback("load_texture").map((e) => [e.frame, e.entity, e.message]), [[
    0,
    null,
    'main.lua:2: load_texture: texture "ghost": file "no/such.png" does not exist in the game folder',
  ]]);
  // The failed callbacks' commands were discarded; the good one ran every frame.
  assertEquals(d.signals.flags, []);
  assertEquals(d.signals.integers.fine, 3);
  assertEquals(d.errors.find((e) => e.callback !== "load_texture")?.entity, 1);
});

Deno.test("collision callbacks bounce balls by sides and see earlier callbacks' changes", async () => {
  const BOUNCE = new URL("./games/bounce", import.meta.url).pathname;
  const engine = await Engine.load({ gameDir: BOUNCE, workers: 2, seed: 1 });
  try {
    let maxSeen = 0;
    while (engine.frame < 240) {
      await engine.step();
      const d = engine.dump();
      for (const e of d.entities.filter((e) => e.groups.includes("ball"))) {
        const [x, y] = e.position;
        // Never further out than one frame of travel past a wall.
        assert(x > -10 && x < 210 && y > -10 && y < 110, `ball ${e.id} escaped to ${x}, ${y}`);
      }
      maxSeen = Math.max(maxSeen, d.signals.integers.bounces ?? 0);
    }
    const d = engine.dump();
    assertEquals(d.errors, []);
    // Each callback read the count the previous one wrote: nothing was lost.
    const bounces = d.signals.integers.bounces ?? 0;
    assert(bounces >= 8, `only ${bounces} bounces`);
    assertEquals(bounces, maxSeen);
  } finally {
    engine.close();
  }
});

Deno.test("a collision callback sees what the callback before changed in its entities", async () => {
  // The next pair's request is encoded while a callback runs: it must be
  // encoded again when that callback changed one of its entities.
  const CHAIN = new URL("./games/chain", import.meta.url).pathname;
  for (const workers of [1, 3]) {
    const d = await play(CHAIN, 1, { workers });
    assertEquals(d.errors, []);
    const signal = (group: string, key: string) =>
      d.entities.filter((e) => e.groups.includes(group)).map((e) => e.signals.integers[key]);
    assertEquals(signal("hub", "seen"), [3]);
    assertEquals(signal("spoke", "order"), [1, 2, 3]);
    assertEquals(signal("y", "order"), [0, 1, 1, -1]);
  }
});

/**
 * Dumps of tests/games/`game` after `frames` frames, seed 7: profiled with 1 worker (a profiled
 * run runs collision callbacks one at a time), then batched with 1 and 3 workers.
 */
async function aloneAndBatched(game: string, frames: number): Promise<[DumpState, ...DumpState[]]> {
  const gameDir = new URL(`./games/${game}`, import.meta.url).pathname;
  const dumps: DumpState[] = [];
  for (const [workers, profile] of [[1, true], [1, false], [3, false]] as const) {
    const engine = await Engine.load({ gameDir, workers, seed: 7, profile });
    try {
      while (engine.frame < frames) await engine.step();
      dumps.push(engine.dump());
    } finally {
      engine.close();
    }
  }
  return dumps as [DumpState, ...DumpState[]];
}

/** The batched runs ended as the one-at-a-time run did. */
function assertSameRuns(alone: DumpState, batched: readonly DumpState[]): void {
  for (const d of batched) {
    assertEquals(d.hash, alone.hash);
    assertEquals(d.entities, alone.entities);
    assertEquals(d.errors.length, alone.errors.length);
  }
}

Deno.test("collision callbacks read the world signals the ones before them wrote, batched or not", async () => {
  const [alone, ...batched] = await aloneAndBatched("score", 2);
  // Per pair i of the first frame: the score it read is the count of callbacks before it that
  // did not fail (i % 7 == 3 fail, and their records go with them).
  const fails = (i: number) => i % 7 === 3;
  const saw = (i: number) =>
    fails(i) ? undefined : Array.from({ length: i }, (_, j) => j).filter((j) => !fails(j)).length;
  const second = alone.entities.filter((e) => e.groups.includes("a"));
  assertEquals(second.length, 40);
  // The second frame starts from the first's 34 successes.
  assertEquals(
    second.map((e) => e.signals.integers.saw),
    second.map((_, i) => {
      const s = saw(i);
      return s === undefined ? undefined : s + 34;
    }),
  );
  assertEquals(
    second.every((e) => fails(e.signals.integers.i!) || e.signals.integers.weird === 0),
    true,
  );
  assertEquals(
    second.every((e) => fails(e.signals.integers.i!) || e.signals.integers.heat_float === 1),
    true,
  );
  // One spark per callback that did not fail, two frames.
  assertEquals(alone.entities.filter((e) => e.groups.includes("spark")).length, 68);
  assertSameRuns(alone, batched);
});

Deno.test("collision batches sent before the one before is applied read the world signals it wrote", async () => {
  const [alone, ...batched] = await aloneAndBatched("tally", 1);
  // Per pair i: the tally it read counts the callbacks before it that did not fail (i % 7 == 3
  // fail, their writes and records with them), and the tracked count of b the despawns before it
  // (pairs 49, 74 and 99; 24 failed, and its despawn went with it).
  const fails = (i: number) => i % 7 === 3;
  const despawns = (i: number) => i % 25 === 24 && !fails(i);
  const before = (i: number, what: (j: number) => boolean) =>
    Array.from({ length: i }, (_, j) => j).filter(what).length;
  const a = alone.entities.filter((e) => e.groups.includes("a"));
  assertEquals(a.length, 120);
  const read = (key: string, expected: (i: number) => number) =>
    assertEquals(
      a.map((e) => e.signals.integers[key]),
      a.map((e) => {
        const i = e.signals.integers.i!;
        return fails(i) ? undefined : expected(i);
      }),
    );
  read("saw", (i) => before(i, (j) => !fails(j)));
  read("bs", (i) => 120 - before(i, despawns));
  assertSameRuns(alone, batched);
});

Deno.test("collision callbacks read the components the ones before them changed, batched or not", async () => {
  const [alone, ...batched] = await aloneAndBatched("component_reads", 3);
  const fails = (i: number) => i % 9 === 7;
  const a = alone.entities.filter((e) => e.groups.includes("a"));
  assertEquals(a.length, 40);
  // Each even pair read the ball's speed: one more per even callback before it that did not
  // fail, 18 a frame, the third frame shown.
  const evens = (i: number) =>
    Array.from({ length: i }, (_, j) => j).filter((j) => j % 2 === 0 && !fails(j)).length;
  assertEquals(
    a.filter((e) => e.signals.integers.i! % 2 === 0).map((e) => e.signals.integers.saw),
    a.filter((e) => e.signals.integers.i! % 2 === 0).map((e) => {
      const i = e.signals.integers.i!;
      return fails(i) ? undefined : 36 + evens(i);
    }),
  );
  // The target went in the first frame.
  assertEquals(
    a.every((e) => fails(e.signals.integers.i!) || e.signals.integers.target === 0),
    true,
  );
  assertSameRuns(alone, batched);
});

Deno.test("commands from a phase callback take effect before that frame's physics", async () => {
  const ORDER = new URL("./games/order", import.meta.url).pathname;
  const engine = await Engine.load({ gameDir: ORDER, workers: 1 });
  try {
    await engine.step();
    const mover = engine.dump().entities.find((e) => e.groups.includes("mover"));
    // Velocity 60 was applied in frame 0's apply stage, so frame 0's physics moved it 60 * 1/60.
    assertEquals(mover?.velocity, [60, 0]);
    assertEquals(mover?.position, [1, 0]);
  } finally {
    engine.close();
  }
});

Deno.test("a scene switch despawns all but persistent entities and runs on_switch_scene", async () => {
  const engine = await Engine.load({
    gameDir: COUNTER,
    workers: 1,
    inputLog: [{
      frame: 2,
      console: "exec engine.set_string('scene', 'level2'); engine.set_flag('switch_scene')",
    }],
  });
  try {
    while (engine.frame < 2) await engine.step();
    const before = engine.dump().entities.map((e) => e.id);
    assertEquals(before, [1, 2, 3, 4, 5, 6, 7]);
    await engine.step();
    const after = engine.dump();
    assertEquals(after.scene, "level2");
    // The persistent keeper (7) survived; the balls were despawned, and on_switch_scene
    // spawned six new balls and another keeper with new ids.
    assertEquals(after.entities.map((e) => e.id), [7, 8, 9, 10, 11, 12, 13, 14]);
    assertEquals(after.signals.entities.keeper, 14);
    assertEquals(after.signals.flags, []);
  } finally {
    engine.close();
  }
});

Deno.test("the ecs module: createEntity, addComponent, getComponent", async () => {
  const ECS = new URL("./games/ecs_module", import.meta.url).pathname;
  const engine = await Engine.load({ gameDir: ECS, workers: 1 });
  try {
    await engine.step();
    await engine.step();
    const d = engine.dump();
    // Frame 1's callback saw the snapshot taken after frame 0 moved the entity 60 * 1/60.
    assertEquals(d.signals.scalars.seen_x, 11);
    assertEquals(d.signals.scalars.seen_vx, 60);
    assertEquals(d.signals.flags, ["no_tint"]);
    assertEquals(d.errors, []);
  } finally {
    engine.close();
  }
});

Deno.test("actions dropped by a full ActionQueue are reported in the game's log", async () => {
  const d = await play(new URL("./games/flood", import.meta.url).pathname, 4);
  assert(d.log.some((l) => l.level === "warn" && /Action queue is full/.test(l.message)));
  assertEquals(d.errors, []);
});

Deno.test("engine CVars size the pool (lua_states_per_worker) and the console (con_scrollback)", async () => {
  const engine = await Engine.load({
    gameDir: COUNTER,
    workers: 1,
    sets: [{ name: "lua_states_per_worker", value: "3" }, { name: "con_scrollback", value: "10" }],
  });
  try {
    assertEquals(engine.host.statesPerWorker, 3);
    for (let i = 0; i < 30; i++) engine.console.print("info", `line ${i}`);
    assertEquals(engine.console.scrollback.length, 10);
    assertEquals(engine.console.scrollback.at(-1)?.text, "line 29");
  } finally {
    engine.close();
  }
});

Deno.test("float CVars reach Lua as floats, int CVars as integers", async () => {
  const d = await play(new URL("./games/cvar_types", import.meta.url).pathname, 2);
  assertEquals(d.signals.strings.kinds, "float,integer,float");
});

Deno.test("a game's own TypeScript systems run in their stage every frame; a failing one is logged", async () => {
  const engine = await Engine.load({ gameDir: COUNTER, workers: 1 });
  try {
    const seen: number[] = [];
    engine.addSystem("post_update", "count_balls", ({ engine, dt }) => {
      assertEquals(dt, 1 / 60);
      seen.push(engine.state.tracked.snapshot().ball ?? -1);
    });
    engine.addSystem("physics", "broken", () => {
      throw new Error("no luck");
    });
    for (let i = 0; i < 3; i++) await engine.step();
    assertEquals(seen, [6, 6, 6]);
    assert(engine.dump().log.some((l) => l.message === "physics/broken: no luck"));
    assert(engine.removeSystem("post_update", "count_balls"));
    await engine.step();
    assertEquals(seen.length, 3);
  } finally {
    engine.close();
  }
});
