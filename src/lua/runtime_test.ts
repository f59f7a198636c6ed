import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { LuaVm } from "./vm.ts";
import { decodeResults, encodeBatch } from "./batch_codec.ts";
import { DecodeError } from "./bytes.ts";
import { BATCH_FUNCTION, runtimeLuaSource } from "./runtime_lua.ts";
import {
  CallbackKind,
  type CallbackRequest,
  type CallbackResult,
  type SnapshotData,
} from "./batch_types.ts";
import { engineLuaSource } from "../api/mod.ts";

// A stand-in API chunk: each command is its text, so tests read results directly.
const FAKE_API = `
local rt = ...
local engine = {}
function engine.cmd(s) rt.emit(s .. ";") end
function engine.get_integer(k) return rt.snap.integers[k] end
function engine.spawn() return rt.next_id() end
function engine.log(msg) rt.log("info", msg) end
function engine.warn(msg) rt.log("warn", msg) end
return { engine = engine }
`;

async function vmWith(game: string, maxInstructions = 200_000): Promise<LuaVm> {
  const vm = await LuaVm.create({ maxInstructions });
  vm.loadPrivileged(
    runtimeLuaSource({ apiSource: FAKE_API }),
    "=mg_runtime",
  );
  vm.run(game, "main.lua");
  vm.freezeGlobals();
  return vm;
}

function text(r: CallbackResult | undefined): string {
  assert(r, "missing result");
  return r.ok ? new TextDecoder().decode(r.commands) : `ERROR ${r.error}`;
}

const EMPTY_SNAPSHOT: SnapshotData = {
  scalars: {},
  integers: {},
  strings: {},
  flags: [],
  entities: {},
  groups: {},
  assets: {},
  cvars: {},
  input: {},
};

function run(vm: LuaVm, callbacks: CallbackRequest[], extra: { snapshot?: boolean } = {}) {
  const bytes = encodeBatch({
    frame: 5,
    dt: 0.5,
    input: { digital: { up: { pressed: true } } },
    snapshot: extra.snapshot ? { ...EMPTY_SNAPSHOT, integers: { score: 7 } } : undefined,
    callbacks,
  });
  return decodeResults(vm.callBinary(BATCH_FUNCTION, bytes));
}

const seed = [1, 2] as const;

Deno.test("a batch runs each callback with its arguments and returns its commands", async () => {
  const vm = await vmWith(`
    function on_update_menu(input, dt) engine.cmd("scene " .. tostring(input.digital.up.pressed) .. " " .. dt) end
    function tick(ctx, input) engine.cmd("timer " .. ctx.id .. " " .. ctx.pos.x .. " " .. ctx.signals.integers.hp .. " " .. tostring(ctx.signals.flags.hit)) end
    function upd(ctx, input, dt) engine.cmd("phase " .. ctx.phase .. " " .. ctx.time_in_phase); return "next" end
    function hit(ctx) engine.cmd("coll " .. ctx.a.id .. " " .. ctx.b.id .. " " .. table.concat(ctx.sides.a, ",") .. " " .. ctx.a.speed_sq) end
    function menu(ctx) engine.cmd("menu " .. ctx.menu_id .. " " .. ctx.item_id .. " " .. ctx.item_index) end
    function changed(n, o, v) engine.cmd("cvar " .. n .. " " .. o .. " " .. v) end
    function scene(name, extra) engine.cmd("switch " .. name .. " " .. extra.n) end
    function reads() engine.cmd("score " .. engine.get_integer("score")) end
  `);
  try {
    const ctx = {
      id: 9,
      pos: [1.5, 2] as const,
      signals: { scalars: {}, integers: { hp: 3 }, strings: {}, flags: ["hit"] },
    };
    const results = run(vm, [
      { index: 0, seed, kind: CallbackKind.SceneUpdate, fn: "on_update_menu" },
      { index: 1, seed, kind: CallbackKind.Timer, fn: "tick", ctx },
      {
        index: 2,
        seed,
        kind: CallbackKind.PhaseUpdate,
        fn: "upd",
        ctx: { id: 4, phase: { name: "idle", time: 0.25 } },
      },
      {
        index: 3,
        seed,
        kind: CallbackKind.Collision,
        fn: "hit",
        a: { id: 1, vel: [3, 4] },
        b: { id: 2 },
        sides: { a: 1 | 8, b: 2 },
      },
      {
        index: 4,
        seed,
        kind: CallbackKind.Menu,
        fn: "menu",
        menu: { menuId: 12, itemId: "start", itemIndex: 1 },
      },
      { index: 5, seed, kind: CallbackKind.CVar, fn: "changed", args: ["r_fov", "75", "90"] },
      { index: 6, seed, kind: CallbackKind.Call, fn: "scene", args: ["level1", { n: 2 }] },
      { index: 7, seed, kind: CallbackKind.Call, fn: "reads", args: [] },
    ], { snapshot: true });
    assertEquals(results.map(text), [
      "scene true 0.5;",
      "timer 9 1.5 3 true;",
      "phase idle 0.25;",
      "coll 1 2 top,right 25.0;",
      "menu 12 start 1;",
      "cvar r_fov 75 90;",
      "switch level1 2;",
      "score 7;",
    ]);
    assertEquals(results.map((r) => r.index), [0, 1, 2, 3, 4, 5, 6, 7]);
    assertEquals(results[2]?.ok && results[2].returned, "next");
  } finally {
    vm.close();
  }
});

