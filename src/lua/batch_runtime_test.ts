import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { LuaRunError, LuaVm } from "./vm.ts";
import { runtimeVm } from "./_runtime_vm.ts";
import { ByteWriter } from "./bytes.ts";
import { decodeResults, encodeBatch } from "./batch_codec.ts";
import { CtxField, MAX_RUN_KEYS } from "./batch_context.ts";
import {
  BatchRefusedError,
  BatchResults,
  refusalOf,
  REFUSED_COUNT,
  ResultStatus,
} from "./batch_results.ts";
import { CallbackKind, type CallbackRequest } from "./batch_types.ts";
import { BATCH_FUNCTION, BATCH_RUNTIME_PARTS, runtimeLuaSource } from "./runtime_lua.ts";
import { BATCH_RUNTIME_LUA } from "./batch_runtime_lua.ts";
import { EMPTY_SNAPSHOT, everyFieldContext } from "./runtime_test_helpers.ts";

// Each command is its text.
const API = `
local rt = ...
local engine = {}
function engine.cmd(s) rt.emit(s .. ";") end
return { engine = engine }
`;

function vmWith(game: string, source = runtimeLuaSource({ apiSource: API })): Promise<LuaVm> {
  return runtimeVm(game, source);
}

const seed = [1, 2] as const;

function call(index: number, fn: string, args: number[] = []): CallbackRequest {
  return { index, seed, kind: CallbackKind.Call, fn, args };
}

// A collision callback between entities 1 and 2.
function collision(index: number, fn: string): CallbackRequest {
  const sides = { a: 0, b: 0 };
  return { index, seed, kind: CallbackKind.Collision, fn, a: { id: 1 }, b: { id: 2 }, sides };
}

Deno.test("the runtime chunk is its parts in order, opened on the first line of batch_runtime.lua", () => {
  assertEquals(BATCH_RUNTIME_PARTS[0], BATCH_RUNTIME_LUA);
  const file = BATCH_RUNTIME_PARTS.join("").split("\n");
  const chunk = runtimeLuaSource({ apiSource: "" }).split("\n");
  assertEquals(chunk[0]?.endsWith(file[0]!), true);
  assertEquals(chunk.slice(1, file.length - 1), file.slice(1, -1));
});

Deno.test("the table of contents carries the statuses batch_results.ts declares", async () => {
  const vm = await vmWith(`
    function plain() engine.cmd("a") end
    function fails() error("boom") end
    function says() return "next" end
  `);
  try {
    const bytes = vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({
        frame: 1,
        dt: 0.5,
        callbacks: [call(0, "plain"), call(1, "fails"), call(2, "says")],
      }),
    );
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const toc = bytes.length - 4 - 3 * 8;
    assertEquals(
      [0, 1, 2].map((i) => view.getUint32(toc + i * 8, true) & 3),
      [ResultStatus.Ok, ResultStatus.Failed, ResultStatus.OkWithExtras],
    );
  } finally {
    vm.close();
  }
});

Deno.test("an entity or collision callback that only logs keeps its lines, and the next gets none", async () => {
  // Nothing but log lines: the runners book such a callback apart from the common case.
  const vm = await vmWith(`
    function talk(ctx) if ctx.id % 2 == 1 then print("entity " .. ctx.id) end end
    function bump(ctx) if ctx.a.id == 1 then print("pair " .. ctx.a.id) end end
  `);
  try {
    const timer = (index: number): CallbackRequest => ({
      index,
      seed,
      kind: CallbackKind.Timer,
      fn: "talk",
      ctx: { id: index + 1 },
    });
    const pair = (index: number, a: number): CallbackRequest => ({
      ...collision(index, "bump"),
      a: { id: a },
    } as CallbackRequest);
    const results = decodeResults(vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({
        frame: 1,
        dt: 0.5,
        callbacks: [timer(0), timer(1), timer(2), timer(3), pair(4, 1), pair(5, 3)],
      }),
    ));
    assertEquals(results.map((r) => r.ok && r.logs.map((l) => l.message)), [
      ["entity 1"],
      [],
      ["entity 3"],
      [],
      ["pair 1"],
      [],
    ]);
  } finally {
    vm.close();
  }
});

