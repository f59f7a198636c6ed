import { assert, assertEquals, assertMatch, assertStringIncludes, assertThrows } from "@std/assert";
import { decodeResults } from "./batch_codec.ts";
import { ResultReads } from "./batch_results.ts";
import { ByteWriter, DecodeError } from "./bytes.ts";
import { CallbackKind } from "./batch_types.ts";
import { run, seed, text, withRuntime } from "./runtime_test_helpers.ts";

Deno.test("a batch runs each callback with its arguments and returns its commands", () =>
  withRuntime(
    `
    function on_update_menu(input, dt) engine.cmd("scene " .. tostring(input.digital.up.pressed) .. " " .. dt) end
    function tick(ctx, input) engine.cmd("timer " .. ctx.id .. " " .. ctx.pos.x .. " " .. ctx.signals.integers.hp .. " " .. tostring(ctx.signals.flags.hit)) end
    function upd(ctx, input, dt) engine.cmd("phase " .. ctx.phase .. " " .. ctx.time_in_phase); return "next" end
    function hit(ctx) engine.cmd("coll " .. ctx.a.id .. " " .. ctx.b.id .. " " .. table.concat(ctx.sides.a, ",") .. " " .. ctx.a.speed_sq) end
    function menu(ctx) engine.cmd("menu " .. ctx.menu_id .. " " .. ctx.item_id .. " " .. ctx.item_index) end
    function changed(n, o, v) engine.cmd("cvar " .. n .. " " .. o .. " " .. v) end
    function scene(name, extra) engine.cmd("switch " .. name .. " " .. extra.n) end
    function reads() engine.cmd("score " .. engine.get_integer("score")) end
  `,
    (vm) => {
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
    },
  ));

Deno.test("a failing callback loses its own commands only and reports file:line", () =>
  withRuntime(
    `
    function good() engine.cmd("a") end
    function bad() engine.cmd("lost"); error("boom") end
    function spin() engine.cmd("lost too"); while true do end end
    function sneaky() while true do pcall(function() while true do end end) end end
  `,
    (vm) => {
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
    },
  ));

Deno.test("entity callbacks get their arguments and no more; a missing one fails alone", () =>
  withRuntime(
    `
    function count(ctx, ...) engine.cmd(ctx.id .. ":" .. select("#", ...) .. " " .. type((...)) .. " " .. tostring((select(2, ...)))) end
  `,
    (vm) => {
      type EntityKind = 2 | 3 | 4 | 5;
      const entity = (index: number, kind: EntityKind, fn: string, id: number) => ({
        index,
        seed,
        kind,
        fn,
        ctx: { id, signals: { scalars: {}, integers: { hp: id }, strings: {}, flags: [] } },
      });
      // Runs of each kind with a function, then without one: the loop of each layout is kept.
      const results = run(vm, [
        entity(0, CallbackKind.Timer, "count", 1),
        entity(1, CallbackKind.Timer, "count", 2),
        entity(2, CallbackKind.PhaseUpdate, "count", 3),
        entity(3, CallbackKind.PhaseEnter, "count", 4),
        entity(4, CallbackKind.Timer, "gone", 5),
        entity(5, CallbackKind.PhaseUpdate, "gone", 6),
        entity(6, CallbackKind.Timer, "count", 7),
        entity(7, CallbackKind.PhaseUpdate, "count", 8),
      ]);
      assertEquals(results.map(text).slice(0, 4), [
        "1:1 table nil;",
        "2:1 table nil;",
        "3:2 table 0.5;",
        "4:2 table 0.5;",
      ]);
      assertStringIncludes(text(results[4]), "callback 'gone' is not a function");
      assertStringIncludes(text(results[5]), "callback 'gone' is not a function");
      assertEquals(results.map(text).slice(6), ["7:1 table nil;", "8:2 table 0.5;"]);
    },
  ));