Deno.test("a failing callback loses its own commands only and reports file:line", async () => {
  const vm = await vmWith(`
    function good() engine.cmd("a") end
    function bad() engine.cmd("lost"); error("boom") end
    function spin() engine.cmd("lost too"); while true do end end
    function sneaky() while true do pcall(function() while true do end end) end end
  `);
  try {
    const results = run(vm, [
      { index: 0, seed, kind: CallbackKind.Call, fn: "good", args: [] },
      { index: 1, seed, kind: CallbackKind.Call, fn: "bad", args: [] },
      { index: 2, seed, kind: CallbackKind.Call, fn: "spin", args: [] },
      { index: 3, seed, kind: CallbackKind.Call, fn: "sneaky", args: [] },
      { index: 4, seed, kind: CallbackKind.Call, fn: "missing", args: [] },
      { index: 5, seed, kind: CallbackKind.Call, fn: "good", args: [] },
    ]);
    assertEquals(text(results[0]), "a;");
    assertMatch(text(results[1]), /^ERROR main\.lua:3: boom\nstack traceback:/);
    assertStringIncludes(text(results[2]), "instruction budget exceeded");
    assertStringIncludes(text(results[3]), "instruction budget exceeded");
    assertStringIncludes(text(results[4]), "callback 'missing' is not a function");
    assertEquals(text(results[5]), "a;");
  } finally {
    vm.close();
  }
});

Deno.test("random numbers depend only on the seed, provisional ids restart per callback", async () => {
  const vm = await vmWith(`
    function roll() engine.cmd(tostring(math.random(1, 1000000)) .. " " .. engine.spawn() .. " " .. engine.spawn()) end
  `);
  try {
    const a = run(vm, [
      { index: 0, seed: [5, 6], kind: CallbackKind.Call, fn: "roll", args: [] },
      { index: 1, seed: [7, 8], kind: CallbackKind.Call, fn: "roll", args: [] },
      { index: 2, seed: [5, 6], kind: CallbackKind.Call, fn: "roll", args: [] },
    ]).map(text);
    assertEquals(a[0], a[2]);
    assert(a[0] !== a[1]);
    assertMatch(a[0] ?? "", / -1 -2;$/);
  } finally {
    vm.close();
  }
});

// Every way a callback might write into what it is given: plain and raw
// assignment, setmetatable, and the tables pairs/next hand back, on the
// context, its nested tables, the input and the snapshot.
const ATTACKS = `
local function via_pairs(t) local _, state = pairs(t); return state end
local FAKE = { pressed = true, just_pressed = true, just_released = false }
ATTACKS = {
  function(ctx) ctx.extra = 1 end,
  function(ctx) rawset(ctx, "extra", 1) end,
  function(ctx) ctx.pos.z = 1 end,
  function(ctx) rawset(ctx.pos, "z", 1) end,
  function(ctx) rawset(via_pairs(ctx.pos), "z", 1) end,
  function(ctx) ctx.pos.x = nil end,
  function(ctx) setmetatable(ctx.vel, { __index = function() return 7 end }) end,
  function(ctx) rawset(ctx.signals.integers, "fake", 1) end,
  function(ctx) via_pairs(ctx.signals.flags).fake = true end,
  function(ctx) ctx.signals.scalars = { fake = 1 } end,
  function(_, input) via_pairs(input.digital).action_1 = FAKE end,
  function(_, input) rawset(input.digital, "action_1", FAKE) end,
  function(_, input) rawset(select(2, next(input)), "fake", 1) end,
  function(_, input) setmetatable(input.mouse, { __index = function() return 1 end }) end,
  function(_, input) table.insert(input.digital.up, 1) end,
  function() rawset(via_pairs(ecs.getComponent(1, "Transform")), "fake", 1) end,
}
`;

