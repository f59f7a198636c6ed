import { assert, assertEquals, assertMatch, assertRejects, assertThrows } from "@std/assert";
import { engineLuaSource } from "../api/mod.ts";
import { encodeBatch } from "../lua/batch_codec.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import type { LuaHostOptions } from "../lua/host_options.ts";
import { LuaHost } from "../lua/lua_host.ts";
import { assertThreadsIdle } from "../lua/_test_helpers.ts";
import { runtimeLuaSource } from "../lua/runtime_lua.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";
import type { BatchFrame } from "./batch_encoder.ts";
import { ScriptStage } from "./script_stage.ts";
import { chunkRanges } from "./shards.ts";
import { ENTITY_WRITES } from "../commands/entity.ts";
import type { PlannedCallback } from "../lua/batch_codec.ts";

// `rand` depends on the callback's seed and context, `talk` logs and returns,
// `oops` fails, `count` numbers the callbacks in the order the state ran them,
// `count2` too, `spin` never returns (with a budget large enough), `slow` takes 20 ms.
const GAME = `
local n = 0
function rand(ctx) engine.entity_set_velocity(ctx.id, math.random(), ctx.vel.x) end
function talk(ctx) print("hi " .. ctx.id) return "said" end
function oops(ctx) error("oops " .. ctx.id) end
function count(ctx) n = n + 1 engine.entity_set_velocity(ctx.id, n, 0) end
function count2(ctx) n = n + 1 engine.entity_set_velocity(ctx.id, n, 0) end
function spin() while true do end end
function slow(ctx)
  local t = os.clock()
  while os.clock() - t < 0.02 do end
  engine.entity_set_velocity(ctx.id, 1, 0)
end
`;

const FACTS: BatchFrame = {
  frame: 3,
  dt: 1 / 60,
  snapshot: {
    scalars: { gravity: 9.5 },
    integers: {},
    strings: {},
    flags: ["ready"],
    entities: {},
    groups: {},
    assets: {},
    cvars: {},
    input: {},
  },
  input: { digital: {}, analog: {}, mouse: { x: 0, y: 0 } },
};

/** Byte offset of the flags of a batch head (`<I4 frame> <d dt> <B flags>`): 1 snapshot, 2 input. */
const FLAGS_AT = 12;

async function start(
  workers: number,
  options: LuaHostOptions = {},
): Promise<LuaHost & Disposable> {
  const host = await LuaHost.start({
    statesPerWorker: 1,
    ...options,
    workers,
    setup: {
      privileged: [{ source: runtimeLuaSource({ apiSource: engineLuaSource() }), name: "=rt" }],
      files: { "main.lua": GAME },
      main: { source: GAME, name: "main.lua" },
      freeze: true,
    },
  });
  return Object.assign(host, { [Symbol.dispose]: () => host.close() });
}

function plan(n: number, fns: readonly string[]): PlannedCallback[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: CallbackKind.Timer,
    fn: fns[i % fns.length]!,
    entity: i + 1,
    ctx: { id: i + 1, pos: [i, 0], vel: [i * 0.5, 1] },
  }));
}

/** A request the stage sent: its worker and head flags, in posting order. */
interface Sent {
  worker: number;
  flags: number;
}

type Call = LuaHost["call"];

/**
 * Record every `call` the stage makes (the `n`th is numbered from 1);
 * `before` may first post something else with the unspied `call`, or fail
 * the call instead of sending it by returning a rejection.
 */
function spy(
  host: LuaHost,
  before?: (n: number, call: Call) => Promise<Uint8Array> | undefined,
): Sent[] {
  const sent: Sent[] = [];
  const call: Call = host.call.bind(host);
  host.call = (handle, fn, bytes, options) => {
    sent.push({ worker: handle.worker, flags: bytes[FLAGS_AT]! });
    return before?.(sent.length, call) ?? call(handle, fn, bytes, options);
  };
  return sent;
}

