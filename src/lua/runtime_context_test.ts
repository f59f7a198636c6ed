import { assert, assertEquals } from "@std/assert";
import { CallbackKind, type CallbackRequest, type EntityContextData } from "./batch_types.ts";
import { everyFieldContext, run, seed, text, withRuntime } from "./runtime_test_helpers.ts";

Deno.test("contexts that repeat the signal keys of the one before read the right values", () =>
  withRuntime(
    `
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
  `,
    (vm) => {
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
    },
  ));

Deno.test("signal tables built in another key order still read the right values", () =>
  withRuntime(
    `
    function show(ctx)
      local i = ctx.signals.integers
      engine.cmd(ctx.id .. " a=" .. tostring(i.a) .. " b=" .. tostring(i.b) .. " c=" .. tostring(i.c))
    end
  `,
    (vm) => {
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
    },
  ));

Deno.test("pairs visits a context's signals in an order set by its keys alone, not by earlier contexts", () =>
  // The same state sees other entities' signals first, as it does with fewer
  // workers; the order of one entity's keys must not depend on them.
  withRuntime(
    `
    function order(ctx)
      local out = {}
      for k in pairs(ctx.signals.flags) do out[#out + 1] = k end
      for k in pairs(ctx.signals.integers) do out[#out + 1] = k end
      engine.cmd(table.concat(out, ","))
    end
  `,
    (vm) => {
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
    },
  ));

Deno.test("pairs visits a context's fields in an order set by its layout alone, not by earlier contexts", () =>
  withRuntime(
    `
    function order(ctx)
      local out = {}
      for k in pairs(ctx) do out[#out + 1] = k end
      engine.cmd(table.concat(out, ","))
      if ctx.id == 99 then pcall(rawset, ctx, "extra", true) end -- refused: contexts are read-only
    end
  `,
    (vm) => {
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
        everyFieldContext({ id: 4, group: "all" }),
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
    },
  ));

Deno.test("collision runs read both contexts and sides whatever the layouts, key sets and key counts", () =>
  withRuntime(
    `
    local function describe(c)
      local out = { tostring(c.id), tostring(c.group), c.pos and (c.pos.x .. "," .. c.pos.y) or "-" }
      local s = c.signals
      if s then
        local k = {}
        for _, t in ipairs({ s.scalars, s.integers, s.strings, s.flags }) do
          local n, sum = 0, 0
          for _, v in pairs(t) do n = n + 1; sum = sum + (type(v) == "number" and v or 1) end
          k[#k + 1] = n .. ":" .. sum
        end
        out[#out + 1] = table.concat(k, "/")
      end
      return table.concat(out, " ")
    end
    function hit(ctx)
      engine.cmd(describe(ctx.a) .. " | " .. describe(ctx.b) .. " | " ..
        table.concat(ctx.sides.a, ",") .. " " .. table.concat(ctx.sides.b, ","))
    end
  `,
    (vm) => {
      const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`k${i}`, i]));
      const signals = (integers: Record<string, number>, flags: string[] = []) => ({
        scalars: {},
        integers,
        strings: {},
        flags,
      });
      const coll = (
        index: number,
        a: EntityContextData,
        b: EntityContextData,
        sides: { a: number; b: number },
      ): CallbackRequest => ({ index, seed, kind: CallbackKind.Collision, fn: "hit", a, b, sides });
      const results = run(vm, [
        // One layout twice (one run, sides kept), then b without signals, then a with another
        // key set, then each side with more keys than a run header carries, then plain ids.
        coll(0, { id: 1, group: "a", pos: [1, 2], signals: signals({ hp: 3 }) }, {
          id: 2,
          group: "b",
          pos: [3, 4],
          signals: signals({ hp: 4 }, ["hit"]),
        }, { a: 1, b: 2 }),
        coll(1, { id: 3, group: "a", pos: [5, 6], signals: signals({ hp: 5 }) }, {
          id: 4,
          group: "b",
          pos: [7, 8],
          signals: signals({ hp: 6 }, ["hit"]),
        }, { a: 1, b: 2 }),
        coll(2, { id: 5, group: "a", pos: [1, 1], signals: signals({ hp: 7 }) }, { id: 6 }, {
          a: 4 | 8,
          b: 0,
        }),
        coll(3, { id: 7, signals: signals({ mp: 1, hp: 2 }) }, { id: 8, pos: [0, 0] }, {
          a: 4 | 8,
          b: 1,
        }),
        coll(4, { id: 9, signals: signals(many) }, { id: 10, signals: signals(many, ["x"]) }, {
          a: 2,
          b: 8,
        }),
        coll(5, { id: 11, signals: signals({ hp: 1 }) }, { id: 12, signals: signals(many) }, {
          a: 1,
          b: 1,
        }),
        coll(6, { id: 13 }, { id: 14 }, { a: 0, b: 15 }),
      ]);
      const manySum = (70 * 69) / 2;
      assertEquals(results.map(text), [
        "1 a 1.0,2.0 0:0/1:3/0:0/0:0 | 2 b 3.0,4.0 0:0/1:4/0:0/1:1 | top bottom;",
        "3 a 5.0,6.0 0:0/1:5/0:0/0:0 | 4 b 7.0,8.0 0:0/1:6/0:0/1:1 | top bottom;",
        "5 a 1.0,1.0 0:0/1:7/0:0/0:0 | 6 nil - | left,right ;",
        "7 nil - 0:0/2:3/0:0/0:0 | 8 nil 0.0,0.0 | left,right top;",
        `9 nil - 0:0/70:${manySum}/0:0/0:0 | 10 nil - 0:0/70:${manySum}/0:0/1:1 | bottom right;`,
        `11 nil - 0:0/1:1/0:0/0:0 | 12 nil - 0:0/70:${manySum}/0:0/0:0 | top top;`,
        "13 nil - | 14 nil - |  top,bottom,left,right;",
      ]);
    },
  ));