// What a callback can see of its context and input, as text.
const SHOW = `
local function show(v, depth)
  if type(v) ~= "table" then return tostring(v) end
  if depth > 4 then return "..." end
  local out = {}
  for k, x in pairs(v) do out[#out + 1] = tostring(k) .. "=" .. show(x, depth + 1) end
  table.sort(out)
  return "{" .. table.concat(out, ",") .. "}" .. (v.z or v.fake or v.extra or "") .. #v
end
SHOW = show
`;

Deno.test("a callback cannot change the tables it is given, even through pairs, next or rawset", async () => {
  const vm = await LuaVm.create({ maxInstructions: 200_000 });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: engineLuaSource() }), "=mg_runtime");
    vm.run(
      `${ATTACKS}${SHOW}
      function attack(ctx, input)
        local n = ctx.signals.integers.n
        local ok, err = pcall(ATTACKS[n], ctx, input)
        engine.log_warn(n .. " " .. tostring(ok) .. " " .. tostring(err))
        error("attack " .. n .. " failed on purpose")
      end
      function probe(ctx, input)
        engine.log(SHOW(ctx, 0) .. " " .. SHOW(input, 0) .. " " .. SHOW(ecs.getComponent(1, "Transform"), 0))
      end
    `,
      "main.lua",
    );
    vm.freezeGlobals();
    const ctx = (id: number, n: number) => ({
      id,
      pos: [1, 2] as const,
      vel: [3, 4] as const,
      signals: { scalars: { s: 0.5 }, integers: { n }, strings: {}, flags: ["f"] },
    });
    const attacks = Number(vm.run("return #ATTACKS")[0]);
    const callbacks: CallbackRequest[] = [];
    for (let n = 1; n <= attacks; n++) {
      callbacks.push({
        index: callbacks.length,
        seed,
        kind: CallbackKind.Timer,
        fn: "attack",
        ctx: ctx(9, n),
      });
      callbacks.push({
        index: callbacks.length,
        seed,
        kind: CallbackKind.Timer,
        fn: "probe",
        ctx: ctx(1, 0),
      });
    }
    const bytes = encodeBatch({
      frame: 1,
      dt: 0.5,
      input: {
        digital: { up: { pressed: false }, action_1: { pressed: false } },
        mouse: { x: 1, y: 2 },
      },
      snapshot: {
        ...EMPTY_SNAPSHOT,
        components: new Map([[1, { Transform: { x: 1, y: 2 } }]]),
      },
      callbacks,
    });
    const results = decodeResults(vm.callBinary(BATCH_FUNCTION, bytes));
    const refused = results.filter((_, i) => i % 2 === 0).map((r) => r.logs[0]?.message ?? "");
    // Every write was refused (at the game's line, but for table.insert: a C function).
    for (const line of refused) {
      assertMatch(
        line,
        /^\d+ false (main\.lua:\d+: )?(rawset: )?(ctx|input|snapshot)[.a-z_]* is read-only/,
      );
    }
    // And the next callback in the same state saw exactly what the first probe saw.
    const seen = new Set(results.filter((_, i) => i % 2 === 1).map((r) => r.logs[0]?.message));
    assertEquals(seen.size, 1, [...seen].join("\n"));
    const [probe] = seen;
    assertStringIncludes(probe ?? "", "pos={x=1.0,y=2.0}0");
    assertStringIncludes(probe ?? "", "action_1={pressed=false}0");
  } finally {
    vm.close();
  }
});

