import { assert, assertEquals, assertMatch } from "@std/assert";
import { ActionQueue } from "./action_queue.ts";
import type { LuaHostOptions } from "./host_options.ts";
import { LuaHost } from "./lua_host.ts";
import { outcomeText, type ScriptOutcome, ScriptRunner } from "./script_runner.ts";
import { waitFor } from "./_test_helpers.ts";

async function start(options: LuaHostOptions = {}): Promise<LuaHost & Disposable> {
  const host = await LuaHost.start({ workers: 1, statesPerWorker: 1, ...options });
  return Object.assign(host, { [Symbol.dispose]: () => host.close() });
}

Deno.test("outcomeText joins values with tabs and appends the traceback to errors", () => {
  assertEquals(outcomeText({ ok: true, values: [] }), { ok: true, message: "" });
  assertEquals(outcomeText({ ok: true, values: ["1", "nil"] }), { ok: true, message: "1\tnil" });
  assertEquals(
    outcomeText({ ok: false, error: { message: "a:1: x", traceback: "stack traceback:" } }),
    { ok: false, message: "a:1: x\nstack traceback:" },
  );
  assertEquals(outcomeText({ ok: false, error: { message: "m", traceback: "" } }), {
    ok: false,
    message: "m",
  });
});

Deno.test("ScriptRunner runs a script, pushes a ScriptResult and calls onComplete", async () => {
  using host = await start();
  const queue = new ActionQueue();
  const runner = new ScriptRunner({ host, queue });
  const seen: ScriptOutcome[] = [];
  assertEquals(await runner.enqueueScript("return 2 + 2", (o) => seen.push(o)), {
    ok: true,
    message: "4",
  });
  assertEquals(seen, [{ ok: true, message: "4" }]);
  assertEquals(queue.tryPop(), { kind: "ScriptResult", ok: true, message: "4" });
  const failed = await runner.enqueueScript("local a = nil\nreturn a.b");
  assert(!failed.ok);
  assertMatch(failed.message, /^console:2: attempt to index a nil value/);
  assertMatch(failed.message, /stack traceback/);
  const action = queue.tryPop();
  assert(action?.kind === "ScriptResult" && !action.ok && action.message === failed.message);
  assertEquals(host.pool.available, 1, "the state was released");
});

Deno.test("ScriptRunner.enqueueBatch runs every script in order in one state", async () => {
  using host = await start({ workers: 2 });
  const queue = new ActionQueue();
  const runner = new ScriptRunner({ host, queue, chunkName: "batch" });
  const outcomes = await runner.enqueueBatch(["x = 40", "error('middle')", "return x + 2"]);
  assertEquals(outcomes[0], { ok: true, message: "" });
  assert(!outcomes[1]!.ok);
  assertMatch(outcomes[1]!.message, /batch:1: middle/);
  assertEquals(
    outcomes[2],
    { ok: true, message: "42" },
    "same state, and the error did not stop it",
  );
  assertEquals(queue.size, 3);
  assertEquals(queue.tryPop(), { kind: "ScriptResult", ok: true, message: "" });
});

Deno.test("ScriptRunner waits for a free state when the pool is exhausted", async () => {
  using host = await start();
  const queue = new ActionQueue();
  const runner = new ScriptRunner({ host, queue });
  const held = host.pool.tryAcquire()!;
  let done = false;
  const result = runner.enqueueScript("return 'ran'").then((o) => (done = true, o));
  assert(await waitFor(() => host.pool.waiting === 1), "the script waits for a state");
  assertEquals([done, queue.size, runner.pending, host.pool.waiting], [false, 0, 1, 1]);
  host.pool.release(held);
  assertEquals(await result, { ok: true, message: "ran" });
  await runner.idle();
  assertEquals(runner.pending, 0);
});

Deno.test("ScriptRunner drops results on a full queue with one warning", async () => {
  using host = await start();
  const warnings: string[] = [];
  const queue = new ActionQueue({ capacity: 1, onWarn: (m) => warnings.push(m) });
  const runner = new ScriptRunner({ host, queue, onWarn: (m) => warnings.push(m) });
  await Promise.all([1, 2, 3].map((i) => runner.enqueueScript(`return ${i}`)));
  assertEquals(queue.size, 1);
  assertEquals(queue.dropped, 2);
  assertEquals(warnings, ["Action queue is full (capacity 1); dropping actions until it drains"]);
  await runner.enqueueScript("return 4", () => {
    throw new Error("callback bug");
  });
  assertEquals(warnings.at(-1), "Script onComplete callback threw: callback bug");
});

Deno.test("ScriptRunner reports a crashed worker or a closed host as a failed outcome", async () => {
  using host = await start({
    statesPerWorker: 2,
    workerUrl: new URL("./lua_host_test_worker.ts", import.meta.url),
  });
  const queue = new ActionQueue();
  const runner = new ScriptRunner({ host, queue });
  const other = host.handle(0, 1);
  assert(host.pool.isLeased(other) === false);
  const closing = host.call(other, "__test_close", new Uint8Array()).catch((e) => e);
  const lost = await runner.enqueueScript("return 1");
  assert(!lost.ok);
  assertMatch(lost.message, /Lua worker 0 crashed while running slot 0: Worker closed itself/);
  await closing;
  // With every state leased, a waiting script fails when the host closes.
  const a = host.pool.tryAcquire()!;
  const b = host.pool.tryAcquire()!;
  const waiting = runner.enqueueScript("return 2");
  host.close();
  assertEquals(await waiting, { ok: false, message: "State pool is closed" });
  host.pool.release(a);
  host.pool.release(b);
});