Deno.test("key sets whose keys joined read alike still get their own decoders", () =>
  withRuntime(
    `
    local function keys(c)
      local k = {}
      for n, v in pairs(c.signals.integers) do k[#k + 1] = string.format("%q", n) .. "=" .. v end
      table.sort(k)
      return c.id .. ":" .. table.concat(k, ",") .. " x=" .. c.pos.x
    end
    function show(ctx) engine.cmd(keys(ctx)) end
    function hit(ctx) engine.cmd(keys(ctx.a) .. " | " .. keys(ctx.b)) end
  `,
    (vm) => {
      const signals = (integers: Record<string, number>) => ({
        scalars: {},
        integers,
        strings: {},
        flags: [],
      });
      const ctx = (id: number, integers: Record<string, number>): EntityContextData => ({
        id,
        pos: [id * 10, 0],
        signals: signals(integers),
      });
      const timer = (integers: Record<string, number>): CallbackRequest => ({
        index: 0,
        seed,
        kind: CallbackKind.Timer,
        fn: "show",
        ctx: ctx(3, integers),
      });
      const coll = (a: Record<string, number>, b: Record<string, number>): CallbackRequest => ({
        index: 0,
        seed,
        kind: CallbackKind.Collision,
        fn: "hit",
        a: ctx(1, a),
        b: ctx(2, b),
        sides: { a: 1, b: 2 },
      });
      // One key holding a NUL against two keys; then one side's keys against the other's.
      const batches: [CallbackRequest, string][] = [
        [timer({ "a\0b": 5 }), '3:"a\\0b"=5 x=30.0;'],
        [timer({ a: 6, b: 7 }), '3:"a"=6,"b"=7 x=30.0;'],
        [coll({ "a\0b": 5 }, { z: 1 }), '1:"a\\0b"=5 x=10.0 | 2:"z"=1 x=20.0;'],
        [coll({ a: 6, b: 7 }, { z: 1 }), '1:"a"=6,"b"=7 x=10.0 | 2:"z"=1 x=20.0;'],
        [coll({ p: 1 }, { q: 2, r: 3 }), '1:"p"=1 x=10.0 | 2:"q"=2,"r"=3 x=20.0;'],
        [coll({ p: 1, q: 2 }, { r: 3 }), '1:"p"=1,"q"=2 x=10.0 | 2:"r"=3 x=20.0;'],
      ];
      for (const [request, expected] of batches) {
        assertEquals(run(vm, [request]).map(text), [expected]);
      }
    },
  ));