Deno.test("collision and menu contexts are read-only too", async () => {
  const vm = await vmWith(`${SHOW}
    local function via_pairs(t) local _, state = pairs(t); return state end
    local HITS = {
      function(ctx) ctx.extra = 1 end,
      function(ctx) rawset(ctx, "a", {}) end,
      function(ctx) ctx.sides.a[3] = "top" end,
      function(ctx) rawset(via_pairs(ctx.sides.b), "fake", 1) end,
      function(ctx) ctx.a.pos.z = 1 end,
      function(ctx) setmetatable(ctx.b, {}) end,
    }
    function hit(ctx)
      local n = #ctx.sides.b
      if n == 2 then engine.log(SHOW(ctx, 0)) return end
      local ok, err = pcall(HITS[ctx.a.id], ctx)
      engine.log(tostring(ok) .. " " .. tostring(err))
      error("failed on purpose")
    end
    function menu(ctx)
      if ctx.item_index == 0 then engine.log(SHOW(ctx, 0)) return end
      local ok, err = pcall(rawset, ctx, "item_id", "forged")
      engine.log(tostring(ok) .. " " .. tostring(err))
      error("failed on purpose")
    end
  `);
  try {
    const callbacks: CallbackRequest[] = [];
    type Request = CallbackRequest extends infer R
      ? R extends CallbackRequest ? Omit<R, "index" | "seed"> : never
      : never;
    const add = (c: Request) =>
      callbacks.push({ ...c, index: callbacks.length, seed } as CallbackRequest);
    for (let n = 1; n <= 6; n++) {
      // An attacker (one side touched on b), then a probe (two sides on b).
      add({
        kind: CallbackKind.Collision,
        fn: "hit",
        a: { id: n, pos: [0, 0] },
        b: { id: 9 },
        sides: { a: 1, b: 2 },
      });
      add({
        kind: CallbackKind.Collision,
        fn: "hit",
        a: { id: 1, pos: [0, 0] },
        b: { id: 9 },
        sides: { a: 1, b: 3 },
      });
    }
    add({ kind: CallbackKind.Menu, fn: "menu", menu: { menuId: 1, itemId: "play", itemIndex: 1 } });
    add({ kind: CallbackKind.Menu, fn: "menu", menu: { menuId: 1, itemId: "play", itemIndex: 0 } });
    const results = run(vm, callbacks);
    const attacks = results.filter((_, i) => i % 2 === 0).map((r) => r.logs[0]?.message ?? "");
    for (const line of attacks) {
      assertMatch(line, /^false (main\.lua:\d+: )?(rawset: )?ctx[.a-z_]* is read-only/);
    }
    const probes = results.filter((_, i) => i % 2 === 1).map((r) => r.logs[0]?.message ?? "");
    assertEquals(new Set(probes.slice(0, 6)).size, 1, probes.join("\n"));
    assertEquals(
      probes[0],
      "{a={id=1,pos={x=0.0,y=0.0}0}0,b={id=9}0,sides={a={1=top}1,b={1=top,2=bottom}2}0}0",
    );
    assertEquals(probes[6], "{item_id=play,item_index=0,menu_id=1}0");
  } finally {
    vm.close();
  }
});

Deno.test("output past a callback's caps fails that callback alone, at its call site", async () => {
  const vm = await LuaVm.create({ maxInstructions: 50_000_000 });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: engineLuaSource() }), "=mg_runtime");
    vm.run(
      `
      function small(n) engine.set_integer(string.format("k%02d", n), n) end
      function big_string() engine.set_string("blob", string.rep("x", 15 * 1024 * 1024)) end
      function big_print() print(string.rep("y", 16 * 1024 * 1024)) end
      function many_lines() for i = 1, 1001 do engine.log("line " .. i) end end
      function big_return() return string.rep("z", 2 * 1024 * 1024) end
      function big_error() error(string.rep("e", 20 * 1024 * 1024)) end
      function big_build() engine.spawn():with_text(string.rep("t", 5 * 1024 * 1024)):build() end
      function many_commands() for i = 1, 500000 do engine.set_integer("n", i) end end
    `,
      "main.lua",
    );
    vm.freezeGlobals();
    const call = (fn: string, args: number[] = []): CallbackRequest => ({
      index: 0,
      seed,
      kind: CallbackKind.Call,
      fn,
      args,
    });
    const plan = [
      ...[1, 2, 3, 4, 5].map((n) => call("small", [n])),
      call("big_string"),
      call("big_print"),
      call("many_lines"),
      call("big_return"),
      call("big_error"),
      call("big_build"),
      call("many_commands"),
      ...[6, 7, 8, 9, 10].map((n) => call("small", [n])),
    ].map((c, index) => ({ ...c, index }));
    const results = decodeResults(
      vm.callBinary(BATCH_FUNCTION, encodeBatch({ frame: 1, dt: 0.1, callbacks: plan })),
    );
    assertEquals(results.length, plan.length);
    const first = (r: CallbackResult | undefined) => r && !r.ok ? r.error.split("\n")[0] : "ok";
    // Every small callback kept its command (opcode 2, key 4 + 3, value 8 bytes).
    for (const r of [...results.slice(0, 5), ...results.slice(12)]) {
      assert(r.ok, first(r));
      assertEquals(r.commands.length, 17);
    }
    assertEquals(results.slice(5, 12).map(first), [
      "main.lua:3: set_string: output exceeds 4 MB of commands in one callback",
      "main.lua:4: print: output exceeds 1 MB of log text in one callback",
      "main.lua:5: log: output exceeds 1000 log lines in one callback",
      "returned text exceeds 1 MB of text output in one callback",
      `main.lua:7: ${"e".repeat(16 * 1024 - 12)}... (${
        20 * 1024 * 1024 - 16 * 1024 + 12
      } more characters cut)`,
      "main.lua:8: build: output exceeds 4 MB of commands in one callback",
      "main.lua:9: set_integer: output exceeds 4 MB of commands in one callback",
    ]);
    // The lines logged before the cap explain the failure and are kept.
    assertEquals(results[7]?.logs.length, 1000);
    // The state goes on: a later batch runs normally.
    const again = decodeResults(
      vm.callBinary(
        BATCH_FUNCTION,
        encodeBatch({ frame: 2, dt: 0.1, callbacks: [call("small", [1])] }),
      ),
    );
    assert(again[0]?.ok);
  } finally {
    vm.close();
  }
});