/** Make worker 0's state hold another snapshot than the stage believes. */
function replaceSnapshot(host: LuaHost, call: Call = host.call.bind(host)): Promise<Uint8Array> {
  const bytes = encodeBatch({
    frame: 1,
    dt: 1,
    snapshot: { ...FACTS.snapshot, flags: [] },
    snapshotId: 0x7fff0000,
    callbacks: [],
  });
  return call(host.handle(0, 0), "__mg_batch", bytes);
}

/** The `count` values of outcomes, which must be consecutive in plan order per worker. */
function counts(outcomes: CallbackOutcome[]): number[] {
  return outcomes.map((o) => {
    const c = o.commands[0];
    assert(c?.name === "entity_set_velocity", `outcome ${o.index} set no velocity: ${o.error}`);
    return c.args.vx;
  });
}

function assertConsecutive(values: number[]): void {
  assertEquals(values, values.map((_, i) => values[0]! + i));
}

Deno.test("ScriptStage rejects a chunk size that is not a positive integer", async () => {
  using host = await start(1);
  for (const chunk of [0, -1, 1.5, NaN]) {
    assertThrows(() => new ScriptStage(host, 1, { chunk }), RangeError);
  }
});

Deno.test("ScriptStage: a chunked run gives the outcomes of one batch, tables sent once", async () => {
  using host = await start(1);
  const callbacks = plan(50, ["rand", "talk", "rand", "oops"]);
  const whole = await new ScriptStage(host, 9, { chunk: Infinity }).run(FACTS, callbacks);
  const sent = spy(host);
  const chunked = await new ScriptStage(host, 9, { chunk: 7 }).run(FACTS, callbacks);
  assertEquals(chunked, whole);
  assertEquals(chunked.map((o) => o.index), callbacks.map((_, i) => i));
  assertMatch(chunked[3]!.error!, /oops 4/);
  assertEquals(chunked[1]!.returned, "said");
  // Eight chunks; a new stage knows nothing, so the first carries both tables.
  assertEquals(sent.map((s) => s.flags), [3, 0, 0, 0, 0, 0, 0, 0]);
});

Deno.test("ScriptStage sends a frame of at most one chunk as one message", async () => {
  using host = await start(1);
  const stage = new ScriptStage(host, 9, { chunk: 8 });
  const sent = spy(host);
  const out = await stage.run(FACTS, plan(8, ["rand"]));
  assertEquals(out.length, 8);
  await stage.run(FACTS, plan(8, ["rand"]));
  assertEquals(sent.map((s) => s.flags), [3, 0], "the tables are held from the last frame");
});

Deno.test("ScriptStage sends chunks refused as stale mid-pipeline again in full, in order", async () => {
  using host = await start(1);
  const stage = new ScriptStage(host, 9, { chunk: 4 });
  // After the second chunk is posted, something replaces the state's
  // snapshot: the chunks queued behind it claim the old one and are refused.
  const sent = spy(host, (n, call) => {
    if (n === 3) void replaceSnapshot(host, call);
    return undefined;
  });
  const out = await stage.run(FACTS, plan(16, ["count"]));
  assertEquals(out.map((o) => o.error), out.map(() => undefined));
  assertConsecutive(counts(out));
  assertEquals(sent.map((s) => s.flags), [3, 0, 0, 0, 3, 3]);
  // The retries delivered the tables: the next frame claims them, no retry.
  sent.length = 0;
  await stage.run(FACTS, plan(8, ["count"]));
  assertEquals(sent.map((s) => s.flags), [0, 0]);
});

