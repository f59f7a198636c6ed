/**
 * The runtime's hints with the real API chunk in a real VM: misspelt names
 * raise errors that name the close ones at the game's line, builders left
 * unbuilt give a hint line, and commands of the game's top level are
 * reported instead of queued.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { LuaVm } from "./vm.ts";
import { decodeResults, encodeBatch } from "./batch_codec.ts";
import { BATCH_FUNCTION, runtimeLuaSource } from "./runtime_lua.ts";
import { CallbackKind, type CallbackRequest, HintCode } from "./batch_types.ts";
import { engineLuaSource } from "../api/mod.ts";
import { TOP_LEVEL_CALL } from "./hint_messages.ts";
import { gameErrorText } from "../state/error_text.ts";

const seed = [1, 2] as const;

/**
 * Run `body` with a VM running the game `main` (its lines) over the real API, and the log
 * lines it wrote; close the VM after.
 */
async function withGame(
  main: string | string[],
  body: (vm: LuaVm, logs: string[]) => void,
): Promise<void> {
  const logs: string[] = [];
  const vm = await LuaVm.create({
    maxInstructions: 1_000_000,
    onLog: (level, message) => logs.push(`${level}: ${message}`),
  });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: engineLuaSource() }), "=mg_runtime");
    vm.run(typeof main === "string" ? main : main.join("\n"), "main.lua");
    vm.freezeGlobals();
    body(vm, logs);
  } finally {
    vm.close();
  }
}

function calls(...fns: string[]): CallbackRequest[] {
  return fns.map((fn, index) => ({ index, seed, kind: CallbackKind.Call, fn, args: [] }));
}

function run(vm: LuaVm, callbacks: CallbackRequest[]) {
  return decodeResults(
    vm.callBinary(BATCH_FUNCTION, encodeBatch({ frame: 1, dt: 0.5, callbacks })),
  );
}

function errorOf(r: ReturnType<typeof run>[number] | undefined): string {
  assert(r && !r.ok, "the callback should have failed");
  return r.error.split("\n", 1)[0]!;
}

Deno.test("a misspelt engine, module or builder-method name is an error at the game's line naming the close names", () =>
  withGame([
    "function a() engine.entity_set_velocty(1, 2, 3) end",
    "function b() engine.spawn():with_positon(1, 2):build() end",
    "function c() cvar.gett('x') end",
    "function d() engine.explode() end",
    "function e() local m = engine.__meta; engine.log(type(m.functions)) end",
    "function f() return engine.nothing_like_any_name == nil end",
  ], (vm) => {
    const [a, b, c, d, e, f] = run(vm, calls("a", "b", "c", "d", "e", "f"));
    assertEquals(
      errorOf(a),
      "main.lua:1: unknown engine function engine.entity_set_velocty; did you mean `engine.entity_set_velocity`?",
    );
    assertEquals(
      errorOf(b),
      "main.lua:2: unknown builder method with_positon; did you mean `with_position`?",
    );
    assertEquals(
      errorOf(c),
      "main.lua:3: unknown cvar function cvar.gett; did you mean `cvar.get`?",
    );
    assertEquals(errorOf(d), "main.lua:4: unknown engine function engine.explode");
    assert(e?.ok, "engine.__meta is still there");
    // Reading a name that is not there is the mistake, not only calling it.
    assertEquals(errorOf(f), "main.lua:6: unknown engine function engine.nothing_like_any_name");
  }));

Deno.test("a callback name that does not resolve suggests the game's own functions", () =>
  withGame([
    "function on_hit(ctx) end",
    "function prant() end",
    'function arm(ctx) engine.spawn():with_lua_timer(1, "on_hitt"):build() end',
  ], (vm) => {
    const [missing, builtin, timer] = run(vm, calls("on_hitt", "prnt", "arm"));
    assertEquals(errorOf(missing), "callback 'on_hitt' is not a function; did you mean `on_hit`?");
    // Lua's own functions (print) are not the game's: only `prant` is offered.
    assertEquals(errorOf(builtin), "callback 'prnt' is not a function; did you mean `prant`?");
    assertStringIncludes(
      errorOf(timer),
      'must be the name of a global function, got "on_hitt"; did you mean `on_hit`?',
    );
  }));