Deno.test("a batch whose callbacks together output more than the memory cap still returns every result", async () => {
  const vm = await LuaVm.create({ maxInstructions: 50_000_000, maxMemoryMb: 32 });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: engineLuaSource() }), "=mg_runtime");
    vm.run(
      `function big(n)
        engine.set_string("blob", string.rep(string.char(64 + n), 3 * 1024 * 1024))
        print(string.rep("y", 900 * 1024) .. n)
        engine.set_integer("n", n)
      end`,
      "main.lua",
    );
    vm.freezeGlobals();
    // 30 x 3.9 MB: three times the state's memory cap.
    const callbacks = Array.from({ length: 30 }, (_, i): CallbackRequest => ({
      index: i,
      seed,
      kind: CallbackKind.Call,
      fn: "big",
      args: [i + 1],
    }));
    const results = decodeResults(
      vm.callBinary(BATCH_FUNCTION, encodeBatch({ frame: 1, dt: 0.1, callbacks })),
    );
    assertEquals(results.length, 30);
    results.forEach((r, i) => {
      assert(r.ok, r.ok ? "" : r.error);
      // set_string: opcode, key "blob", the 3 MB value; set_integer: opcode, key "n", value.
      assertEquals(r.commands.length, 2 + 4 + 4 + 4 + 3 * 1024 * 1024 + 2 + 4 + 1 + 8);
      assertEquals(r.commands[2 + 4 + 4 + 4], 65 + i);
      assertEquals(r.logs[0]?.message.length, 900 * 1024 + String(i + 1).length);
    });
  } finally {
    vm.close();
  }
});

Deno.test("input and snapshot are read-only and globals are frozen", async () => {
  const vm = await vmWith(`
    function poke(input) input.digital = 1 end
    function glob() x = 1 end
    function logs() print("hi", 2); engine.log("there") end
    function logs_then_fail() engine.warn("about to fail"); engine.cmd("lost"); error("x") end
  `);
  try {
    const r = run(vm, [
      { index: 0, seed, kind: CallbackKind.SceneUpdate, fn: "poke" },
      { index: 1, seed, kind: CallbackKind.Call, fn: "glob", args: [] },
      { index: 2, seed, kind: CallbackKind.Call, fn: "logs", args: [] },
      { index: 3, seed, kind: CallbackKind.Call, fn: "logs_then_fail", args: [] },
    ]);
    const t = r.map(text);
    assertStringIncludes(t[0] ?? "", "input is read-only");
    assertStringIncludes(t[1] ?? "", "ERROR");
    assertEquals(t[2], "");
    assertEquals(r[2]?.logs, [{ level: "info", message: "hi\t2" }, {
      level: "info",
      message: "there",
    }]);
    // A failed callback loses its commands but keeps the lines that explain it.
    assertEquals(r[3]?.ok, false);
    assertEquals(r[3]?.logs, [{ level: "warn", message: "about to fail" }]);
  } finally {
    vm.close();
  }
});