Deno.test("a state refuses a batch that expects a snapshot it does not hold", async () => {
  const vm = await vmWith("function plain() engine.cmd('a') end");
  try {
    const bytes = vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({ frame: 1, dt: 0.5, snapshotId: 5, callbacks: [call(0, "plain")] }),
    );
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assertEquals(view.getUint32(bytes.length - 4, true), REFUSED_COUNT);
    assertEquals(refusalOf(bytes), "stale snapshot: state holds 0, batch expects 5");
    assertThrows(() => new BatchResults(bytes), BatchRefusedError, "stale snapshot");
  } finally {
    vm.close();
  }
});

Deno.test("contexts with more than MAX_RUN_KEYS signal keys carry their own keys", async () => {
  const vm = await vmWith(`
    function show(ctx)
      local n, sum = 0, 0
      for _, v in pairs(ctx.signals.integers) do n = n + 1; sum = sum + v end
      engine.cmd(ctx.id .. " " .. n .. " " .. sum)
    end
  `);
  try {
    const integers = (base: number) =>
      Object.fromEntries(Array.from({ length: MAX_RUN_KEYS + 1 }, (_, i) => [`k${i}`, base + i]));
    const ctx = (id: number): CallbackRequest => ({
      index: id,
      seed,
      kind: CallbackKind.Timer,
      fn: "show",
      ctx: { id, signals: { scalars: {}, integers: integers(id), strings: {}, flags: [] } },
    });
    const results = decodeResults(vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({ frame: 1, dt: 0.5, callbacks: [ctx(1), ctx(2)] }),
    ));
    const n = MAX_RUN_KEYS + 1, sum = (n * (n - 1)) / 2;
    assertEquals(
      results.map((r) => r.ok && new TextDecoder().decode(r.commands)),
      [`1 ${n} ${sum + n};`, `2 ${n} ${sum + 2 * n};`],
    );
  } finally {
    vm.close();
  }
});

Deno.test("the largest run layout decodes: every field and MAX_RUN_KEYS keys, phase and timer", async () => {
  // The loop of such a run has the most locals a generated loop gets (one per value it unpacks).
  const vm = await vmWith(`
    function show(ctx, input, ...)
      local n, sum = 0, 0
      for _, v in pairs(ctx.signals.scalars) do n = n + 1; sum = sum + v end
      for _, v in pairs(ctx.signals.integers) do n = n + 1; sum = sum + v end
      for _, v in pairs(ctx.signals.strings) do n = n + 1; sum = sum + #v end
      for _ in pairs(ctx.signals.flags) do n = n + 1 end
      engine.cmd(table.concat({ ctx.id, ctx.group, ctx.pos.x, ctx.vel.y, tostring(ctx.frozen),
        ctx.rotation, ctx.rect.h, ctx.phase, ctx.previous_phase, ctx.timer.callback,
        ctx.sprite.tex_key, ctx.animation.key, n, sum, select("#", ...) }, " "))
    end
  `);
  try {
    const quarter = MAX_RUN_KEYS / 4;
    const keys = (prefix: string) => Array.from({ length: quarter }, (_, i) => `${prefix}${i}`);
    const ctx = (id: number) =>
      everyFieldContext({
        id,
        signals: {
          scalars: Object.fromEntries(keys("s").map((k, i) => [k, i + 0.5])),
          integers: Object.fromEntries(keys("i").map((k, i) => [k, id * i])),
          strings: Object.fromEntries(keys("t").map((k, i) => [k, "x".repeat(i)])),
          flags: keys("f"),
        },
      });
    const callbacks: CallbackRequest[] = [1, 2, 3, 4].map((id, index) => ({
      index,
      seed,
      kind: index < 2 ? CallbackKind.PhaseUpdate : CallbackKind.Timer,
      fn: "show",
      ctx: ctx(id),
    }));
    const results = decodeResults(
      vm.callBinary(BATCH_FUNCTION, encodeBatch({ frame: 1, dt: 0.5, callbacks })),
    );
    const span = (quarter * (quarter - 1)) / 2;
    const sum = (id: number) => span + quarter * 0.5 + id * span + span;
    assertEquals(
      results.map((r) => r.ok ? new TextDecoder().decode(r.commands) : r.error),
      [1, 2, 3, 4].map((id, i) =>
        `${id} brick 1.0 4.0 true 5.0 9.0 idle init show brick.png walk ${MAX_RUN_KEYS} ${
          sum(id)
        }.0 ${i < 2 ? 1 : 0};`
      ),
    );
  } finally {
    vm.close();
  }
});

