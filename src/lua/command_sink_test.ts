// The command sink in C (tools/lua_wasm/command_sink.c): rt.put packs as string.pack does, and a
// binding made by rt.command queues exactly what its generated Lua function would, or hands the
// call to that function (which raises the precise error at the game's line).
import { assert, assertEquals, assertMatch } from "@std/assert";
import { runtimeVm } from "./_runtime_vm.ts";
import { BATCH_FUNCTION, runtimeLuaSource } from "./runtime_lua.ts";
import { decodeResults, encodeBatch } from "./batch_codec.ts";
import { CallbackKind, type CallbackRequest, type CallbackResult } from "./batch_types.ts";
import { engineLuaSource } from "../api/lua_bindings.ts";
import { BUILDERS, FUNCTIONS, qualifiedName } from "../api/table.ts";
import { KNOWN_ASSETS, sampleArgs } from "../api/_samples.ts";
import { EMPTY_SNAPSHOT } from "./runtime_test_helpers.ts";
import type { LuaVm } from "./vm.ts";
import type { ParamDecl } from "../api/types.ts";

const TEST_API = `
local rt = ...
local engine = {}
function engine.put(fmt, ...) rt.put(fmt, ...) end
local function slow(...) rt.emit("slow" .. select("#", ...) .. ";") end
engine.fast = rt.command(slow, 513, "nzibs", nil, nil, nil, -10, 10)
engine.opt = rt.command(slow, 514, "nSB", { [2] = { a = true, b = true } }, 0)
return { engine = engine }
`;

function call(index: number, fn: string): CallbackRequest {
  return { index, seed: [1, 2], kind: CallbackKind.Call, fn, args: [] };
}

// The callback the sample arguments name (after the cases: their lines are their numbers).
const SAMPLE_CALLBACK = "function on_cb() end";

// The sample assets are loaded (bindings check asset keys against the snapshot).
const SNAPSHOT = {
  ...EMPTY_SNAPSHOT,
  assets: Object.fromEntries(Object.entries(KNOWN_ASSETS).map(([kind, key]) => [kind, [key]])),
};

function runAll(vm: LuaVm, fns: string[]): CallbackResult[] {
  const bytes = encodeBatch({
    frame: 1,
    dt: 0.5,
    snapshot: SNAPSHOT,
    callbacks: fns.map((f, i) => call(i, f)),
  });
  return decodeResults(vm.callBinary(BATCH_FUNCTION, bytes));
}

function commands(r: CallbackResult | undefined): Uint8Array {
  assert(r?.ok, `callback failed: ${r && !r.ok ? r.error : "missing"}`);
  return r.commands;
}

/** Little-endian bytes, as string.pack("<...") writes them. */
function bytesOf(...parts: ["u8" | "u16" | "u32" | "i64" | "f64" | "s4", number | string][]) {
  const out: number[] = [];
  for (const [kind, v] of parts) {
    if (kind === "s4") {
      const s = new TextEncoder().encode(v as string);
      out.push(...bytesOf(["u32", s.length]), ...s);
      continue;
    }
    const view = new DataView(new ArrayBuffer(8));
    if (kind === "u8") view.setUint8(0, v as number);
    if (kind === "u16") view.setUint16(0, v as number, true);
    if (kind === "u32") view.setUint32(0, v as number, true);
    if (kind === "i64") view.setBigInt64(0, BigInt(v), true);
    if (kind === "f64") view.setFloat64(0, v as number, true);
    const size = { u8: 1, u16: 2, u32: 4, i64: 8, f64: 8 }[kind];
    out.push(...new Uint8Array(view.buffer, 0, size));
  }
  return new Uint8Array(out);
}

