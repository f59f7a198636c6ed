import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertMatch,
  assertRejects,
  assertThrows,
} from "@std/assert";
import {
  HostClosedError,
  HostStartError,
  LuaCallError,
  WorkerCrashedError,
} from "./host_errors.ts";
import type { StateHandle } from "./host_options.ts";
import type { LuaHost } from "./lua_host.ts";
import { defaultWorkerCount } from "./worker_set.ts";
import { SyncTimeoutError } from "./sync_caller.ts";
import {
  assertThreadsIdle as assertIdle,
  startTestHost as start,
  TEST_ENGINE as ENGINE,
  TEST_MAIN as MAIN,
  threadCpuNs,
  waitForBusyThread,
} from "./_test_helpers.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

Deno.test("defaultWorkerCount is min(4, cores - 1), at least 1", () => {
  assertEquals([1, 2, 3, 5, 16].map((c) => defaultWorkerCount(c)), [1, 1, 2, 4, 4]);
});

Deno.test("LuaHost runs chunks in prepared, frozen states and reports errors as records", async () => {
  const logs: string[] = [];
  using host = await start({
    onLog: (h, level, message) => logs.push(`${h.worker}/${h.slot} ${level} ${message}`),
  });
  const h = host.handle(0, 0);
  assertEquals(host.handles, [h]);
  assertEquals(await host.run(h, "return greeting, shout('x'), 1 + 1"), {
    ok: true,
    values: ["hello", "X", "2"],
  });
  assertEquals(logs, ["0/0 info main loaded"], "setup logs arrive with the ready message");
  const failed = await host.run(h, "local x = 1\nerror('boom')", "console");
  assert(!failed.ok);
  assertMatch(failed.error.message, /console:2: boom/);
  assertMatch(failed.error.traceback, /traceback/);
  const frozen = await host.run(h, "greeting = 'changed'");
  assert(!frozen.ok, "globals are frozen after setup");
  await host.run(h, "print('from run')");
  assertEquals(logs.at(-1), "0/0 info from run");
  assertThrows(() => host.handle(1, 0), RangeError);
  await assertRejects(() => host.run({ worker: 0, slot: 0 }, "return 1"), RangeError, "Unknown");
});

Deno.test("LuaHost.call round trips bytes and transfers the input buffer", async () => {
  using host = await start();
  const h = host.handle(0, 0);
  const input = new Uint8Array([1, 2, 3, 0, 255]);
  const out = await host.call(h, "rev", input);
  assertEquals(out, new Uint8Array([255, 0, 3, 2, 1]));
  assertEquals(input.byteLength, 0, "the whole-buffer input was transferred, not copied");
  const kept = new Uint8Array([9, 8]);
  assertEquals(await host.call(h, "echo", kept, { transfer: false }), new Uint8Array([9, 8]));
  assertEquals(kept.byteLength, 2);
  const view = new Uint8Array([1, 2, 3, 4]).subarray(1, 3);
  assertEquals(await host.call(h, "echo", view), new Uint8Array([2, 3]));
  assertEquals(view.byteLength, 2, "a partial view is copied");
  const e = await assertRejects(() => host.call(h, "fail", enc.encode("abc")), LuaCallError);
  assertMatch(e.luaMessage, /engine.lua:5: bad input 3/);
  assertEquals(e.fn, "fail");
  assertEquals(dec.decode(await host.call(h, "shout", enc.encode("abc"))), "ABC");
});

Deno.test("LuaHost.callSync round trips over shared memory and leaves sync mode after the task", async () => {
  using host = await start({ workers: 2 });
  const [a, b] = [host.handle(0, 0), host.handle(1, 0)];
  for (let i = 0; i < 100; i++) {
    const out = host.callSync(i % 2 ? a : b, "echo", new Uint8Array([i, i + 1]));
    assertEquals(out, new Uint8Array([i, i + 1]));
  }
  const big = new Uint8Array(200_000).map((_, i) => i * 7);
  assertEquals(host.callSync(a, "rev", big), big.slice().reverse());
  const e = assertThrows(() => host.callSync(a, "fail", new Uint8Array(2)), LuaCallError);
  assertMatch(e.message, /bad input 2/);
  // Sync sessions close at the microtask checkpoint, so async requests flow again.
  assertEquals(await host.run(a, "return 'async ok'"), { ok: true, values: ["async ok"] });
  assertEquals(await host.call(b, "echo", new Uint8Array([5])), new Uint8Array([5]));
  assertEquals(host.callSync(b, "echo", new Uint8Array([6])), new Uint8Array([6]));
});