Deno.test("ScriptStage retries every chunk when the first is refused as stale", async () => {
  using host = await start(1);
  const stage = new ScriptStage(host, 9, { chunk: 4 });
  const callbacks = plan(12, ["count", "rand"]);
  const first = await stage.run(FACTS, callbacks);
  await replaceSnapshot(host);
  const sent = spy(host);
  const out = await stage.run(FACTS, callbacks);
  // The two chunks posted first claimed tables the state no longer held; each
  // was sent again in full once its predecessor was done, and the third was
  // dealt only then (it found the tables they delivered): the state ran them
  // in order.
  assertEquals(sent.map((s) => s.flags), [0, 0, 3, 3, 0]);
  const counted = (o: CallbackOutcome[]) => counts(o.filter((_, i) => i % 2 === 0));
  assertConsecutive(counted(out));
  assertEquals(counted(out)[0], counted(first)[5]! + 1);
  assertEquals(
    comparable(out.filter((_, i) => i % 2 === 1)),
    comparable(first.filter((_, i) => i % 2 === 1)),
  );
});

Deno.test("ScriptStage fails exactly the callbacks of a lost chunk and forgets what the state holds", async () => {
  using host = await start(1);
  const stage = new ScriptStage(host, 9, { chunk: 4 });
  const lost = (n: number) => n === 2 || n === 4;
  const sent = spy(host, (n) => lost(n) ? Promise.reject(new Error("gone")) : undefined);
  const out = await stage.run(FACTS, plan(16, ["rand"]));
  assertEquals(
    out.map((o) => o.error),
    out.map((_, i) => lost(Math.floor(i / 4) + 1) ? "lost: gone" : undefined),
  );
  assertEquals(out.map((o) => o.index), out.map((_, i) => i));
  sent.length = 0;
  await stage.run(FACTS, plan(4, ["rand"]));
  assertEquals(sent.map((s) => s.flags), [3], "a failure leaves the state's tables unknown");
  assertEquals(host.pool.available, host.pool.capacity, "lost chunks gave their state back");
});

Deno.test("ScriptStage keeps plan order across two workers dealt chunks as they finish", async () => {
  using host = await start(2);
  const callbacks = plan(100, ["count"]);
  const sent = spy(host);
  const out = await new ScriptStage(host, 9, { chunk: 8 }).run(FACTS, callbacks);
  assertEquals(out.map((o) => o.index), callbacks.map((_, i) => i));
  assertEquals(out.map((o) => o.planned), callbacks);
  // Thirteen chunks, dealt in plan order: each worker ran the ones it was
  // given one after the other, in plan order.
  const ranges = chunkRanges(100, 2, 8);
  assertEquals(sent.length, ranges.length);
  for (const worker of [0, 1]) {
    const ran = ranges.filter((_, k) => sent[k]!.worker === worker);
    assert(ran.length > 0, `worker ${worker} ran no chunk`);
    assertConsecutive(ran.flatMap(({ from, to }) => counts(out.slice(from, to))));
  }
  // Two each at first, round-robin; only each worker's first with tables.
  assertEquals(sent.slice(0, 4).map((s) => s.worker), [0, 1, 0, 1]);
  assertEquals(sent.map((s) => s.flags), sent.map((_, i) => i < 2 ? 3 : 0));
  const rands = plan(100, ["rand", "talk"]);
  const whole = await new ScriptStage(host, 9, { chunk: Infinity }).run(FACTS, rands);
  const chunked = await new ScriptStage(host, 9, { chunk: 8 }).run(FACTS, rands);
  assertEquals(comparable(chunked), comparable(whole));
});

Deno.test("ScriptStage runs a frame's callbacks grouped by function and gives their outcomes in plan order", async () => {
  using host = await start(1);
  const callbacks = plan(10, ["count", "count2"]);
  const out = await new ScriptStage(host, 9, { chunk: Infinity }).run(FACTS, callbacks);
  assertEquals(out.map((o) => o.planned), callbacks);
  assertEquals(out.map((o) => o.index), callbacks.map((_, i) => i));
  // The state ran count's five callbacks, then count2's: each in plan order.
  assertEquals(counts(out), [1, 6, 2, 7, 3, 8, 4, 9, 5, 10]);
});