Deno.test("rt.put packs each item as string.pack does, and refuses what string.pack refuses", async () => {
  const vm = await runtimeVm(
    `
    function items() engine.put("BI2I4i8ds4", 255, 65535, 4294967295, -5, 1.5, "hé") end
    function whole_float() engine.put("I2", 7.0) end
    function wide() engine.put("I2", 65536) end
    function negative() engine.put("B", -1) end
    function fraction() engine.put("I4", 1.5) end
    function unknown() engine.put("z", "x") end
    function missing() engine.put("dd", 1) end
  `,
    runtimeLuaSource({ apiSource: TEST_API }),
  );
  try {
    const [items, whole, ...bad] = runAll(vm, [
      "items",
      "whole_float",
      "wide",
      "negative",
      "fraction",
      "unknown",
      "missing",
    ]);
    assertEquals(
      commands(items),
      bytesOf(
        ["u8", 255],
        ["u16", 65535],
        ["u32", 4294967295],
        ["i64", -5],
        ["f64", 1.5],
        ["s4", "hé"],
      ),
    );
    assertEquals(commands(whole), bytesOf(["u16", 7]));
    const errors = bad.map((r) => (r.ok ? "ok" : r.error));
    assertMatch(errors[0]!, /integer overflow/);
    assertMatch(errors[1]!, /integer overflow/);
    assertMatch(errors[2]!, /number has no integer representation/);
    assertMatch(errors[3]!, /format item 'z' is not one the sink packs/);
    assertMatch(errors[4]!, /bad argument #3 to 'put' \(number expected, got no value\)/);
  } finally {
    vm.close();
  }
});

// Each case, `[name, args]`, calls `binding(args)` of TEST_API in a callback of its own: the
// commands each queued, by name.
async function testApiCalls(
  binding: string,
  cases: readonly [string, string][],
): Promise<Map<string, Uint8Array>> {
  const game = cases.map(([name, args]) => `function ${name}() ${binding}(${args}) end`).join("\n");
  const vm = await runtimeVm(game, runtimeLuaSource({ apiSource: TEST_API }));
  try {
    const results = runAll(vm, cases.map(([name]) => name));
    return new Map(cases.map(([name], i) => [name, commands(results[i])]));
  } finally {
    vm.close();
  }
}

Deno.test("a C binding queues what it accepts and hands everything else to its Lua function", async () => {
  const cases: [string, string][] = [
    ["plain", `1.5, -3, 9, true, "k"`],
    ["whole_float", `2, 4.0, 9.0, false, ""`],
    ["extra_nil", `1.5, -3, 9, true, "k", nil`],
    ["too_few", `1.5, -3, 9, true`],
    ["number_text", `1.5, -3, 9, true, 12`],
    ["nan", `0/0, -3, 9, true, "k"`],
    ["inf", `1/0, -3, 9, true, "k"`],
    ["fraction", `1, 0.5, 9, true, "k"`],
    ["below_min", `1, -11, 9, true, "k"`],
    ["above_max", `1, 11, 9, true, "k"`],
    ["zero_id", `1, 1, 0, true, "k"`],
    ["negative_zero_id", `1, 1, -0.0, true, "k"`],
    ["unsafe_id", `1, 1, 2^53, true, "k"`],
    ["unsafe_integer_id", `1, 1, math.tointeger(2^53), true, "k"`],
    ["unsafe_integer_number", `math.maxinteger, 1, 9, true, "k"`],
    ["integer_past_max", `1, math.tointeger(2^53) + 1, 9, true, "k"`],
    ["nil_boolean", `1, 1, 9, nil, "k"`],
    ["string_number", `"1", 1, 9, true, "k"`],
  ];
  const byName = await testApiCalls("engine.fast", cases);
  const fast = (...v: [number, number, number, boolean, string]) =>
    bytesOf(
      ["u16", 513],
      ["f64", v[0]],
      ["f64", v[1]],
      ["f64", v[2]],
      ["u8", v[3] ? 1 : 0],
      ["s4", v[4]],
    );
  assertEquals(byName.get("plain"), fast(1.5, -3, 9, true, "k"));
  assertEquals(byName.get("whole_float"), fast(2, 4, 9, false, ""));
  const slow = (n: number) => new TextEncoder().encode(`slow${n};`);
  assertEquals(byName.get("extra_nil"), slow(6));
  assertEquals(byName.get("too_few"), slow(4));
  for (const [name] of cases.slice(4)) assertEquals(byName.get(name), slow(5), name);
});

Deno.test("a C binding takes optional arguments left out or nil, and strings among their choices", async () => {
  const cases: [string, string][] = [
    ["only_required", `1.5`],
    ["nils", `1.5, nil, nil`],
    ["choice", `1.5, "a"`],
    ["choice_and_flag", `2, "b", true`],
    ["flag_only", `2, nil, false`],
    ["not_a_choice", `1.5, "c"`],
    ["choice_as_number", `1.5, 1`],
    ["below_min", `-1, "a"`],
    ["required_nil", `nil, "a"`],
    ["none", ``],
    ["too_many", `1.5, "a", true, nil`],
    ["flag_not_boolean", `1.5, "a", 1`],
  ];
  const byName = await testApiCalls("engine.opt", cases);
  const op: ["u16", number] = ["u16", 514];
  assertEquals(byName.get("only_required"), bytesOf(op, ["f64", 1.5], ["u8", 0], ["u8", 0]));
  assertEquals(byName.get("nils"), bytesOf(op, ["f64", 1.5], ["u8", 0], ["u8", 0]));
  assertEquals(
    byName.get("choice"),
    bytesOf(op, ["f64", 1.5], ["u8", 1], ["s4", "a"], ["u8", 0]),
  );
  assertEquals(
    byName.get("choice_and_flag"),
    bytesOf(op, ["f64", 2], ["u8", 1], ["s4", "b"], ["u8", 1], ["u8", 1]),
  );
  assertEquals(byName.get("flag_only"), bytesOf(op, ["f64", 2], ["u8", 0], ["u8", 1], ["u8", 0]));
  const slow = (n: number) => new TextEncoder().encode(`slow${n};`);
  for (const [name, args] of cases.slice(5)) {
    const n = args === "" ? 0 : args.split(",").length;
    assertEquals(byName.get(name), slow(n), name);
  }
});

Deno.test("a C binding checks asset keys and callback names as its Lua function does", async () => {
  const cases: [string, string][] = [
    // An asset loaded earlier in the same callback is known to the later calls.
    ["local_asset", `engine.load_sound("zap", "zap.wav"); engine.play_sound("zap")`],
    ["snapshot_asset", `engine.play_sound("bounce")`],
    ["unknown_asset", `engine.play_sound("nope")`],
    ["other_kind", `engine.play_sound("ball")`],
    ["callback", `engine.entity_insert_lua_timer(7, 1, "on_cb")`],
    ["not_a_function", `engine.entity_insert_lua_timer(7, 1, "nothing_here")`],
  ];
  const game = [
    ...cases.map(([name, body]) => `function ${name}() ${body} end`),
    ...cases.map(([name, body]) =>
      `function ${name}_slow() ${body.replace(/\)$/, `, ${NILS})`)} end`
    ),
    SAMPLE_CALLBACK,
  ].join("\n");
  const vm = await runtimeVm(game, runtimeLuaSource({ apiSource: engineLuaSource() }));
  try {
    const names = cases.map(([name]) => name);
    const results = runAll(vm, [...names, ...names.map((n) => `${n}_slow`)]);
    const outcome = (r: CallbackResult | undefined) =>
      !r
        ? "missing"
        : r.ok
        ? [...r.commands].join(",")
        : r.error.split("\n")[0]!.replace(/main\.lua:\d+: /, "");
    names.forEach((name, i) => {
      assertEquals(outcome(results[i]), outcome(results[names.length + i]), name);
    });
    const ok = (name: string) => results[names.indexOf(name)]?.ok;
    assert(ok("local_asset") && ok("snapshot_asset") && ok("callback"));
    assert(!ok("unknown_asset") && !ok("other_kind") && !ok("not_a_function"));
  } finally {
    vm.close();
  }
});

