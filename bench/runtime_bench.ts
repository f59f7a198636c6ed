/**
 * The Lua runtime through workers: pool start-up, acquire/release, one frame
 * of 10,000 entity callbacks with 1, 2 and 4 workers (1 is the baseline), and
 * a collision round trip against the same call made in-thread.
 * Compare the numbers within one run: the machines are noisy.
 *
 *   deno bench -A bench/runtime_bench.ts
 */
import { BATCH_FUNCTION } from "../src/lua/runtime_lua.ts";
import { ScriptStage } from "../src/engine/script_stage.ts";
import {
  COLLISION,
  encodePlan,
  entityPlan,
  FACTS,
  inThreadVm,
  startHost as start,
} from "./_shared.ts";

const TEN_K = entityPlan(10_000);

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

for (const workers of [1, 2, 4]) {
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

const direct = await inThreadVm();
direct.callBinary(BATCH_FUNCTION, encodePlan([COLLISION]));
const COLLISION_BYTES = encodePlan([COLLISION], false);
Deno.bench(
  "collision: same call in-thread, 100 calls",
  { group: "collision", baseline: true, n: 5, warmup: 1 },
  (b) => {
    b.start();
    for (let i = 0; i < 100; i++) direct.callBinary(BATCH_FUNCTION, COLLISION_BYTES);
    b.end();
  },
);

Deno.bench(
  "collision round trip (callSync), 100 calls",
  { group: "collision", n: 5, warmup: 1 },
  async (b) => {
    const host = await start(1);
    const stage = new ScriptStage(host, 1);
    stage.runSync(FACTS, COLLISION, 0);
    b.start();
    for (let i = 0; i < 100; i++) stage.runSync(FACTS, COLLISION, i);
    b.end();
    host.close();
  },
);
