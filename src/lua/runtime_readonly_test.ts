import { componentBit, ComponentsWriter } from "./components_part.ts";
import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { LuaVm } from "./vm.ts";
import { decodeResults, encodeBatch } from "./batch_codec.ts";
import { BATCH_FUNCTION, runtimeLuaSource } from "./runtime_lua.ts";
import { CallbackKind, type CallbackRequest } from "./batch_types.ts";
import { engineLuaSource } from "../api/mod.ts";
import { EMPTY_SNAPSHOT, run, seed, text, withRuntime } from "./runtime_test_helpers.ts";

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

// A components part of entities at positions: [id, x, y] each, ids ascending.
function positions(entities: readonly (readonly [number, number, number])[]) {
  const w = new ComponentsWriter();
  for (const [id, x, y] of entities) {
    w.entity(id, componentBit("Position"));
    w.number(x);
    w.number(y);
  }
  return w.finish();
}

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
        components: positions([[1, 1, 2]]),
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

Deno.test("collision and menu contexts are read-only too", () =>
  withRuntime(
    `${SHOW}
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
  `,
    (vm) => {
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
      add({
        kind: CallbackKind.Menu,
        fn: "menu",
        menu: { menuId: 1, itemId: "play", itemIndex: 1 },
      });
      add({
        kind: CallbackKind.Menu,
        fn: "menu",
        menu: { menuId: 1, itemId: "play", itemIndex: 0 },
      });
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
    },
  ));

Deno.test("input and snapshot are read-only and globals are frozen", () =>
  withRuntime(
    `
    function poke(input) input.digital = 1 end
    function glob() x = 1 end
    function logs() print("hi", 2); engine.log("there") end
    function logs_then_fail() engine.warn("about to fail"); engine.cmd("lost"); error("x") end
  `,
    (vm) => {
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
    },
  ));
