/**
 * The Lua runtime alone (issue 4): pool start-up, acquire/release, one frame
 * of 10,000 entity callbacks with 1 and 2 workers, and a collision round trip.
 * Compare the numbers within one run: the machines are noisy.
 *
 *   deno bench -A bench/runtime_bench.ts
 */
import { engineLuaSource } from "../src/api/mod.ts";
import { CallbackKind } from "../src/lua/batch_types.ts";
import { LuaHost } from "../src/lua/lua_host.ts";
import { runtimeLuaSource } from "../src/lua/runtime_lua.ts";
import { type BatchFrame, type PlannedCallback, ScriptStage } from "../src/engine/script_stage.ts";

const GAME = `
function tick(ctx, input)
  local v = ctx.vel
  engine.entity_set_velocity(ctx.id, v.x + 1, v.y * 0.5)
  if ctx.signals.integers.hp < 3 then engine.entity_signal_set_flag(ctx.id, "weak") end
end
function hit(ctx) engine.collision_entity_set_velocity(ctx.a.id, -ctx.a.vel.x, ctx.a.vel.y) end
`;

function start(workers: number, statesPerWorker = 2): Promise<LuaHost> {
  return LuaHost.start({
    workers,
    statesPerWorker,
    setup: {
      privileged: [{
        source: runtimeLuaSource({ apiSource: engineLuaSource() }),
        name: "=moonglow_runtime",
      }],
      files: { "main.lua": GAME },
      main: { source: GAME, name: "main.lua" },
      freeze: true,
    },
  });
}

const FACTS: BatchFrame = {
  frame: 1,
  dt: 1 / 60,
  snapshot: {
    scalars: {},
    integers: {},
    strings: {},
    flags: [],
    entities: {},
    groups: {},
    assets: {},
    cvars: {},
    input: {},
  },
  input: { digital: {}, analog: {}, mouse: { x: 0, y: 0 } },
};

function entityCallbacks(n: number): PlannedCallback[] {
  const out: PlannedCallback[] = [];
  for (let id = 1; id <= n; id++) {
    out.push({
      kind: CallbackKind.Timer,
      fn: "tick",
      entity: id,
      ctx: {
        id,
        pos: [id, id * 2],
        vel: [3, 4],
        signals: { scalars: {}, integers: { hp: id % 5 }, strings: {}, flags: [] },
      },
    });
  }
  return out;
}

const TEN_K = entityCallbacks(10_000);

Deno.bench(
  "pool start-up: 2 workers x 2 states",
  { group: "startup", n: 5, warmup: 1 },
  async (b) => {
    b.start();
    const host = await start(2);
    b.end();
    host.close();
  },
);

for (const workers of [1, 2]) {
  Deno.bench(
    `frame of 10,000 entity callbacks, ${workers} worker(s)`,
    { group: "frame", baseline: workers === 1, n: 10, warmup: 1 },
    async (b) => {
      const host = await start(workers, 1);
      const stage = new ScriptStage(host, 1);
      await stage.run(FACTS, TEN_K); // warm the states
      b.start();
      const out = await stage.run(FACTS, TEN_K);
      b.end();
      host.close();
      if (out.length !== TEN_K.length || out.some((o) => o.error !== undefined)) {
        throw new Error("callbacks failed");
      }
    },
  );
}

Deno.bench("acquire + release (pool of 4)", { group: "pool", n: 3, warmup: 1 }, async (b) => {
  const host = await start(2);
  b.start();
  for (let i = 0; i < 10_000; i++) {
    const h = host.pool.tryAcquire();
    if (h) host.pool.release(h);
  }
  b.end();
  host.close();
});

Deno.bench(
  "collision round trip (callSync), 100 calls",
  { group: "collision", n: 5, warmup: 1 },
  async (b) => {
    const host = await start(1);
    const stage = new ScriptStage(host, 1);
    const planned: PlannedCallback = {
      kind: CallbackKind.Collision,
      fn: "hit",
      entity: 1,
      a: { id: 1, vel: [1, 2], pos: [0, 0] },
      b: { id: 2, pos: [1, 1] },
      sides: { a: 1, b: 2 },
    };
    stage.runSync(FACTS, planned, 0);
    b.start();
    for (let i = 0; i < 100; i++) stage.runSync(FACTS, planned, i);
    b.end();
    host.close();
  },
);