Deno.test("console chunks run in the game environment and return their results", async () => {
  const vm = await vmWith(`function double(n) return n * 2 end`);
  try {
    const r = run(vm, [
      {
        index: 0,
        seed,
        kind: CallbackKind.Chunk,
        chunkName: "console",
        source: "engine.cmd('x'); return double(21), 'ok'",
      },
      { index: 1, seed, kind: CallbackKind.Chunk, chunkName: "console", source: "return +" },
    ]);
    assertEquals(r[0]?.ok && r[0].returned, "42\tok");
    assertEquals(text(r[0]), "x;");
    assertMatch(text(r[1]), /^ERROR console:1:/);
  } finally {
    vm.close();
  }
});

Deno.test("commands issued outside a batch are not blamed on the next callback", async () => {
  const vm = await vmWith(`engine.cmd("top level")
    function quiet() end`);
  try {
    vm.run("engine.cmd('stray')", "console");
    const r = run(vm, [{ index: 0, seed, kind: CallbackKind.Call, fn: "quiet", args: [] }]);
    assertEquals(text(r[0]), "");
  } finally {
    vm.close();
  }
});

// An API chunk whose commands go through the bulk sink, as generated bindings do.
const PUT_API = `
local rt = ...
local engine = {}
function engine.put(i) rt.put2("I2d", 10, 7, i) end
function engine.say(s) rt.put2("I2s4", 6 + #s, 8, s) end
function engine.blob(s) rt.emit(s) end
return { engine = engine }
`;

function readPuts(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  for (let p = 0; p < bytes.length;) {
    const op = view.getUint16(p, true);
    if (op === 7) out.push(`put ${view.getFloat64(p + 2, true)}`), p += 10;
    else if (op === 8) {
      const n = view.getUint32(p + 2, true);
      out.push(`say ${new TextDecoder().decode(bytes.subarray(p + 6, p + 6 + n))}`);
      p += 6 + n;
    } else out.push(`blob ${String.fromCharCode(...bytes.subarray(p))}`), p = bytes.length;
  }
  return out;
}

Deno.test("queued commands keep their order and callback, however many one callback queues", async () => {
  const vm = await LuaVm.create({ maxInstructions: 5_000_000 });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: PUT_API }), "=mg_runtime");
    vm.run(`
      function many(n) for i = 1, n do engine.put(i) end engine.say("end " .. n) end
      function mixed() engine.say("é") engine.blob("raw") end
      function fails() engine.put(-1) engine.say("lost") error("boom") end
    `);
    vm.freezeGlobals();
    const call = (index: number, fn: string, args: number[] = []) => ({
      index,
      seed,
      kind: CallbackKind.Call,
      fn,
      args,
    });
    // 9,000 commands (18,000 values) in one callback: packed in pieces.
    const results = run(vm, [
      call(0, "many", [3]),
      call(1, "fails"),
      call(2, "many", [9_000]),
      call(3, "mixed"),
      call(4, "many", [1]),
    ]);
    assertEquals(results.map((r) => r.ok), [true, false, true, true, true]);
    assertEquals(readPuts(results[0]!.ok ? results[0]!.commands : new Uint8Array()), [
      "put 1",
      "put 2",
      "put 3",
      "say end 3",
    ]);
    const big = readPuts(results[2]!.ok ? results[2]!.commands : new Uint8Array());
    assertEquals(big.length, 9_001);
    assertEquals(big[8_999], "put 9000");
    assertEquals(big.at(-1), "say end 9000");
    assertEquals(readPuts(results[3]!.ok ? results[3]!.commands : new Uint8Array()), [
      "say é",
      "blob raw",
    ]);
    assertEquals(readPuts(results[4]!.ok ? results[4]!.commands : new Uint8Array()), [
      "put 1",
      "say end 1",
    ]);
  } finally {
    vm.close();
  }
});