Deno.test("a run header announcing more than MAX_RUN_KEYS signal keys is malformed", async () => {
  const vm = await vmWith("function show() end");
  try {
    const w = new ByteWriter();
    // frame, dt, flags, snapshot id, input id, callback count
    (w.u32(1), w.f64(0.5), w.u8(0), w.u32(0), w.u32(0), w.u32(1));
    // One timer run of one callback with signals: the four key counts come first.
    (w.u8(CallbackKind.Timer), w.str("show"), w.u32(CtxField.Signals), w.u32(1));
    (w.u32(MAX_RUN_KEYS + 1), w.u32(0), w.u32(0), w.u32(0));
    const e = assertThrows(() => vm.callBinary(BATCH_FUNCTION, w.finish()), LuaRunError);
    assertStringIncludes(e.message, `more than ${MAX_RUN_KEYS} signal keys`);
  } finally {
    vm.close();
  }
});

Deno.test("a protocol constant the runtime reads but TypeScript lacks fails the load", async () => {
  const source = runtimeLuaSource({ apiSource: API });
  const loadError = async (from: string, to: string) => {
    const changed = source.replace(from, to);
    assertEquals(changed !== source, true, `${from} is not in the source`);
    const vm = await vmWith("", changed).catch((e: unknown) => e);
    if (vm instanceof LuaVm) vm.close();
    return String(vm);
  };
  assertStringIncludes(
    await loadError("Chunk = 10", "Chunks = 10"),
    "protocol constant Chunk is missing",
  );
  // A context field TypeScript may send and the runtime cannot decode fails it too.
  assertStringIncludes(
    await loadError("Animation = 8192", "Animation = 8192, Glow = 16384"),
    "no decoder for context field Glow",
  );
});

Deno.test("the load seed seeds math.random for the game's top level", async () => {
  const draw = "return math.random(1, 1 << 40), math.random(1, 1 << 40)";
  const seeded = await vmWith("", runtimeLuaSource({ apiSource: API, loadSeed: [123, 456] }));
  const plain = await vmWith("");
  try {
    assertEquals(seeded.run(draw), plain.run(`math.randomseed(123, 456) ${draw}`));
  } finally {
    seeded.close();
    plain.close();
  }
});

Deno.test("a new snapshot is read whole, its unchanged fields reused and its changed ones anew", async () => {
  const api = API.replace(
    "return { engine = engine }",
    "function engine.get(k, f) return rt.snap[k][f] end\nreturn { engine = engine }",
  );
  const vm = await vmWith(
    "function show() return engine.get('integers', 'score') .. ',' .. engine.get('cvars', 'x') end",
    runtimeLuaSource({ apiSource: api }),
  );
  const cvars = { x: 5 };
  const snapshot = (score: number, c: Record<string, number>) => ({
    scalars: {},
    integers: { score },
    strings: {},
    flags: [],
    entities: {},
    groups: {},
    assets: {},
    cvars: c,
    input: {},
  });
  const show = (snapshotId: number, snap: ReturnType<typeof snapshot>) => {
    const request = encodeBatch({
      frame: 1,
      dt: 0.5,
      snapshotId,
      snapshot: snap,
      callbacks: [call(0, "show")],
    });
    const result = decodeResults(vm.callBinary(BATCH_FUNCTION, request))[0];
    return result?.ok ? result.returned : result?.error;
  };
  try {
    assertEquals(show(1, snapshot(1, cvars)), "1,5");
    // The same CVars object (its bytes kept on both sides), a new score.
    assertEquals(show(2, snapshot(2, cvars)), "2,5");
    // New CVars, the same score.
    assertEquals(show(3, snapshot(2, { x: 7 })), "2,7");
  } finally {
    vm.close();
  }
});

