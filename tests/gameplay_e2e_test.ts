/**
 * End-to-end: the gameplay systems behind the builder methods, driven by
 * real Lua games through the whole frame pipeline.
 */
import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { Engine } from "../src/engine/engine.ts";
import type { DumpState } from "../src/engine/dump_state.ts";
import type { InputLogEntry } from "../src/input/input_log.ts";
import { eidOf, getComponent, Position, Velocity } from "../src/ecs/mod.ts";

const game = (name: string) => new URL(`./games/${name}`, import.meta.url).pathname;

async function withEngine<T>(
  name: string,
  options: { workers?: number; seed?: number; inputLog?: InputLogEntry[] },
  fn: (engine: Engine) => Promise<T>,
): Promise<T> {
  const engine = await Engine.load({
    gameDir: game(name),
    workers: options.workers ?? 1,
    seed: options.seed ?? 3,
    inputLog: options.inputLog,
  });
  try {
    return await fn(engine);
  } finally {
    engine.close();
  }
}

async function until(engine: Engine, frames: number): Promise<DumpState> {
  while (engine.frame < frames) await engine.step();
  return engine.dump();
}

Deno.test("bricks: a grid layout, a ball released from the paddle, bricks destroyed for score", async () => {
  await withEngine("bricks", {}, async (engine) => {
    const { state } = engine;
    const ballId = state.signals.getEntity("ball")!;
    const paddleId = state.signals.getEntity("paddle")!;
    const ball = () => getComponent(state.world, ballId, Position);
    const first = await until(engine, 1);
    // The grid spawned 15 bricks in the first frame's pre_update.
    assertEquals(first.group_counts.brick, 15);
    const bricks = first.entities.filter((e) => e.groups.includes("brick"));
    assertEquals(bricks.slice(0, 2).map((b) => b.position), [[20, 26], [60, 26]]);
    assertEquals(bricks[5]?.signals.integers, { points: 25 });
    assertEquals(bricks.every((b) => b.zindex === 1), true);
    // Stuck to the paddle at the offset until the timer releases it.
    assertEquals(ball(), { x: 100, y: 170 });
    while (state.gameplay.stuckto.size > 0) {
      assert(engine.frame < 30, "the ball was never released");
      await engine.step();
    }
    // 15 ticks of 1/60 sum to just under 0.25 s; timers forgive that drift,
    // so the 0.25 s timer fires in the 15th frame.
    assertEquals(engine.frame, 15);
    assertEquals(getComponent(state.world, ballId, Velocity), { x: 70, y: -220 });
    assert(ball()!.y < 170, "released with the stored velocity, the ball moved up");
    assertEquals(getComponent(state.world, paddleId, Position), { x: 100, y: 180 });

    const d = await until(engine, 240);
    assertEquals(d.errors, []);
    const left = d.entities.filter((e) => e.groups.includes("brick"));
    const destroyed = bricks.filter((b) => !left.some((l) => l.id === b.id));
    assert(destroyed.length >= 2, `only ${destroyed.length} bricks destroyed`);
    const points = destroyed.reduce((s, b) => s + (b.signals.integers.points ?? 0), 0);
    assertEquals(d.signals.integers.score, points);
    assertEquals(d.group_counts.brick, 15 - destroyed.length);
    // The title's once tween ended exactly on its target.
    const title = d.entities.find((e) => e.groups.includes("title"));
    assertEquals(title?.position, [50, 20]);
    assertEquals(state.gameplay.tweens.size, 0);
  });
});

Deno.test("bricks: the same run with 2 workers gives the same world", async () => {
  const hashes = [];
  for (const workers of [1, 2]) {
    hashes.push(await withEngine("bricks", { workers }, (e) => until(e, 120).then((d) => d.hash)));
  }
  assertEquals(hashes[1], hashes[0]);
});