Deno.test("contexts that repeat the signal keys of the one before read the right values", async () => {
  const vm = await vmWith(`
    function show(ctx)
      local s = ctx.signals
      local keys = {}
      for _, t in ipairs({ s.scalars, s.integers, s.strings, s.flags }) do
        local k = {}
        for n, v in pairs(t) do k[#k + 1] = n .. "=" .. tostring(v) end
        table.sort(k)
        keys[#keys + 1] = table.concat(k, ",")
      end
      engine.cmd(ctx.id .. " " .. table.concat(keys, " | "))
      -- Contexts are read-only: these writes fail, and the next context reads its own values.
      pcall(function() s.integers.hp = 999 end)
      pcall(function() s.flags.hit = false end)
      if ctx.id == 2 then pcall(rawset, s.integers, "extra", 1) end
      if ctx.id == 3 then pcall(function() s.strings.name = nil end) end
      if ctx.id == 1 then pcall(rawset, s.flags, "hit", nil) end
    end
  `);
  try {
    const ctx = (id: number, hp: number, name: string) => ({
      index: id,
      seed,
      kind: CallbackKind.Timer,
      fn: "show",
      ctx: {
        id,
        signals: { scalars: { x: id / 2 }, integers: { hp }, strings: { name }, flags: ["hit"] },
      },
    });
    const results = run(vm, [ctx(1, 5, "a"), ctx(2, 4, "b"), ctx(3, 3, "c"), ctx(4, 2, "d")]);
    assertEquals(results.map(text), [
      "1 x=0.5 | hp=5 | name=a | hit=true;",
      "2 x=1.0 | hp=4 | name=b | hit=true;",
      "3 x=1.5 | hp=3 | name=c | hit=true;",
      "4 x=2.0 | hp=2 | name=d | hit=true;",
    ]);
    // The next batch starts a new run: keys travel again, and a changed key set prunes.
    const again = run(vm, [{
      index: 0,
      seed,
      kind: CallbackKind.Timer,
      fn: "show",
      ctx: { id: 5, signals: { scalars: {}, integers: { hp: 1 }, strings: {}, flags: [] } },
    }]);
    assertEquals(again.map(text), ["5  | hp=1 |  | ;"]);
  } finally {
    vm.close();
  }
});

Deno.test("signal tables built in another key order still read the right values", async () => {
  const vm = await vmWith(`
    function show(ctx)
      local i = ctx.signals.integers
      engine.cmd(ctx.id .. " a=" .. tostring(i.a) .. " b=" .. tostring(i.b) .. " c=" .. tostring(i.c))
    end
  `);
  try {
    const ctx = (id: number, integers: Record<string, number>, flags: string[]) => ({
      index: id,
      seed,
      kind: CallbackKind.Timer,
      fn: "show",
      ctx: { id, signals: { scalars: {}, integers, strings: {}, flags } },
    });
    const results = run(vm, [
      ctx(1, { a: 1, b: 2 }, ["x", "y"]),
      ctx(2, { b: 20, a: 10 }, ["y", "x"]), // same keys, another order
      ctx(3, { a: 100, b: 200 }, ["x", "y"]),
      ctx(4, { a: 7, c: 9 }, ["x"]), // same count, another key
      ctx(5, { a: 8 }, []),
    ]);
    assertEquals(results.map(text), [
      "1 a=1 b=2 c=nil;",
      "2 a=10 b=20 c=nil;",
      "3 a=100 b=200 c=nil;",
      "4 a=7 b=nil c=9;",
      "5 a=8 b=nil c=nil;",
    ]);
  } finally {
    vm.close();
  }
});

Deno.test("a coroutine made in one callback is still under the budget when resumed in another", async () => {
  const vm = await vmWith(
    `
    local co
    function make() co = coroutine.create(function() coroutine.yield() while true do end end) coroutine.resume(co) end
    function spin() local ok, err = coroutine.resume(co) engine.cmd(tostring(ok) .. " " .. tostring(err)) end
    function after() engine.cmd("after") end
  `,
    100_000,
  );
  try {
    const call = (index: number, fn: string) => ({
      index,
      seed,
      kind: CallbackKind.Call,
      fn,
      args: [],
    });
    const results = run(vm, [call(0, "make"), call(1, "spin"), call(2, "after")]);
    assertEquals(text(results[0]), "");
    assertMatch(text(results[1]), /instruction budget exceeded/);
    assertEquals(text(results[2]), "after;");
  } finally {
    vm.close();
  }
});

Deno.test("batch results decode or fail with DecodeError, whatever the bytes", () => {
  let state = 12345;
  const rand = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 2000; i++) {
    const bytes = new Uint8Array(Math.floor(rand() * 64));
    for (let j = 0; j < bytes.length; j++) bytes[j] = rand() < 0.5 ? 0 : Math.floor(rand() * 256);
    try {
      decodeResults(bytes);
    } catch (e) {
      assert(e instanceof DecodeError, `not a DecodeError: ${e}`);
    }
  }
});