Deno.test("random numbers depend only on the seed, provisional ids restart per callback", () =>
  withRuntime(
    `
    function roll() engine.cmd(tostring(math.random(1, 1000000)) .. " " .. engine.spawn() .. " " .. engine.spawn()) end
  `,
    (vm) => {
      const a = run(vm, [
        { index: 0, seed: [5, 6], kind: CallbackKind.Call, fn: "roll", args: [] },
        { index: 1, seed: [7, 8], kind: CallbackKind.Call, fn: "roll", args: [] },
        { index: 2, seed: [5, 6], kind: CallbackKind.Call, fn: "roll", args: [] },
      ]).map(text);
      assertEquals(a[0], a[2]);
      assert(a[0] !== a[1]);
      assertMatch(a[0] ?? "", / -1 -2;$/);
    },
  ));

Deno.test("console chunks run in the game environment and return their results", () =>
  withRuntime(`function double(n) return n * 2 end`, (vm) => {
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
  }));

Deno.test("commands issued outside a batch are not blamed on the next callback", () =>
  withRuntime(
    `engine.cmd("top level")
    function quiet() end`,
    (vm) => {
      vm.run("engine.cmd('stray')", "console");
      const r = run(vm, [{ index: 0, seed, kind: CallbackKind.Call, fn: "quiet", args: [] }]);
      assertEquals(text(r[0]), "");
    },
  ));

Deno.test("a coroutine made in one callback is still under the budget when resumed in another", () =>
  withRuntime(
    `
    local co
    function make() co = coroutine.create(function() coroutine.yield() while true do end end) coroutine.resume(co) end
    function spin() local ok, err = coroutine.resume(co) engine.cmd(tostring(ok) .. " " .. tostring(err)) end
    function after() engine.cmd("after") end
  `,
    (vm) => {
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
    },
    100_000,
  ));

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

Deno.test("listed reads come in their own section; a malformed one is a DecodeError", () => {
  // Callbacks 3 and 4 with no commands or extras, then the reads section of `reads` (`<i8>`
  // each: per listed callback its count and ids) and `length` (its byte length by default).
  const reply = (bits: [number, number], reads: number[], length = 8 * reads.length) => {
    const w = new ByteWriter();
    for (const v of reads) w.i64(v);
    if (bits.some((b) => b & ResultReads.Listed)) w.u32(length);
    bits.forEach((b, i) => w.i64((3 + i) * 2 ** 36 + b));
    w.u32(2);
    return w.finish();
  };
  const { Listed, Any } = ResultReads;
  const out = decodeResults(reply([Listed, Listed], [2, 7, 2 ** 40, 1, 9]));
  assertEquals(out.map((r) => [r.index, r.componentReads]), [[3, [7, 2 ** 40]], [4, [9]]]);
  const [any, none] = decodeResults(reply([Any, 0], []));
  assertEquals([any?.componentReads, none?.componentReads], ["any", undefined]);
  const malformed: [[number, number], number[], number | undefined, string][] = [
    [[Listed | Any, 0], [1, 7], undefined, "Reads both listed and any"],
    [[Listed, 0], [0], undefined, "Malformed callback reads (0 ids)"],
    [[Listed, 0], [3, 7, 8], undefined, "Malformed callback reads (3 ids)"],
    [[Listed, 0], [1, 7, 8], undefined, "8 unexpected bytes in callback reads"],
    [[Listed, 0], [1, 7], 12, "Malformed callback reads section (12 bytes)"],
    [[Listed, 0], [1, 7], 800, "Malformed callback reads section (800 bytes)"],
  ];
  for (const [bits, reads, length, message] of malformed) {
    assertThrows(() => decodeResults(reply(bits, reads, length)), DecodeError, message);
  }
});

Deno.test("error(msg, 2) in a callback names no engine position", () =>
  withRuntime(`function up(input, dt) error("from level two", 2) end`, (vm) => {
    const [r] = run(vm, [{ index: 0, seed, kind: CallbackKind.SceneUpdate, fn: "up" }]);
    assert(r && !r.ok);
    assertEquals(r.error.split("\n")[0], "from level two");
  }));