Deno.test("a callback that leaves a builder unbuilt gives one hint line; built, reused and failed ones give none", () =>
  withGame([
    "function leave() engine.spawn():with_group('a') end",
    "function built() engine.spawn():build() end",
    "function template() local t = engine.spawn() for i = 1, 3 do t:with_position(i, 0):build() end end",
    "function failed() engine.spawn(); error('boom') end",
    "function after() end",
  ], (vm) => {
    const results = run(vm, calls("leave", "built", "template", "failed", "after"));
    const hints = results.map((r) => r.logs.filter((l) => l.hint).map((l) => l.message));
    assertEquals(hints, [[HintCode.UnbuiltBuilder], [], [], [], []]);
    assert(results[0]!.ok, "an unbuilt builder is a warning, not an error");
  }));

Deno.test("in an entity run each callback starts afresh: its own builder count and text cap", () =>
  withGame([
    "function act(ctx)",
    "  if ctx.id == 1 then engine.spawn():build() end",
    "  if ctx.id == 2 then engine.spawn():with_group('a') end",
    "  print(string.rep('x', 600 * 1024))",
    "end",
  ], (vm) => {
    // One run (same function and layout): the loop resets the runner's counters per callback.
    const results = run(
      vm,
      [1, 2, 3].map((id, index) => ({
        index,
        seed,
        kind: CallbackKind.Timer,
        fn: "act",
        ctx: { id },
      })),
    );
    assertEquals(results.map((r) => r.ok), [true, true, true]);
    const hints = results.map((r) => r.logs.filter((l) => l.hint).map((l) => l.message));
    assertEquals(hints, [[], [HintCode.UnbuiltBuilder], []]);
  }));

Deno.test("errors in entity and collision runs name the game's code, never the engine's loops", () =>
  withGame([
    "function fails(ctx)",
    "  error('boom ' .. tostring(ctx.id or ctx.a.id))",
    "end",
  ], (vm) => {
    const timer = (index: number, fn: string): CallbackRequest => ({
      index,
      seed,
      kind: CallbackKind.Timer,
      fn,
      ctx: { id: index + 1 },
    });
    const results = run(vm, [timer(0, "fails"), timer(1, "nope"), {
      index: 2,
      seed,
      kind: CallbackKind.Collision,
      fn: "fails",
      a: { id: 7 },
      b: { id: 8 },
      sides: { a: 0, b: 0 },
    }]);
    const texts = results.map((r) => {
      assert(!r.ok, "each callback fails");
      return gameErrorText(r.error);
    });
    assertEquals(texts.map((t) => t.split("\n")[0]), [
      "main.lua:2: boom 1",
      "callback 'nope' is not a function",
      "main.lua:2: boom 7",
    ]);
    for (const t of texts) assertEquals(t.includes("generated"), false, t);
  }));

Deno.test("commands at the game's top level are reported once per line, not queued", () =>
  withGame([
    "for i = 1, 3 do engine.set_flag('f' .. i) end",
    "engine.spawn():with_group('g'):build()",
    "engine.log('reads and logs are fine')",
    "function later() engine.set_flag('in_a_callback') end",
  ], (vm, logs) => {
    assertEquals(logs, [
      `warn: main.lua:1: ${TOP_LEVEL_CALL}`,
      `warn: main.lua:2: ${TOP_LEVEL_CALL}`,
      "info: reads and logs are fine",
    ]);
    // Once batches run, commands queue as usual and nothing is left from the top level.
    const [later] = run(vm, calls("later"));
    assert(later?.ok);
    assertEquals(later.commands.length > 0, true);
    assertEquals(logs.length, 3);
  }));
