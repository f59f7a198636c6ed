import { assertEquals } from "@std/assert";
import { CVarRegistry, defineEngineCVars } from "../cvar/mod.ts";
import { ActionQueue } from "../lua/action_queue.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";
import type { StateHandle } from "../lua/host_options.ts";
import { StatePool } from "../lua/state_pool.ts";
import { EngineLog } from "../state/log.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";
import { createScripting } from "./scripting.ts";

Deno.test("console exec runs its chunk in the state the ScriptRunner leased, waiting while every state is held", async () => {
  const pool = new StatePool<StateHandle>({ capacity: 2, create: (slot) => ({ worker: 0, slot }) });
  const ran: { on: StateHandle | undefined; leased: boolean }[] = [];
  const runNow = (planned: PlannedCallback[], on?: StateHandle): Promise<CallbackOutcome[]> => {
    ran.push({ on, leased: on !== undefined && pool.isLeased(on) });
    return Promise.resolve(
      planned.map((p, index) => ({
        planned: p,
        index,
        commands: [],
        logs: [],
        returned: "ok",
      })) as CallbackOutcome[],
    );
  };
  const cvars = new CVarRegistry();
  defineEngineCVars(cvars);
  const { console } = createScripting({
    pool,
    queue: new ActionQueue(),
    cvars,
    log: new EngineLog(),
    runNow,
    onChange: () => {},
  });
  await console.execute("exec return 1");
  assertEquals(ran, [{ on: pool.handles[0], leased: true }]);
  assertEquals(pool.available, 2, "the state went back after the chunk");
  // A frame holds every state: the chunk waits for one.
  const held = [pool.tryAcquire()!, pool.tryAcquire()!];
  ran.length = 0;
  const pending = console.execute("exec return 2");
  await Promise.resolve();
  assertEquals([ran.length, pool.waiting], [0, 1]);
  pool.release(held[1]!);
  await pending;
  assertEquals(ran, [{ on: held[1], leased: true }]);
  pool.release(held[0]!);
});