// Every generated binding the sink makes a C function for (a command of plain parameters), called
// the fast way and, with more arguments than any C binding takes (all nil), the generated Lua way.
const FAST_BINDINGS = [...engineLuaSource().matchAll(/^ {2}([\w.]+) = FAST and FAST\(f, /gm)]
  .map((m) => m[1]!);
const NILS = Array(17).fill("nil").join(", ");

function paramsOf(binding: string) {
  const name = binding.replace(/^engine\./, "");
  const decl = FUNCTIONS.find((d) =>
    qualifiedName(d) === name || `collision_${qualifiedName(d)}` === name
  );
  assert(decl, `no declaration for ${binding}`);
  return decl.params;
}

Deno.test("every C binding queues the same bytes as its Lua function for valid arguments", async () => {
  assert(FAST_BINDINGS.length > 50, `only ${FAST_BINDINGS.length} C bindings`);
  assert(FAST_BINDINGS.includes("engine.entity_set_velocity"));
  // Optional parameters, choices, asset keys and callback names too.
  assert(FAST_BINDINGS.includes("engine.entity_insert_tween_position"));
  assert(FAST_BINDINGS.includes("engine.play_sound"));
  assert(FAST_BINDINGS.includes("engine.entity_insert_lua_timer"));
  // Each binding with its optional arguments given, then left out.
  const calls = FAST_BINDINGS.flatMap((b) => [true, false].map((full) => ({ b, full })));
  const lines = calls.map(({ b, full }, i) => {
    const args = sampleArgs(paramsOf(b), full).lua;
    const slowArgs = [...args, NILS].join(", ");
    return `function fast${i}() ${b}(${
      args.join(", ")
    }) end function slow${i}() ${b}(${slowArgs}) end`;
  });
  const vm = await runtimeVm(
    [...lines, SAMPLE_CALLBACK].join("\n"),
    runtimeLuaSource({ apiSource: engineLuaSource() }),
  );
  try {
    const fns = calls.flatMap((_, i) => [`fast${i}`, `slow${i}`]);
    const results = runAll(vm, fns);
    calls.forEach(({ b, full }, i) => {
      const fast = commands(results[2 * i]), slow = commands(results[2 * i + 1]);
      assert(fast.length > 0, b);
      assertEquals(fast, slow, `${b}, optional arguments ${full ? "given" : "left out"}`);
    });
  } finally {
    vm.close();
  }
});

// A random number source from `seed` (an LCG): random(n) is in [0, n).
function randomFrom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state % n;
  };
}

