import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  defineEngineCVars,
  ENGINE_CVARS,
  MAX_INSTRUCTIONS_CEILING,
  MAX_MEMORY_MB_CEILING,
  PROTECTED_CVARS,
} from "./engine_cvars.ts";
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
    max: 200_000_000,
  });
  assertEquals(pick("lua_max_memory_mb"), { type: "int", default: 64, min: 1, max: 512 });
  assertEquals(pick("lua_workers"), { type: "int", default: 2, min: 1, max: 16 });
  assertEquals(pick("r_show_fps"), {
    type: "bool",
    default: false,
    min: undefined,
    max: undefined,
  });
  assertEquals(reg.setFromString("lua_workers", "17"), {
    ok: false,
    error: "lua_workers: 17 is above the maximum 16 (the hard ceiling of this safety limit)",
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

Deno.test("the safety limits are protected from game code; the rest stay the game's", () => {
  assertEquals([...PROTECTED_CVARS].sort(), [
    "lua_max_instructions",
    "lua_max_memory_mb",
    "lua_states_per_worker",
    "lua_workers",
  ]);
  const reg = new CVarRegistry();
  defineEngineCVars(reg);
  for (const name of PROTECTED_CVARS) {
    const info = reg.describe(name);
    assert(info.flags.includes("protected"), name);
    assert(!info.flags.includes("saved"), `${name} must not be saved`);
    assertEquals(
      reg.check(name, info.default, "game"),
      `${name} cannot be changed by the game ` +
        "(an engine safety limit: set it from the console or with +set)",
    );
  }
  assertEquals(reg.set("sys_tick_hz", 120, "game").ok, true);
});

Deno.test("the instruction budget and the memory cap have hard ceilings on every path", () => {
  const reg = new CVarRegistry();
  defineEngineCVars(reg);
  const above = (name: string, shown: string, max: number) => ({
    ok: false as const,
    error: `${name}: ${shown} is above the maximum ${max} (the hard ceiling of this safety limit)`,
  });
  // The values of the report: a game's 2^53 - 1 budget and 2048 MiB.
  assertEquals(
    reg.setFromString("lua_max_instructions", "9007199254740991"),
    above("lua_max_instructions", "9007199254740991", MAX_INSTRUCTIONS_CEILING),
  );
  assertEquals(
    reg.set("lua_max_memory_mb", 2048),
    above("lua_max_memory_mb", "2048", MAX_MEMORY_MB_CEILING),
  );
  assertEquals([reg.get("lua_max_instructions"), reg.get("lua_max_memory_mb")], [10_000_000, 64]);
  assertEquals(reg.set("lua_max_instructions", MAX_INSTRUCTIONS_CEILING).ok, true);
  assertEquals(reg.set("lua_max_memory_mb", MAX_MEMORY_MB_CEILING).ok, true);
});