Deno.test("LuaHost.openSync wakes the worker ahead of sync calls; unused, it is withdrawn and async requests flow", async () => {
  using host = await start({ workers: 2 });
  const [a, b] = [host.handle(0, 0), host.handle(1, 0)];
  host.openSync(a);
  host.openSync(a); // asked once
  assertEquals(host.callSync(a, "echo", new Uint8Array([1])), new Uint8Array([1]));
  // Asked and never used: withdrawn at the task's end, after the worker entered the session
  // (this task held the thread meanwhile) or before it could.
  host.openSync(a);
  const end = performance.now() + 30;
  while (performance.now() < end) { /* the worker enters meanwhile */ }
  host.openSync(b);
  await Promise.resolve();
  assertEquals(await host.call(a, "echo", new Uint8Array([2])), new Uint8Array([2]));
  assertEquals(await host.call(b, "echo", new Uint8Array([3])), new Uint8Array([3]));
  host.openSync(b);
  await Promise.resolve();
  assertEquals(await host.run(b, "return 'async ok'"), { ok: true, values: ["async ok"] });
  assertEquals(host.callSync(b, "echo", new Uint8Array([4])), new Uint8Array([4]));
});

Deno.test("LuaHost forwards logs written during sync calls once the session ends", async () => {
  const logs: string[] = [];
  using host = await start({ onLog: (_h, _level, message) => logs.push(message) });
  const h = host.handle(0, 0);
  assertEquals(dec.decode(host.callSync(h, "say", enc.encode("one"))), "one");
  host.callSync(h, "say", enc.encode("two"));
  assertEquals(logs, ["main loaded"], "nothing crosses while the session is open");
  await host.run(h, "return 1"); // queued behind the session's log message
  assertEquals(logs, ["main loaded", "said one", "said two"]);
});

Deno.test("LuaHost.callSync waits for a busy worker and gives up after the timeout", async () => {
  // A worker handles its messages in order, so the spin (posted first) keeps
  // it busy when the sync session is asked for: no need to wait for it.
  using host = await start({ syncTimeoutMs: 10_000 });
  const h = host.handle(0, 0);
  const running = host.call(h, "spin_for", enc.encode("0.15"));
  assertEquals(
    dec.decode(host.callSync(h, "spun", new Uint8Array())),
    "1",
    "served after the spin",
  );
  assertEquals(dec.decode(await running), "0.15");

  // A spin far longer than the timeout, so that even a main thread held up
  // for a while still finds the worker busy.
  // A budget the spin cannot reach however fast the machine runs it.
  using quick = await start({ syncTimeoutMs: 30, vm: { maxInstructions: 1e9 } });
  const q = quick.handle(0, 0);
  const slow = quick.call(q, "spin_for", enc.encode("0.5"));
  const busy = assertThrows(() => quick.callSync(q, "echo", new Uint8Array()), SyncTimeoutError);
  assertEquals(busy.phase, "enter");
  assertEquals(dec.decode(await slow), "0.5", "a busy worker is not a crash");
  assertEquals(dec.decode(quick.callSync(q, "spun", new Uint8Array())), "1");
  assertEquals(quick.crashes, 0);
  assertEquals(quick.callSync(q, "echo", new Uint8Array([2])), new Uint8Array([2]));
});

Deno.test("LuaHost keeps one independent state per handle across several workers", async () => {
  using host = await start({ workers: 3, statesPerWorker: 2, setup: { freeze: false } });
  assertEquals(host.handles.length, 6);
  assertEquals(host.handles.slice(0, 3).map((h) => h.worker), [0, 1, 2], "slot-major order");
  const count = "n = (n or 0) + 1 return n";
  const first = await Promise.all(host.handles.map((h) => host.run(h, count)));
  assertEquals(first.map((r) => r.ok && r.values[0]), ["1", "1", "1", "1", "1", "1"]);
  const second = await Promise.all(host.handles.map((h) => host.run(h, count)));
  assertEquals(second.map((r) => r.ok && r.values[0]), ["2", "2", "2", "2", "2", "2"]);
  // Twelve requests in flight at once over three workers, answered in place.
  const many = await Promise.all(
    [...host.handles, ...host.handles].map((h, i) => host.run(h, `return ${i} * 2`)),
  );
  assertEquals(many.map((r) => r.ok && r.values[0]), [...Array(12).keys()].map((i) => `${i * 2}`));
});

const crashy = new URL("./lua_host_test_worker.ts", import.meta.url);