// Sample arguments for `params` with a value or two swapped, sometimes one more or one less, so
// that the checks past the first run too.
function fuzzedArgs(params: readonly ParamDecl[], random: (n: number) => number): string[] {
  const args = sampleArgs(params, true).lua;
  for (let k = random(3); k > 0; k--) {
    if (args.length > 0) args[random(args.length)] = FUZZ_VALUES[random(FUZZ_VALUES.length)]!;
  }
  if (random(8) === 0) args.push(FUZZ_VALUES[random(FUZZ_VALUES.length)]!);
  if (random(8) === 0) args.pop();
  return args;
}

// Run each case (Lua statements) as the C bindings take it and, rewritten by `slow`, as their Lua
// functions do, both on one line (so error positions match too): they must queue the same bytes
// or fail with the same error at that line, and enough cases must fail, and enough not.
async function assertAgree(cases: readonly string[], slow: (c: string) => string): Promise<void> {
  const game =
    cases.map((c, i) => `function fast${i}() ${c} end function slow${i}() ${slow(c)} end`)
      .join("\n") + `\n${SAMPLE_CALLBACK}`;
  const vm = await runtimeVm(game, runtimeLuaSource({ apiSource: engineLuaSource() }));
  try {
    const results = runAll(vm, cases.flatMap((_, i) => [`fast${i}`, `slow${i}`]));
    const outcome = (r: CallbackResult | undefined) =>
      !r ? "missing" : r.ok ? [...r.commands].join(",") : `error ${r.error}`;
    let failures = 0;
    cases.forEach((c, i) => {
      const fast = outcome(results[2 * i]), slow = outcome(results[2 * i + 1]);
      assertEquals(fast, slow, c);
      if (fast.startsWith("error")) {
        failures++;
        assertMatch(fast, new RegExp(`^error main\\.lua:${i + 1}: `), c);
      }
    });
    assert(failures > 50 && failures < cases.length - 50, `${failures} of ${cases.length} failed`);
  } finally {
    vm.close();
  }
}