Deno.test("ScriptStage runs one function's callbacks grouped by context layout where layouts alternate", async () => {
  using host = await start(1);
  // `plan(n, ["count"])` with a rotation in the contexts `rotated` picks: another layout.
  const withRotation = (n: number, rotated: (i: number) => boolean) =>
    plan(n, ["count"]).map((p, i) =>
      rotated(i) && "ctx" in p && typeof p.ctx === "object"
        ? { ...p, ctx: { ...p.ctx, rotation: 90 } }
        : p
    );
  // Every other context has a rotation too: two layouts in turn, sixteen runs of one otherwise.
  const callbacks = withRotation(16, (i) => i % 2 === 1);
  const out = await new ScriptStage(host, 9, { chunk: Infinity }).run(FACTS, callbacks);
  assertEquals(out.map((o) => o.index), callbacks.map((_, i) => i));
  assertEquals(counts(out), [1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15, 8, 16]);
  // Fewer changes of layout than one in eight callbacks are left as they come.
  const few = withRotation(64, (i) => i % 32 === 31);
  const kept = await new ScriptStage(host, 9, { chunk: Infinity }).run(FACTS, few);
  assertConsecutive(counts(kept));
});

Deno.test("ScriptStage deals the chunks a slow worker does not get to to the other", async () => {
  using host = await start(2);
  // The first chunk takes 160 ms; the other twelve, a few milliseconds all told.
  const callbacks = plan(100, ["rand"]).map((c, i) => i < 8 ? { ...c, fn: "slow" } : c);
  const sent = spy(host);
  const out = await new ScriptStage(host, 9, { chunk: 8 }).run(FACTS, callbacks);
  assertEquals(out.map((o) => o.error), out.map(() => undefined));
  assertEquals(out.map((o) => o.index), callbacks.map((_, i) => i));
  // Worker 0 was given the slow chunk and the one queued behind it at first;
  // worker 1 was dealt every later one while it ran.
  assertEquals(sent.map((s) => s.worker), [0, 1, 0, ...Array(10).fill(1)]);
  const whole = await new ScriptStage(host, 9, { chunk: Infinity }).run(FACTS, callbacks);
  assertEquals(
    comparable(out),
    comparable(whole),
    "outcomes do not depend on the states that ran them",
  );
});

Deno.test("ScriptStage gives every lease back when a request cannot be encoded", async () => {
  using host = await start(2);
  const stage = new ScriptStage(host, 9, { chunk: 8 });
  const bad: PlannedCallback = {
    kind: CallbackKind.Call,
    fn: "talk",
    args: [(() => 1) as unknown as number],
    entity: 0,
  };
  // The first request dealt to worker 1 (the second of the frame) fails to encode, as does
  // one dealt later, once replies came back.
  for (const at of [8, 40]) {
    const callbacks = plan(100, ["rand"]);
    callbacks[at] = bad;
    await assertRejects(() => stage.run(FACTS, callbacks), TypeError, "Cannot encode a function");
    assertEquals(host.pool.available, host.pool.capacity, `no lease left behind (callback ${at})`);
  }
  const out = await stage.run(FACTS, plan(100, ["rand"]));
  assertEquals(out.map((o) => o.error), out.map(() => undefined), "the next frame runs");
});

Deno.test("ScriptStage: a worker that misses its deadline is stopped, its callbacks say why, the game goes on", async () => {
  using host = await start(1, { replyTimeoutMs: 300, vm: { maxInstructions: 1e15 } });
  const stage = new ScriptStage(host, 9);
  const out = await stage.run(FACTS, plan(4, ["rand", "rand", "spin", "rand"]));
  const why = "lost: Worker did not reply within 300 ms; it was stopped and replaced";
  assertEquals(out.map((o) => o.error), [why, why, why, why]);
  assertEquals(host.pool.available, 1, "the replaced worker's state went back to the pool");
  const next = await stage.run(FACTS, plan(4, ["rand", "talk"]));
  assertEquals(next.map((o) => o.error), [undefined, undefined, undefined, undefined]);
  assertEquals(next[1]?.logs, [{ level: "info", message: "hi 2" }]);
  await assertThreadsIdle("after the frame with the runaway callback");
});