Deno.test("LuaHost replaces a worker that throws and rejects its requests with WorkerCrashedError", async () => {
  // In a child process: Deno prints the worker's uncaught error, captured here.
  const child = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./lua_host_test_crash.ts", import.meta.url).pathname],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const [out, err] = [dec.decode(child.stdout), dec.decode(child.stderr)];
  assertEquals(child.code, 0, `child failed:\n${out}\n${err}`);
  assertEquals(out, "crash handled\n");
  assertMatch(err, /Uncaught \(in worker .*\) Error: Test crash/);
});

Deno.test("LuaHost treats a worker that closes itself as crashed, failing every request in flight", async () => {
  using host = await start({ statesPerWorker: 2, workerUrl: crashy });
  const [s0, s1] = [host.handle(0, 0), host.handle(0, 1)];
  const closing = host.call(s0, "__test_close", new Uint8Array());
  const queued = host.run(s1, "return 1");
  const a = await assertRejects(() => closing, WorkerCrashedError, "Worker closed itself");
  const b = await assertRejects(() => queued, WorkerCrashedError);
  assertEquals([a.slot, b.slot], [0, 1]);
  assertEquals(await host.run(s1, "return greeting"), { ok: true, values: ["hello"] });
});

Deno.test("LuaHost replaces a worker that stops answering a sync call", async () => {
  using host = await start({ syncTimeoutMs: 300, vm: { maxInstructions: 1e15 } });
  const h = host.handle(0, 0);
  const e = assertThrows(() => host.callSync(h, "spin", new Uint8Array()), WorkerCrashedError);
  assertMatch(e.message, /slot 0: Worker did not answer a sync call within 300 ms/);
  assertEquals(host.crashes, 1);
  assertEquals(await host.call(h, "echo", new Uint8Array([3])), new Uint8Array([3]));
});

Deno.test("LuaHost stops a worker that misses its reply deadline: it does not keep running", async () => {
  using host = await start({ replyTimeoutMs: 300, vm: { maxInstructions: 1e15 } });
  const h = host.handle(0, 0);
  const e = await assertRejects(() => host.run(h, "while true do end"), WorkerCrashedError);
  assertMatch(e.message, /did not reply within 300 ms; it was stopped and replaced/);
  assertEquals(await host.run(h, "return shout('again')"), { ok: true, values: ["AGAIN"] });
  await assertIdle("after a reply timeout");
  assertEquals(host.crashes, 1);
});

Deno.test("LuaHost stops a worker that misses a sync deadline, and one spinning at close", async () => {
  using host = await start({ syncTimeoutMs: 300, vm: { maxInstructions: 1e15 } });
  const h = host.handle(0, 0);
  assertThrows(() => host.callSync(h, "spin", new Uint8Array()), WorkerCrashedError);
  assertEquals(host.callSync(h, "echo", new Uint8Array([4])), new Uint8Array([4]));
  await assertIdle("after a sync timeout");
  const since = threadCpuNs();
  const spinning = host.run(h, "while true do end");
  // Close only once the worker is in the loop (where the kernel says).
  assert(await waitForBusyThread("worker-", 50, since) !== false, "the worker never spun");
  host.close();
  await assertRejects(() => spinning, HostClosedError);
  await assertIdle("after close");
});

Deno.test("LuaHost: a pattern search that would run for hours fails with the budget error, and stops", async () => {
  using host = await start({ replyTimeoutMs: 5000 });
  const h = host.handle(0, 0);
  // Backtracks for hours in C's string.find; the engine's matcher charges every step.
  for (
    const source of [
      `return ("a"):rep(200):find(("a-"):rep(12) .. "b")`,
      `local s = ("a"):rep(4e6) return s:find(("a"):rep(6e4) .. "b", 1, true)`,
    ]
  ) {
    const r = await host.run(h, source, "stuck.lua");
    assert(!r.ok, source);
    assertEquals(r.error.kind, "budget");
    assertMatch(r.error.message, /^stuck\.lua:1: instruction budget exceeded/);
  }
  assertEquals(host.crashes, 0);
  await assertIdle("after the stopped searches");
  assertEquals(await host.run(h, "return shout('again')"), { ok: true, values: ["AGAIN"] });
});

Deno.test("LuaHost.start fails with HostStartError when setup fails, leaking no worker", async () => {
  const e = await assertRejects(
    () =>
      start({ workers: 2, setup: { main: { name: "main.lua", source: "x = 1\nerror('no')" } } }),
    HostStartError,
  );
  assertEquals(e.slot, 0);
  assertMatch(e.message, /main.lua:2: no/);
});

