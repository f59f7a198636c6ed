import { assert, assertEquals, assertMatch } from "@std/assert";
import { CVarRegistry } from "../cvar/registry.ts";
import { type Action, ActionQueue, type CustomEventAction } from "./action_queue.ts";
import type { LogLevel } from "./host_protocol.ts";
import { LuaHost } from "./lua_host.ts";
import { ScriptRunner } from "./script_runner.ts";
import { handlerChunk, ScriptingSystem } from "./scripting_system.ts";

const MAIN = `
function on_fov(name, old, new) print("fov " .. name .. " " .. old .. " -> " .. new) end
function also(name, old, new) print("also " .. new) end
function broken(name) error("handler broke on " .. name) end
`;

async function setup(options: { capacity?: number } = {}) {
  const lua: string[] = [];
  const host = await LuaHost.start({
    workers: 1,
    statesPerWorker: 1,
    setup: { main: { source: MAIN, name: "main.lua" }, freeze: true },
    onLog: (_h, _level, message) => lua.push(message),
  });
  const cvars = new CVarRegistry();
  cvars.define({ name: "r_fov", type: "int", default: 75, min: 45, max: 120 });
  cvars.define({ name: "r_mode", type: "string", default: "fit" });
  const logs: [LogLevel, string][] = [];
  const events: CustomEventAction[] = [];
  const queue = new ActionQueue({ capacity: options.capacity });
  const system = new ScriptingSystem({
    cvars,
    queue,
    host,
    log: (level, message) => logs.push([level, message]),
    onCustomEvent: (e) => events.push(e),
  });
  return {
    host,
    cvars,
    queue,
    system,
    lua,
    logs,
    events,
    [Symbol.dispose]: () => host.close(),
  };
}

Deno.test("handlerChunk calls a global by name with quoted arguments", () => {
  const chunk = handlerChunk({ handler: "h", name: "n", oldValue: 'a"b', newValue: "c\nd" });
  assertEquals(
    chunk,
    'local f = _ENV["h"]\nif type(f) ~= "function" then error("CVar handler " .. "h" .. ' +
      '" is not a function", 0) end\nf("n", "a\\"b", "c\\nd")',
  );
});

Deno.test("ScriptingSystem calls CVar handlers with name, old and new value", async () => {
  using t = await setup();
  t.cvars.onChange("r_fov", "on_fov");
  t.cvars.onChange("r_fov", "also");
  t.cvars.set("r_fov", 90);
  t.cvars.setFromString("r_fov", "100");
  t.system.update();
  await t.system.idle();
  assertEquals(t.lua, ["fov r_fov 75 -> 90", "also 90", "fov r_fov 90 -> 100", "also 100"]);
  assertEquals(t.logs, []);
  assertEquals(t.host.pool.available, 1, "the state went back to the pool");
});

Deno.test("ScriptingSystem logs handler errors and keeps going", async () => {
  using t = await setup();
  t.cvars.onChange("r_mode", "broken");
  t.cvars.onChange("r_mode", "missing_handler");
  t.cvars.onChange("r_mode", "also");
  t.cvars.set("r_mode", "fill");
  t.system.update();
  await t.system.idle();
  assertEquals(t.logs.length, 2);
  const [first, second] = t.logs;
  assertEquals(first![0], "error");
  assertMatch(
    first![1],
    /^CVar handler broken\(r_mode\) failed: main\.lua:4: handler broke on r_mode/,
  );
  assertMatch(first![1], /stack traceback/);
  assertEquals(second![0], "error");
  assertMatch(
    second![1],
    /^CVar handler missing_handler\(r_mode\) failed: CVar handler missing_handler is not a function\n/,
  );
  assertEquals(t.lua, ["also fill"], "the handler after the failures still ran");
});

Deno.test("ScriptingSystem never blocks: with no free state handlers wait for a later frame", async () => {
  using t = await setup();
  t.cvars.onChange("r_fov", "on_fov");
  const held = t.host.pool.tryAcquire()!;
  t.cvars.set("r_fov", 60);
  t.system.update();
  assertEquals(t.system.pendingHandlers, 1);
  // Nothing is in flight: the handler did not run, and still waits.
  await t.system.idle();
  assertEquals([t.lua, t.system.pendingHandlers], [[], 1]);
  t.host.pool.release(held);
  t.cvars.set("r_fov", 61);
  t.system.update();
  assertEquals(t.system.pendingHandlers, 0);
  // A change while that batch runs waits its turn, keeping change order.
  t.cvars.set("r_fov", 62);
  t.system.update();
  assertEquals(t.system.pendingHandlers, 1);
  await t.system.idle();
  t.system.update();
  await t.system.idle();
  assertEquals(t.lua, ["fov r_fov 75 -> 60", "fov r_fov 60 -> 61", "fov r_fov 61 -> 62"]);
});

Deno.test("ScriptingSystem drains script results, custom events and rejects malformed actions", async () => {
  using t = await setup();
  const runner = new ScriptRunner({ host: t.host, queue: t.queue });
  await runner.enqueueScript("return 1 + 1");
  await runner.enqueueScript("error('nope')");
  const custom: Action = { kind: "CustomEvent", name: "boss_down", message: "3" };
  t.queue.push(custom);
  t.queue.push({ kind: "CVarLua", message: "only\0two" });
  t.system.update();
  assertEquals(t.logs[0], ["info", "Script result: 2"]);
  assertEquals(t.logs[1]![0], "error");
  assertMatch(t.logs[1]![1], /^Script failed: console:1: nope/);
  assertEquals(t.logs[2], [
    "error",
    "Malformed CVarLua payload: expected 4 NUL-separated fields, got 2",
  ]);
  assertEquals(t.events, [custom]);
  assertEquals(t.queue.size, 0);
  assert(t.system.pendingHandlers === 0);
});

Deno.test("ScriptingSystem drops CVar actions on a full queue with a warning", async () => {
  using t = await setup({ capacity: 1 });
  t.cvars.onChange("r_fov", "on_fov");
  t.cvars.onChange("r_fov", "also");
  t.cvars.set("r_fov", 50);
  const warn = console.warn;
  const warnings: unknown[] = [];
  console.warn = (m: unknown) => warnings.push(m);
  try {
    t.system.update();
  } finally {
    console.warn = warn;
  }
  await t.system.idle();
  assertEquals(t.lua, ["fov r_fov 75 -> 50"]);
  assertEquals(warnings, ["Action queue is full (capacity 1); dropping actions until it drains"]);
});
