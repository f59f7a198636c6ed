import { assert, assertEquals, assertThrows } from "@std/assert";
import { defineEngineCVars, ENGINE_CVARS } from "./engine_cvars.ts";
import { CVarDefinitionError } from "./errors.ts";
import { CVarRegistry } from "./registry.ts";

Deno.test("every engine cvar is defined, flagged engine and described", () => {
  const reg = new CVarRegistry();
  const specs = defineEngineCVars(reg);
  assertEquals(specs.length, ENGINE_CVARS.length);
  for (const spec of specs) {
    assert(spec.flags.includes("engine"), spec.name);
    assert(spec.description.length > 0, `${spec.name} has no description`);
  }
});

Deno.test("engine cvars named by the spec have the agreed types, ranges and defaults", () => {
  const reg = new CVarRegistry();
  defineEngineCVars(reg);
  const pick = (name: string) => {
    const { type, default: d, min, max } = reg.describe(name);
    return { type, default: d, min, max };
  };
  assertEquals(pick("sys_tick_hz"), { type: "int", default: 60, min: 1, max: 1000 });
  assertEquals(pick("lua_max_instructions"), {
    type: "int",
    default: 10_000_000,
    min: 1000,
    max: undefined,
  });
  assertEquals(pick("lua_max_memory_mb"), { type: "int", default: 64, min: 1, max: 2048 });
  assertEquals(pick("lua_workers"), { type: "int", default: 2, min: 1, max: 16 });
  assertEquals(pick("r_show_fps"), {
    type: "bool",
    default: false,
    min: undefined,
    max: undefined,
  });
  assertEquals(reg.setFromString("lua_workers", "17"), {
    ok: false,
    error: "lua_workers: 17 is above the maximum 16",
  });
});

Deno.test("the cheat cvar is locked until sys_cheats is on", () => {
  const reg = new CVarRegistry();
  defineEngineCVars(reg);
  assertEquals(reg.setFromString("sys_time_scale", "2").ok, false);
  reg.setFromString("sys_cheats", "1");
  assertEquals(reg.setFromString("sys_time_scale", "2").ok, true);
});

Deno.test("defining the engine cvars twice is refused", () => {
  const reg = new CVarRegistry();
  defineEngineCVars(reg);
  assertThrows(() => defineEngineCVars(reg), CVarDefinitionError, "is already defined");
});