/** Record, for each call the stage makes, its handle and whether the pool had it leased then. */
function leases(host: LuaHost): { worker: number; slot: number; leased: boolean }[] {
  const seen: { worker: number; slot: number; leased: boolean }[] = [];
  const call: Call = host.call.bind(host);
  host.call = (handle, fn, bytes, options) => {
    seen.push({ ...handle, leased: host.pool.isLeased(handle) });
    return call(handle, fn, bytes, options);
  };
  return seen;
}

Deno.test("ScriptStage runs a frame's shards in states leased from the pool, skipping states held elsewhere", async () => {
  using host = await start(2, { statesPerWorker: 2 });
  const stage = new ScriptStage(host, 9, { chunk: Infinity });
  const callbacks = plan(100, ["rand", "talk"]);
  const seen = leases(host);
  const both = await stage.run(FACTS, callbacks);
  assertEquals(seen.map((s) => [s.worker, s.leased]), [[0, true], [1, true]]);
  assertEquals(host.pool.available, 4, "released once the results were back");
  // Worker 1's states are all held (say, by the console): the frame runs on worker 0 alone.
  const held = [host.handle(1, 0), host.handle(1, 1)].map((h) =>
    host.pool.tryAcquireWhere((x) => x === h)!
  );
  seen.length = 0;
  const alone = await stage.run(FACTS, callbacks);
  assertEquals(seen.map((s) => [s.worker, s.leased]), [[0, true]]);
  assertEquals(
    comparable(alone),
    comparable(both),
    "outcomes do not depend on the states that ran them",
  );
  assertEquals(host.pool.available, 2);
  // Every state held: the frame waits for one.
  const last = host.pool.tryAcquire()!, other = host.pool.tryAcquire()!;
  seen.length = 0;
  const waiting = stage.run(FACTS, callbacks);
  await Promise.resolve();
  assertEquals([host.pool.waiting, seen.length], [1, 0]);
  host.pool.release(other);
  assertEquals(comparable(await waiting), comparable(both));
  assertEquals(seen.map((s) => [s.worker, s.slot, s.leased]), [[other.worker, other.slot, true]]);
  for (const h of [...held, last]) host.pool.release(h);
  assertEquals(host.pool.available, 4);
});

Deno.test("ScriptStage leases the collision state for a sync batch, and fails a collision when none is free", async () => {
  using host = await start(1, { statesPerWorker: 2 });
  const stage = new ScriptStage(host, 9);
  const [a, b] = plan(2, ["rand"]);
  const free = stage.syncBatch(() => {
    const during = host.pool.available;
    const outs = [stage.runSync(FACTS, a!, 0), stage.runSync(FACTS, b!, 1)];
    return { during, outs };
  });
  assertEquals(free.during, 1, "one state leased for the whole batch");
  assertEquals(free.outs.map((o) => o.error), [undefined, undefined]);
  assertEquals(host.pool.available, 2, "released after the batch");
  // Every state held elsewhere: a collision cannot wait, so it fails and says why.
  const held = [host.pool.tryAcquire()!, host.pool.tryAcquire()!];
  const out = stage.runSync(FACTS, a!, 0);
  assertMatch(out.error ?? "", /^lost: Every Lua state is in use/);
  for (const h of held) host.pool.release(h);
  assertEquals(stage.runSync(FACTS, a!, 0), free.outs[0]);
  assertEquals(host.pool.available, 2);
});