// Values a fuzzed argument takes: valid ones of every kind and the edges the checks judge.
const FUZZ_VALUES = [
  "0",
  "1",
  "-1",
  "7",
  "2.5",
  "-0.0",
  "0/0",
  "1/0",
  "-1/0",
  "2^53",
  "2^53 - 1",
  "-(2^53 - 1)",
  "math.maxinteger",
  "255",
  "256",
  '"text"',
  '""',
  '"12"',
  "true",
  "false",
  "nil",
  "{}",
];

Deno.test("fuzz: a C binding and its Lua function agree on every argument list", async () => {
  const random = randomFrom(0x2545f491);
  const cases: string[] = [];
  for (let i = 0; i < 600; i++) {
    const binding = FAST_BINDINGS[random(FAST_BINDINGS.length)]!;
    cases.push(`${binding}(${fuzzedArgs(paramsOf(binding), random).join(", ")})`);
  }
  await assertAgree(cases, (c) => c.replace(/\)$/, c.endsWith("()") ? `${NILS})` : `, ${NILS})`));
});

// Every builder method the sink makes a C function for (a record of plain parameters).
const FAST_METHODS = [
  ...engineLuaSource().matchAll(/^ {2}BM\.(\w+) = FAST_BUILD and FAST_BUILD\(f, /gm),
]
  .map((m) => m[1]!);

Deno.test("fuzz: a C builder method and its Lua function record the same, or fail the same", async () => {
  assert(FAST_METHODS.length > 30, `only ${FAST_METHODS.length} C builder methods`);
  assert(FAST_METHODS.includes("with_position"));
  assert(FAST_METHODS.includes("with_tween_position_easing"));
  assert(FAST_METHODS.includes("with_sprite") && FAST_METHODS.includes("with_lua_timer"));
  const random = randomFrom(0x1b873593);
  const cases: string[] = [];
  for (let i = 0; i < 400; i++) {
    const method = FAST_METHODS[random(FAST_METHODS.length)]!;
    const params = BUILDERS.find((m) => m.name === method)!.params;
    // A third valid.
    const args = i % 3 === 0 ? sampleArgs(params, true).lua : fuzzedArgs(params, random);
    // Called on a builder, twice on it (one is reused), through a collision builder, or with `.`.
    const how = random(8);
    const on = how === 0 ? "engine.collision_spawn()" : "engine.spawn()", list = args.join(", ");
    cases.push(
      how === 1
        ? `local b = ${on}; b.${method}(${list})`
        : how === 2
        ? `local b = ${on}:${method}(${list}); b:build(); b:${method}(${list}):build()`
        : `${on}:${method}(${list}):build()`,
    );
  }
  // The slow way: every method call with a trailing nil.
  await assertAgree(
    cases,
    (c) =>
      c.replace(/:(\w+)\(([^()]*)\)/g, (_, m, a) => `:${m}(${a ? `${a}, ${NILS}` : NILS})`)
        .replace(/\.(with_\w+)\(([^()]*)\)/g, (_, m, a) => `.${m}(${a ? `${a}, ${NILS}` : NILS})`),
  );
});

Deno.test("a C binding queues from coroutines and caught errors; a failed callback drops it all", async () => {
  const vm = await runtimeVm(
    `
    function nested()
      coroutine.wrap(function() engine.fast(1, 2, 3, true, "co") end)()
      pcall(function() engine.fast(1, 2, 3, true, "caught"); error("x") end)
      pcall(engine.fast, 1, 2, 3, true, "by pcall")
    end
    function fails() engine.fast(1, 2, 3, true, "lost"); error("boom") end
    function after() engine.fast(1, 2, 3, true, "after") end
  `,
    runtimeLuaSource({ apiSource: TEST_API }),
  );
  try {
    const [nested, fails, after] = runAll(vm, ["nested", "fails", "after"]);
    const strings = (r: CallbackResult | undefined) => {
      const b = commands(r), view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const out: string[] = [];
      for (let p = 0; p < b.length;) {
        const n = view.getUint32(p + 27, true);
        out.push(new TextDecoder().decode(b.subarray(p + 31, p + 31 + n)));
        p += 31 + n;
      }
      return out;
    };
    assertEquals(strings(nested), ["co", "caught", "by pcall"]);
    assert(fails && !fails.ok);
    assertEquals(strings(after), ["after"]);
  } finally {
    vm.close();
  }
});