Deno.test("pairs visits a context's signals in an order set by its keys alone, not by earlier contexts", async () => {
  // The same state sees other entities' signals first, as it does with fewer
  // workers; the order of one entity's keys must not depend on them.
  const vm = await vmWith(`
    function order(ctx)
      local out = {}
      for k in pairs(ctx.signals.flags) do out[#out + 1] = k end
      for k in pairs(ctx.signals.integers) do out[#out + 1] = k end
      engine.cmd(table.concat(out, ","))
    end
  `);
  try {
    const entity = (index: number, keys: string[]) => ({
      index,
      seed,
      kind: CallbackKind.Timer,
      fn: "order",
      ctx: {
        id: index + 1,
        signals: {
          scalars: {},
          integers: Object.fromEntries(keys.map((k, i) => [`n_${k}`, i])),
          strings: {},
          flags: keys,
        },
      },
    });
    const target = ["k3", "k7", "k12", "k17", "k21"];
    const orders = new Set<string>();
    for (let history = 0; history < 40; history++) {
      const before = Array.from(
        { length: 1 + history % 4 },
        (_, i) =>
          Array.from(
            { length: (history * 7 + i * 3) % 17 },
            (_, j) => `k${(history * 5 + j * 3) % 23}`,
          ),
      );
      const results = run(vm, [...before.map((keys, i) => entity(i, keys)), entity(9, target)]);
      orders.add(text(results[results.length - 1]));
    }
    assertEquals(orders.size, 1, [...orders].join("\n"));
  } finally {
    vm.close();
  }
});

Deno.test("error(msg, 2) in a callback names no engine position", async () => {
  const vm = await vmWith(`function up(input, dt) error("from level two", 2) end`);
  try {
    const [r] = run(vm, [{ index: 0, seed, kind: CallbackKind.SceneUpdate, fn: "up" }]);
    assert(r && !r.ok);
    assertEquals(r.error.split("\n")[0], "from level two");
  } finally {
    vm.close();
  }
});

Deno.test("pairs visits a context's fields in an order set by its layout alone, not by earlier contexts", async () => {
  const vm = await vmWith(`
    function order(ctx)
      local out = {}
      for k in pairs(ctx) do out[#out + 1] = k end
      engine.cmd(table.concat(out, ","))
      if ctx.id == 99 then pcall(rawset, ctx, "extra", true) end -- refused: contexts are read-only
    end
  `);
  try {
    type Ctx = NonNullable<Extract<CallbackRequest, { ctx: unknown }>["ctx"]>;
    const timer = (index: number, ctx: Ctx) => ({
      index,
      seed,
      kind: CallbackKind.Timer,
      fn: "order",
      ctx,
    });
    const target: Ctx = { id: 7, pos: [1, 2], vel: [3, 4], rotation: 5, group: "g" };
    const others: Ctx[] = [
      { id: 1, scale: [1, 1], frozen: true },
      { id: 2, phase: { name: "p", time: 1 }, rect: { x: 0, y: 0, w: 1, h: 1 } },
      { id: 99, pos: [0, 0], vel: [0, 0], rotation: 1, group: "h" },
      { id: 3, timer: { duration: 1, elapsed: 0, callback: "order" }, group: "x" },
      // Every field: the table grows, and a reused one would keep its size.
      {
        id: 4,
        group: "all",
        pos: [0, 0],
        vel: [1, 1],
        frozen: false,
        rotation: 0,
        scale: [1, 1],
        rect: { x: 0, y: 0, w: 1, h: 1 },
        phase: { name: "p", time: 0, previous: "q" },
        timer: { duration: 1, elapsed: 0, callback: "order" },
        signals: { scalars: {}, integers: {}, strings: {}, flags: [] },
        sprite: { texture: "t", flipH: false, flipV: false },
        animation: { key: "a", frame: 0, elapsed: 0 },
      },
    ];
    const orders = new Set<string>();
    // Histories: every layout in turn, in many orders (a fixed shuffle).
    let x = 12345;
    const pick = () => (x = (x * 1103515245 + 12345) % 2147483648) % others.length;
    for (let h = 0; h < 60; h++) {
      const before = Array.from({ length: 1 + h % 7 }, () => others[pick()]!);
      const results = run(vm, [...before.map((c, i) => timer(i, c)), timer(9, target)]);
      orders.add(text(results[results.length - 1]));
    }
    assertEquals(orders.size, 1, [...orders].join("\n"));
    assert(![...orders][0]!.includes("extra"));
  } finally {
    vm.close();
  }
});