Deno.test("a collision callback's world-signal writes reach the later callbacks of its batch only", async () => {
  // engine.score mirrors as the collision twins of the signal commands do; engine.seen reads.
  const api = API.replace(
    "return { engine = engine }",
    `function engine.score(v) rt.emit("s;"); rt.mirror("integers", "score", v) end
function engine.heat(v) rt.mirror("scalars", "heat", v) end
function engine.odd(on) rt.mirror("flags", "odd", on or nil) end
function engine.seen()
  local s = rt.snap
  return s.integers.score .. "/" .. math.type(s.scalars.heat or 0) .. "/" .. tostring(s.flags.odd)
end
return { engine = engine }`,
  );
  const vm = await vmWith(
    `local n = 0
     function hit() local r = engine.seen(); n = n + 1; engine.score(n)
       engine.heat(n); engine.odd(n % 2 == 1); return r end
     function bad() engine.score(100); error("no") end
     function update() engine.score(50); return engine.seen() end`,
    runtimeLuaSource({ apiSource: api }),
  );
  const snapshot = { ...EMPTY_SNAPSHOT, integers: { score: 0 } };
  const returned = (bytes: Uint8Array) =>
    decodeResults(bytes).map((r) => r.ok ? r.returned : "failed");
  try {
    const first = vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({
        frame: 1,
        dt: 0.5,
        snapshotId: 3,
        snapshot,
        callbacks: [collision(0, "hit"), collision(1, "bad"), collision(2, "hit")],
      }),
    );
    // The second hit sees the first's writes as the snapshot decoder gives them (a float
    // scalar), not the failed callback's.
    assertEquals(returned(first), ["0/integer/nil", "failed", "1/float/true"]);
    // The state's snapshot is no longer the one sent as 3: a batch counting on it is refused.
    const held = encodeBatch({ frame: 2, dt: 0.5, snapshotId: 3, callbacks: [call(0, "update")] });
    assertEquals(
      refusalOf(vm.callBinary(BATCH_FUNCTION, held)),
      "stale snapshot: state holds 0, batch expects 3",
    );
    // The same snapshot sent again is read anew; writes outside collisions are not mirrored.
    const again = encodeBatch({
      frame: 2,
      dt: 0.5,
      snapshotId: 3,
      snapshot,
      callbacks: [0, 1].map((index) => ({
        index,
        seed,
        kind: CallbackKind.SceneUpdate,
        fn: "update",
      })),
    });
    assertEquals(returned(vm.callBinary(BATCH_FUNCTION, again)), [
      "0/integer/nil",
      "0/integer/nil",
    ]);
  } finally {
    vm.close();
  }
});

Deno.test("a collision callback's world-signal write that changes nothing keeps the snapshot", async () => {
  const api = API.replace(
    "return { engine = engine }",
    `function engine.write(part, key, v) rt.mirror(part, key, v) end
return { engine = engine }`,
  );
  const vm = await vmWith(
    `function same() engine.write("integers", "score", 2.0); engine.write("flags", "odd", true)
       engine.write("scalars", "neg", -0.0); engine.write("flags", "gone", nil) end
     function flip() engine.write("scalars", "neg", 0.0) end`,
    runtimeLuaSource({ apiSource: api }),
  );
  const snapshot = {
    ...EMPTY_SNAPSHOT,
    scalars: { neg: -0 },
    integers: { score: 2 },
    flags: ["odd"],
  };
  const batch = (fn: string, snap?: typeof snapshot) =>
    vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({
        frame: 1,
        dt: 0.5,
        snapshotId: 3,
        snapshot: snap,
        callbacks: [collision(0, fn)],
      }),
    );
  try {
    batch("same", snapshot);
    assertEquals(refusalOf(batch("same")), undefined);
    // 0.0 over -0.0 is a change, as the engine's signals judge it.
    assertEquals(refusalOf(batch("flip")), undefined);
    assertEquals(refusalOf(batch("same")), "stale snapshot: state holds 0, batch expects 3");
  } finally {
    vm.close();
  }
});

