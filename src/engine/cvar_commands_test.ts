import { assertEquals } from "@std/assert";
import { CVarRegistry, defineEngineCVars } from "../cvar/mod.ts";
import { fn, table } from "../commands/_test_util.ts";
import { applyCVarCommand } from "./cvar_commands.ts";
import { EngineLog } from "../state/log.ts";

type CVarCommand = Parameters<typeof applyCVarCommand>[2];

function setup(): { registry: CVarRegistry; log: EngineLog; apply: (cmd: unknown) => void } {
  const registry = new CVarRegistry();
  defineEngineCVars(registry);
  const log = new EngineLog();
  return { registry, log, apply: (cmd) => applyCVarCommand(registry, log, cmd as CVarCommand) };
}

const WHY = "cannot be changed by the game (an engine safety limit: " +
  "set it from the console or with +set)";

Deno.test("cvar.set from the game cannot lift a safety limit, typed or as text", () => {
  const { registry, log, apply } = setup();
  apply(fn("cvar.set", { name: "lua_max_instructions", value: 9007199254740991 }));
  apply(fn("cvar.set", { name: "lua_max_memory_mb", value: "2048" }));
  apply(fn("cvar.set", { name: "lua_workers", value: 8 }));
  assertEquals(log.entries.map((e) => [e.level, e.message]), [
    ["warn", `cvar.set: lua_max_instructions ${WHY}`],
    ["warn", `cvar.set: lua_max_memory_mb ${WHY}`],
    ["warn", `cvar.set: lua_workers ${WHY}`],
  ]);
  // What the game reads back is what is in force.
  assertEquals(
    [registry.get("lua_max_instructions"), registry.get("lua_max_memory_mb")],
    [10_000_000, 64],
  );
  assertEquals(registry.takePendingChanges(), []);
  // Other engine cvars are the game's to set.
  apply(fn("cvar.set", { name: "sys_tick_hz", value: 120 }));
  assertEquals(registry.get("sys_tick_hz"), 120);
});

Deno.test("a game cannot define a protected cvar of its own", () => {
  const { registry, log, apply } = setup();
  apply(fn("cvar.define", {
    name: "g_cap",
    def: table({ type: "int", default: 1, flags: ["protected"] }),
  }));
  assertEquals(registry.has("g_cap"), false);
  assertEquals(log.entries.map((e) => e.message), [
    "cvar.define: g_cap: the protected flag is kept for the engine's safety limits",
  ]);
});