Deno.test("ScriptStage fails a request sent to run on its state's snapshot when the state refuses it, and does not send it again", async () => {
  using host = await start(1);
  const stage = new ScriptStage(host, 9);
  const [a] = plan(1, ["count"]);
  // The state gets the stage's tables, then another input behind the stage's back.
  assertEquals(stage.syncBatch(() => stage.runSync(FACTS, a!, 0)).error, undefined);
  await host.call(
    host.handle(0, 0),
    "__mg_batch",
    encodeBatch({ frame: 1, dt: 1, input: FACTS.input, inputId: 0x7fff0001, callbacks: [] }),
  );
  const sent: number[] = [];
  const startSync = host.startSync.bind(host);
  host.startSync = (handle, fn, bytes, calls) => {
    sent.push(bytes[FLAGS_AT]!);
    return startSync(handle, fn, bytes, calls);
  };
  const { outcomes, lost } = stage.syncBatch(() => {
    const request = stage.continueSync(stage.prepareSync(FACTS, [a!], 1));
    return stage.finishSync(stage.startSync(request));
  });
  // Sent again with the snapshot it was encoded with, it would run on another than it was sent to.
  assertEquals(lost, true);
  assertMatch(outcomes[0]!.error ?? "", /^lost: .*stale input/);
  assertEquals(sent, [0]);
});

Deno.test("ScriptStage has two requests in flight again once the retries are done", async () => {
  using host = await start(1);
  const stage = new ScriptStage(host, 9, { chunk: 4 });
  await stage.run(FACTS, plan(24, ["rand"]));
  await replaceSnapshot(host);
  const call: Call = host.call.bind(host);
  const before: number[] = []; // this run's requests still out as each is posted
  let running = 0;
  host.call = (handle, fn, bytes, options) => {
    before.push(running++);
    return call(handle, fn, bytes, options).finally(() => running--);
  };
  const out = await stage.run(FACTS, plan(24, ["rand"]));
  assertEquals(out.map((o) => o.error), out.map(() => undefined));
  // Two claims refused, their two retries, then the other four chunks: posted two at a time
  // again (the second of a pair finds the first still out).
  assertEquals(before.length, 8);
  assert(
    before.slice(4).some((n) => n > 0),
    `a second request queued after the retries: ${before}`,
  );
});

Deno.test("ScriptStage fails a run whose reply cannot be read only once its other requests are back", async () => {
  using host = await start(1);
  const stage = new ScriptStage(host, 9, { chunk: 4 });
  const call: Call = host.call.bind(host);
  let calls = 0, running = 0;
  host.call = (handle, fn, bytes, options) => {
    const n = ++calls;
    running++;
    const reply = call(handle, fn, bytes, options).finally(() => running--);
    // The first reply claims five callbacks and holds nothing else.
    return n === 1 ? reply.then(() => new Uint8Array([5, 0, 0, 0])) : reply;
  };
  const callbacks = plan(16, ["slow"]);
  await assertRejects(() => stage.run(FACTS, callbacks));
  assertEquals(running, 0, "no request of the run still running");
  assertEquals(host.pool.available, host.pool.capacity);
  // Two at first and the one dealt as the bad reply came in (before it was read); not the fourth.
  assertEquals(calls, 3, "no request was dealt after the failure");
  host.call = call;
  const out = await stage.run(FACTS, plan(8, ["rand"]));
  assertEquals(out.map((o) => o.error), out.map(() => undefined), "the next frame runs");
});

// Outcomes as data: their commands (decoded again when compact), and compact ones' entries (write
// name, id, arguments; a signal's key and a string value resolved), since a run's tape is filled in
// the order its replies came, which may change.
function comparable(outcomes: readonly CallbackOutcome[]) {
  return outcomes.map((outcome) => {
    const { compact, ...o } = outcome;
    const commands = outcome.commands;
    if (compact === undefined) return { ...o, commands };
    const { nums, strs } = compact.tape, entries = [];
    for (let i = compact.start; i < compact.end; i += 4) {
      const name = ENTITY_WRITES[nums[i]!]!.name, a = nums[i + 2]!, b = nums[i + 3]!;
      const signal = name.startsWith("entity_signal_");
      const value = name === "entity_signal_set_string" ? strs[b] : b;
      entries.push([name, nums[i + 1], signal ? strs[a] : a, value]);
    }
    return { ...o, commands, entries };
  });
}