Deno.test("a collision callback's writes are kept only once it succeeded for good, and only its", async () => {
  const api = API.replace(
    "return { engine = engine }",
    `function engine.score(v) rt.mirror("integers", "score", v) end
function engine.seen() return tostring(rt.snap.integers.score) end
return { engine = engine }`,
  );
  const vm = await vmWith(
    `function long() engine.score(5); return string.rep("x", 1024 * 1024 + 1) end
     function upd() engine.score(77) end
     function peek() return engine.seen() end`,
    runtimeLuaSource({ apiSource: api }),
  );
  const snapshot = { ...EMPTY_SNAPSHOT, integers: { score: 0 } };
  const returned = (callbacks: CallbackRequest[]) =>
    decodeResults(
      vm.callBinary(
        BATCH_FUNCTION,
        encodeBatch({ frame: 1, dt: 0.5, snapshotId: 3, snapshot, callbacks }),
      ),
    ).map((r) => r.ok ? r.returned : "failed");
  try {
    // Its returned text is over the cap: it fails after its write was made.
    assertEquals(returned([collision(0, "long"), collision(1, "peek")]), ["failed", "0"]);
    // A write outside a collision callback, between two runs of them, is not kept either.
    assertEquals(
      returned([
        collision(0, "peek"),
        { index: 1, seed, kind: CallbackKind.SceneUpdate, fn: "upd" },
        collision(2, "peek"),
        collision(3, "peek"),
      ]),
      ["0", undefined, "0", "0"],
    );
  } finally {
    vm.close();
  }
});

Deno.test("a stop seen in one callback fails the rest of its batch at once", async () => {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  // A budget the spin would take many seconds to spend: the stop must come first.
  const vm = await LuaVm.create({ maxInstructions: 2e9, stop });
  vm.loadPrivileged(runtimeLuaSource({ apiSource: API }), "=mg_runtime");
  vm.run(
    `function spin() while true do end end
function quick() engine.cmd("quick") end`,
    "main.lua",
  );
  vm.freezeGlobals();
  // Another thread gives up on this one while its first callback spins.
  const setter = new Worker(
    `data:text/javascript,onmessage = (e) => { setTimeout(() => { Atomics.store(new Int32Array(e.data), 0, 1); postMessage(0); }, 150); };`,
    { type: "module" },
  );
  try {
    const replied = new Promise((resolve) => setter.onmessage = resolve);
    setter.postMessage(stop.buffer);
    const kinds = [CallbackKind.Call, CallbackKind.Call, CallbackKind.Call];
    const callbacks = kinds.map((kind, index): CallbackRequest => ({
      index,
      seed: [1, 2],
      kind,
      fn: index === 0 ? "spin" : "quick",
      args: [],
    }));
    const bytes = encodeBatch({ frame: 1, dt: 0.5, snapshot: EMPTY_SNAPSHOT, callbacks });
    const results = decodeResults(vm.callBinary(BATCH_FUNCTION, bytes));
    await replied;
    assertEquals(results.length, 3);
    for (const r of results) {
      assertEquals(r.ok, false);
      assertStringIncludes(r.ok ? "" : r.error, "stopped by the engine");
    }
  } finally {
    setter.terminate();
    vm.close();
  }
});

Deno.test("a stop during callbacks too short to reach the hook fails the batch within 64 of them", async () => {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  // The first callback's require stands in for the other thread: reading the file sets the flag.
  class StoppingFiles extends Map<string, string> {
    override get(path: string): string | undefined {
      Atomics.store(stop, 0, 1);
      return super.get(path);
    }
  }
  const files = new StoppingFiles([["stopper.lua", "return 1"]]);
  const vm = await LuaVm.create({ stop, files });
  vm.loadPrivileged(runtimeLuaSource({ apiSource: API }), "=mg_runtime");
  vm.run(
    `function first() require("stopper") end
function quick() engine.cmd("quick") end`,
    "main.lua",
  );
  vm.freezeGlobals();
  try {
    const batch = (firstFn: string) => {
      const callbacks = Array.from({ length: 200 }, (_, index): CallbackRequest => ({
        index,
        seed: [1, 2],
        kind: CallbackKind.Call,
        fn: index === 0 ? firstFn : "quick",
        args: [],
      }));
      const bytes = encodeBatch({ frame: 1, dt: 0.5, snapshot: EMPTY_SNAPSHOT, callbacks });
      return decodeResults(vm.callBinary(BATCH_FUNCTION, bytes));
    };
    // A first batch of the same size, so that the runner's own bookkeeping at the end of the
    // second (a table-of-contents format made once per size) has nothing left to charge.
    assertEquals(batch("quick").filter((r) => r.ok).length, 200);
    const results = batch("first");
    const firstStopped = results.findIndex((r) => !r.ok);
    assert(firstStopped > 0 && firstStopped <= 65, `first stopped callback: ${firstStopped}`);
    for (const r of results.slice(firstStopped)) {
      assertStringIncludes(r.ok ? "ran" : r.error, "stopped by the engine");
    }
  } finally {
    vm.close();
  }
});