Deno.test("LuaHost pool hands out every state once and is empty when exhausted", async () => {
  using host = await start({ workers: 2, statesPerWorker: 1 });
  const got: StateHandle[] = [];
  for (let h = host.pool.tryAcquire(); h; h = host.pool.tryAcquire()) got.push(h);
  assertEquals(got.length, 2);
  assertEquals(new Set(got).size, 2);
  assertEquals(host.pool.tryAcquire(), null);
  const waiting = host.pool.acquire();
  host.pool.release(got[1]!);
  const h = await waiting;
  assertEquals(h, got[1]);
  assertEquals(await host.run(h, "return 7"), { ok: true, values: ["7"] });
  host.pool.release(h);
  host.pool.release(got[0]!);
});

Deno.test("LuaHost.setLimits reaches every state and close rejects pending work", async () => {
  const host = await start({ workers: 2 });
  await host.setLimits({ maxInstructions: 10_000 });
  const r = await host.run(host.handle(1, 0), "while true do end");
  assert(!r.ok);
  assertEquals(r.error.kind, "budget");
  const pending = host.run(host.handle(0, 0), "return 1");
  host.close();
  await assertRejects(() => pending, HostClosedError);
  await assertRejects(() => host.run(host.handle(0, 0), "return 1"), HostClosedError);
  assertInstanceOf(
    assertThrows(() => host.callSync(host.handle(0, 0), "echo", new Uint8Array())),
    HostClosedError,
  );
});

/** Marks the globals engine code left, as the engine's runtime does, so scripts can reload. */
const BASELINE = { name: "baseline.lua", source: "local priv = ... priv.mark_baseline()" };
const V2 = {
  name: "main.lua",
  source: 'function shout(s) return s .. "!" end\nprint("v2 loaded")\n',
};

async function shouts(host: LuaHost): Promise<string[]> {
  const out = await Promise.all(host.handles.map((h) => host.run(h, "return shout('a')")));
  return out.map((r) => r.ok ? r.values[0]! : r.error.message);
}

Deno.test("LuaHost.reload swaps the scripts of every state, and a replacement worker loads them", async () => {
  const logs: string[] = [];
  using host = await start({
    workers: 3,
    statesPerWorker: 2,
    workerUrl: crashy,
    setup: { privileged: [ENGINE, BASELINE], main: MAIN, freeze: true, files: {} },
    onLog: (_, __, message) => logs.push(message),
  });
  logs.length = 0;
  const seen: string[][] = [];
  const r = await host.reload(
    { main: V2, files: {} },
    (functions) => void seen.push([...functions]),
  );
  assert(r.ok);
  assert(r.functions.includes("shout") && seen[0]?.includes("shout"));
  assertEquals(await shouts(host), Array(6).fill("a!"));
  // The new top level ran in six states; its line is logged once.
  assertEquals(logs, ["v2 loaded"]);
  assertEquals(await host.run(host.handle(0, 0), "return greeting"), { ok: true, values: ["nil"] });
  await assertRejects(() => host.call(host.handle(1, 0), "__test_throw", new Uint8Array()));
  assertEquals(await shouts(host), Array(6).fill("a!"));
});

Deno.test("LuaHost.reload is all or nothing: an error, a rejected check or a crash keeps every state", async () => {
  using host = await start({
    workers: 3,
    statesPerWorker: 2,
    workerUrl: crashy,
    setup: { privileged: [ENGINE, BASELINE], main: MAIN, freeze: true, files: {} },
  });
  const failed = await host.reload({ main: { ...V2, source: V2.source + "x = = 1\n" }, files: {} });
  assertEquals(failed, {
    ok: false,
    error: { message: "main.lua:3: unexpected symbol near '='", traceback: "", kind: "syntax" },
  });
  const refused = await host.reload({ main: V2, files: {} }, () => "shout is not wanted");
  assertEquals(refused, { ok: false, error: { message: "shout is not wanted", traceback: "" } });
  // Worker 2 dies while the others prepared theirs: they drop it, its replacement runs v1.
  const crashed = await host.reload({
    main: { ...V2, source: V2.source + "--crash in worker 2\n" },
    files: {},
  });
  assert(!crashed.ok);
  assertMatch(crashed.error.message, /Test crash/);
  assertEquals(await shouts(host), Array(6).fill("A"));
  assertEquals(await host.run(host.handle(2, 1), "return greeting"), {
    ok: true,
    values: ["hello"],
  });
  // The next good reload reaches every state.
  assert((await host.reload({ main: V2, files: {} })).ok);
  assertEquals(await shouts(host), Array(6).fill("a!"));
});
