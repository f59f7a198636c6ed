// What a callback can read of its context (tools/lua_wasm/context_reads.c, context_fields in
// batch_decode.lua): the fields of the ctx.k it reads, or every field as soon as ctx may be read
// any other way.
import { assertEquals } from "@std/assert";
import { CtxField } from "./batch_context.ts";
import { CONTEXT_FIELDS_FUNCTION, parseFieldsRead } from "./runtime_lua.ts";
import { withRuntime } from "./runtime_test_helpers.ts";

const ALL = Object.values(CtxField).reduce((all, bit) => all | bit, 0);
const F = CtxField;

// Each function, and the fields it can read (ALL: it may read any).
const CASES: readonly (readonly [string, string, number])[] = [
  ["empty", "function(ctx) end", 0],
  ["no_params", "function() return 1 end", 0],
  ["only_varargs", "function(...) local ctx = ... return ctx.pos end", ALL],
  ["id_only", "function(ctx) engine.cmd(tostring(ctx.id)) end", 0],
  ["pos", "function(ctx) return ctx.pos.x + ctx.pos.y end", F.Pos],
  ["screen_pos", "function(ctx) return ctx.screen_pos end", F.ScreenPos],
  ["vel_keys", "function(ctx) return ctx.vel, ctx.speed_sq end", F.Vel],
  ["frozen", "function(ctx) return ctx.frozen end", F.Frozen],
  ["phase", "function(ctx) return ctx.phase .. ctx.time_in_phase end", F.Phase],
  ["previous", "function(ctx) return ctx.previous_phase end", F.PreviousPhase],
  ["signals", "function(ctx) return ctx.signals.integers.hp end", F.Signals],
  [
    "several",
    "function(ctx, input, dt) local r = ctx.rect; return r.w, ctx.group, ctx.rotation, " +
    "ctx.scale, ctx.timer, ctx.sprite, ctx.animation, input.mouse, dt end",
    F.Rect | F.Group | F.Rotation | F.Scale | F.Timer | F.Sprite | F.Animation,
  ],
  ["method_on_field", "function(ctx) return ctx.phase:upper() end", F.Phase],
  ["unknown_key", "function(ctx) return ctx.nothing end", 0],
  ["string_key", 'function(ctx) return ctx["pos"] end', F.Pos],
  ["inner_local", "function(ctx) local y = 1; return function() return y end, ctx.vel end", F.Vel],
  // Every other use of ctx: it may read anything.
  ["passed_on", "function(ctx) return tostring(ctx) end", ALL],
  ["copied", "function(ctx) local c = ctx; return c.pos end", ALL],
  ["variable_key", 'function(ctx) local k = "pos"; return ctx[k] end', ALL],
  ["number_key", "function(ctx) return ctx[1] end", ALL],
  ["captured", "function(ctx) return function() return ctx.pos end end", ALL],
  ["assigned", "function(ctx) ctx = nil; return ctx end", ALL],
  ["replaced_by_field", "function(ctx) ctx = ctx.pos; return ctx end", ALL],
  ["length", "function(ctx) return #ctx end", ALL],
  ["tested", "function(ctx) if ctx then return 1 end end", ALL],
  ["compared", "function(ctx) return ctx == nil end", ALL],
  ["method", "function(ctx) return ctx:get() end", ALL],
  ["stored", "function(ctx) local t = {}; t.x = ctx; return t end", ALL],
  ["stored_as_key", "function(ctx) local t = {}; t[ctx] = 1; return t end", ALL],
  ["listed", "function(ctx) return { ctx } end", ALL],
  ["returned", "function(ctx) return ctx end", ALL],
  ["iterated", "function(ctx) for k in pairs(ctx) do return k end end", ALL],
  ["concatenated", 'function(ctx) return ctx .. "" end', ALL],
  ["arithmetic", "function(ctx) return ctx + 1 end", ALL],
  ["c_function", "print", ALL],
];

Deno.test("a function can read the fields of its ctx.k, or every field when ctx is used otherwise", async () => {
  // A name that would break its line is left out (its function gets every field).
  const game = CASES.map(([name, fn]) => `${name} = ${fn}`).join("\n") +
    '\n_G["odd\\tname\\nx"] = function(ctx) end';
  await withRuntime(game, (vm) => {
    const reply = vm.callBinary(CONTEXT_FIELDS_FUNCTION, new Uint8Array(0));
    const fields = parseFieldsRead(new TextDecoder().decode(reply));
    for (const [name, , expected] of CASES) {
      assertEquals([name, fields.get(name)], [name, expected]);
    }
    // Every global function is listed (the engine's own too), sorted by name.
    const names = [...fields.keys()];
    assertEquals(names, [...names].sort());
    assertEquals(names.filter((n) => n.includes("odd") || n === "x"), []);
  });
});

Deno.test("parseFieldsRead keeps well-formed lines and leaves out the rest (those read every field)", () => {
  const text = [
    "go\t2048",
    "no_tab 2",
    "\t5",
    "float\t1.5",
    "negative\t-1",
    "word\tpos",
    "empty\t",
    "huge\t1e300",
    "last\t0",
  ].join("\n");
  assertEquals([...parseFieldsRead(text)], [["go", 2048], ["last", 0]]);
  assertEquals(parseFieldsRead("").size, 0);
});