Deno.test("menu: navigation from the input log runs the Lua callback, then play switches scene", async () => {
  const tap = (frame: number, key: string): InputLogEntry[] => [
    { frame, press: [key] },
    { frame: frame + 1, release: [key] },
  ];
  const inputLog = [
    ...tap(2, "down"),
    ...tap(4, "down"),
    ...tap(6, "down"), // wraps to the first item
    ...tap(8, "up"), // wraps to the last
    ...tap(10, "up"), // options
    ...tap(12, "action_1"),
    ...tap(16, "up"), // play
    ...tap(18, "action_1"),
  ];
  await withEngine("menu", { inputLog }, async (engine) => {
    const { state } = engine;
    const menuId = state.signals.getEntity("main_menu")!;
    await until(engine, 1);
    const menu = state.gameplay.menu.get(eidOf(state.world, menuId)!)!;
    const labels = () =>
      menu.itemEntities.map((id) => state.gameplay.text.get(eidOf(state.world, id)!)?.text);
    assertEquals(labels(), ["Play", "Options", "Quit"]);
    await until(engine, 12);
    assertEquals(menu.selected, 1);
    const arrow = state.signals.getEntity("arrow")!;
    assertEquals(getComponent(state.world, arrow, Position), { x: 84, y: 120 });
    let d = await until(engine, 14);
    assertEquals(d.signals.strings.picked, "options");
    assertEquals(d.signals.integers.picked_index, 1);
    assertEquals(d.signals.integers.menu_id, menuId);
    assertEquals(engine.scene, "menu");
    d = await until(engine, 21);
    assertEquals(d.errors, []);
    assertEquals(engine.scene, "level1");
    assertEquals(d.signals.strings.picked, "play");
    assertEquals(d.group_counts, { level_marker: 1 });
    // One selection sound per move: down, down, down, up, up, up.
    assertEquals(d.audio.map((a) => [a.frame, a.id]), [
      [2, "blip"],
      [4, "blip"],
      [6, "blip"],
      [8, "blip"],
      [10, "blip"],
      [16, "blip"],
    ]);
  });
});

Deno.test("particles: deterministic under the run seed with 1 and 2 workers", async () => {
  const run = (workers: number, seed = 3) =>
    withEngine("particles", { workers, seed }, (e) => until(e, 90));
  const one = await run(1);
  const two = await run(2);
  assertEquals(one.errors, []);
  assertEquals(two.hash, one.hash);
  // Ids 1 and 2 are the templates, 3 the emitter; particles are clones (groups included).
  const particles = one.entities.filter((e) => e.id > 3);
  assert(particles.length > 10, `${particles.length} particles alive`);
  // Sparks ran their Lua timer; embers carry the template's signal.
  assert(particles.some((p) => p.signals.integers.roll !== undefined));
  assert(particles.some((p) => p.signals.integers.big === 1));
  for (const p of particles) {
    const [vx, vy] = p.velocity;
    const speed = Math.hypot(vx, vy);
    assert(speed >= 40 - 1e-9 && speed <= 90 + 1e-9, `speed ${speed}`);
    // Within 30 degrees of straight up.
    assert(vy < 0 && Math.abs(vx) <= -vy * Math.tan(Math.PI / 6) + 1e-9, `direction ${vx}, ${vy}`);
  }
  const other = await run(1, 4);
  assert(other.hash !== one.hash, "a different seed sprays differently");
});

Deno.test("tilemap: spawn_tiles spawns a Tiled map's tiles with sprites, groups and colliders", async () => {
  await withEngine("tilemap", {}, async (engine) => {
    const d = await until(engine, 1);
    assertEquals(d.errors, []);
    assertEquals(d.log.filter((l) => l.level !== "info"), []);
    assertEquals(d.group_counts, { ground: 8, walls: 2 });
    const { state } = engine;
    const tiles = d.entities.map((e) => {
      const eid = eidOf(state.world, e.id)!;
      const s = state.gameplay.sprite.get(eid)!;
      return [e.groups[0], e.position, e.zindex, s.texture, s.source, s.flipX];
    });
    assertEquals(tiles.slice(0, 2), [
      ["ground", [0, 0], 0, "tiles", { x: 0, y: 0 }, false],
      ["ground", [16, 0], 0, "tiles", { x: 16, y: 0 }, false],
    ]);
    assertEquals(tiles.slice(8), [
      ["walls", [0, 16], 1, "tiles", { x: 0, y: 16 }, false],
      ["walls", [48, 16], 1, "tiles", { x: 0, y: 16 }, true],
    ]);
    const wall = d.entities.find((e) => e.groups[0] === "walls")!;
    const collider = state.world.components.collider;
    assertAlmostEquals(collider.w[eidOf(state.world, wall.id)!]!, 16, 0);
  });
});

Deno.test("a frame's phase and timer contexts show the same time_in_phase", async () => {
  await withEngine("phase_clock", {}, async (engine) => {
    for (const frames of [1, 2, 5]) {
      const d = await until(engine, frames);
      const s = d.entities[0]?.signals.scalars ?? {};
      assertAlmostEquals(s.phase_clock ?? NaN, (frames - 1) / 60);
      assertEquals(s.timer_clock, s.phase_clock);
      // The 0 s timer of the other entity fires every frame.
      assertEquals(d.signals.integers.every, frames);
      // The update-only phase ran in every frame, the first included.
      assertEquals(d.signals.integers.updates, frames);
    }
  });
});
