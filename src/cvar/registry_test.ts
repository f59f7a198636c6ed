import { assertEquals, assertThrows } from "@std/assert";
import {
  CVarDefinitionError,
  CVarHandlerError,
  CVarTypeError,
  UnknownCVarError,
} from "./errors.ts";
import { CVarRegistry } from "./registry.ts";
import { CHEATS_CVAR } from "./set_rules.ts";
import { FOV } from "./_test_helpers.ts";

function registry(): CVarRegistry {
  const reg = new CVarRegistry();
  reg.define(FOV);
  reg.define({ name: "r_zoom", type: "float", default: 1, min: 0.5, max: 4 });
  reg.define({ name: "sys_vsync", type: "bool", default: true });
  reg.define({ name: "player_name", type: "string", default: "ada" });
  reg.define({ name: "r_mode", type: "string", default: "fit", choices: ["fit", "fill"] });
  reg.define({ name: "r_x", type: "int", default: 1, flags: ["read_only"] });
  return reg;
}

Deno.test("define rejects duplicates and keeps the first definition", () => {
  const reg = registry();
  const err = assertThrows(
    () => reg.define({ name: "r_fov", type: "bool", default: false }),
    CVarDefinitionError,
  );
  assertEquals(err.message, 'CVar "r_fov" is already defined');
  assertEquals(reg.get("r_fov"), 75);
});

Deno.test("get, typed getters and getAsString", () => {
  const reg = registry();
  assertEquals(reg.get("r_zoom"), 1);
  assertEquals(reg.getAsString("r_zoom"), "1.0");
  assertEquals(reg.getAsString("r_fov"), "75");
  assertEquals(reg.getNumber("r_fov"), 75);
  assertEquals(reg.getBool("sys_vsync"), true);
  assertEquals(reg.getString("player_name"), "ada");
  assertEquals(
    assertThrows(() => reg.getNumber("sys_vsync"), CVarTypeError).message,
    "CVar sys_vsync is a bool, not a number",
  );
  assertEquals(assertThrows(() => reg.get("foo"), UnknownCVarError).message, 'Unknown cvar "foo"');
  assertThrows(() => reg.getAsString("foo"), UnknownCVarError);
});

Deno.test("setFromString accepts valid text for every type", () => {
  const reg = registry();
  assertEquals(reg.setFromString("r_fov", "90"), { ok: true, changed: true, text: "90" });
  assertEquals(reg.setFromString("r_zoom", "2.5"), { ok: true, changed: true, text: "2.5" });
  assertEquals(reg.setFromString("sys_vsync", "off"), { ok: true, changed: true, text: "false" });
  assertEquals(reg.setFromString("player_name", "Grace Hopper"), {
    ok: true,
    changed: true,
    text: "Grace Hopper",
  });
  assertEquals(reg.setFromString("r_mode", "fill"), { ok: true, changed: true, text: "fill" });
  assertEquals([reg.get("r_fov"), reg.get("r_zoom"), reg.get("sys_vsync")], [90, 2.5, false]);
});

Deno.test("rejected values keep the old value and give the exact message", () => {
  const reg = registry();
  const cases: [string, string, string][] = [
    ["r_fov", "200", "r_fov: 200 is above the maximum 120"],
    ["r_fov", "10", "r_fov: 10 is below the minimum 45"],
    ["r_fov", "abc", 'r_fov: "abc" is not a number'],
    ["r_fov", "90.5", 'r_fov: "90.5" is not an integer'],
    ["r_zoom", "8", "r_zoom: 8.0 is above the maximum 4.0"],
    ["sys_vsync", "maybe", 'sys_vsync: "maybe" is not a boolean (use true/false/1/0/on/off)'],
    ["r_mode", "stretch", 'r_mode: "stretch" is not one of "fit", "fill"'],
    ["foo", "1", 'unknown cvar "foo"'],
    ["r_x", "2", "r_x is read-only"],
  ];
  for (const [name, text, error] of cases) {
    const before = reg.has(name) ? reg.get(name) : undefined;
    assertEquals(reg.setFromString(name, text), { ok: false, error });
    if (before !== undefined) assertEquals(reg.get(name), before);
  }
  assertEquals(reg.takePendingChanges(), []);
});

Deno.test("typed set checks the type without converting", () => {
  const reg = registry();
  assertEquals(reg.set("r_fov", 100), { ok: true, changed: true, text: "100" });
  assertEquals(reg.set("r_fov", "100"), { ok: false, error: 'r_fov: "100" is not a number' });
  assertEquals(reg.set("r_fov", 100.5), { ok: false, error: "r_fov: 100.5 is not an integer" });
  assertEquals(reg.set("sys_vsync", 0), { ok: false, error: "sys_vsync: 0 is not a boolean" });
  assertEquals(reg.set("r_zoom", NaN), { ok: false, error: "r_zoom: NaN is not a finite number" });
  assertEquals(reg.get("r_fov"), 100);
});

Deno.test("check validates like set without changing anything", () => {
  const reg = registry();
  assertEquals(reg.check("r_fov", 130), "r_fov: 130 is above the maximum 120");
  assertEquals(reg.check("r_fov", 100), undefined);
  assertEquals(reg.check("nope", 1), 'unknown cvar "nope"');
  assertEquals(reg.get("r_fov"), 75);
  assertEquals(reg.takePendingChanges(), []);
});

Deno.test("cheat cvars need sys_cheats to be defined and true", () => {
  const reg = new CVarRegistry();
  reg.define({ name: "sys_time_scale", type: "float", default: 1, flags: ["cheat"] });
  const locked = {
    ok: false,
    error: `sys_time_scale is a cheat (set ${CHEATS_CVAR} 1 first)`,
  } as const;
  assertEquals(reg.setFromString("sys_time_scale", "2"), locked);
  reg.define({ name: CHEATS_CVAR, type: "bool", default: false });
  assertEquals(reg.setFromString("sys_time_scale", "2"), locked);
  reg.set(CHEATS_CVAR, true);
  assertEquals(reg.setFromString("sys_time_scale", "2"), { ok: true, changed: true, text: "2.0" });
});

Deno.test("pending changes come in change order, repeated changes twice, no-op sets not at all", () => {
  const reg = registry();
  reg.setFromString("r_fov", "90");
  reg.setFromString("sys_vsync", "0");
  reg.setFromString("r_fov", "90"); // same value: nothing recorded
  reg.set("sys_vsync", false); // same value, typed path
  reg.setFromString("r_fov", "90.0"); // same value, other spelling
  reg.setFromString("r_fov", "100");
  reg.setFromString("r_fov", "abc"); // rejected: nothing recorded
  assertEquals(reg.takePendingChanges(), [
    { name: "r_fov", oldValue: "75", newValue: "90", handlers: [] },
    { name: "sys_vsync", oldValue: "true", newValue: "false", handlers: [] },
    { name: "r_fov", oldValue: "90", newValue: "100", handlers: [] },
  ]);
  assertEquals(reg.takePendingChanges(), []);
  assertEquals(reg.setFromString("r_fov", "100"), { ok: true, changed: false, text: "100" });
  assertEquals(reg.takePendingChanges(), []);
});

Deno.test("float changes carry canonical text", () => {
  const reg = new CVarRegistry();
  reg.define({ name: "r_fov", type: "float", default: 75, min: 45, max: 120 });
  reg.onChange("r_fov", "OnFOVChanged");
  reg.setFromString("r_fov", "90");
  assertEquals(reg.takePendingChanges(), [
    { name: "r_fov", oldValue: "75.0", newValue: "90.0", handlers: ["OnFOVChanged"] },
  ]);
});

Deno.test("handlers are kept in registration order, once each, and copied into changes", () => {
  const reg = registry();
  reg.onChange("r_fov", "Second");
  reg.onChange("r_fov", "First");
  reg.onChange("r_fov", "Second");
  reg.onChange("sys_vsync", "OnVsync");
  assertEquals(reg.handlers("r_fov"), ["Second", "First"]);
  reg.set("r_fov", 80);
  reg.onChange("r_fov", "Third"); // after the change: not part of it
  const [change] = reg.takePendingChanges();
  assertEquals(change?.handlers, ["Second", "First"]);
  assertThrows(() => reg.onChange("nope", "H"), UnknownCVarError);
  assertEquals(
    assertThrows(() => reg.onChange("r_fov", "a.b"), CVarHandlerError).message,
    'Invalid handler name "a.b": use the name of a global Lua function',
  );
  assertThrows(() => reg.onChange("r_fov", ""), CVarHandlerError);
});

Deno.test("list is sorted and filtered by a case-insensitive name fragment", () => {
  const reg = registry();
  assertEquals(reg.list().map((c) => c.name), [
    "player_name",
    "r_fov",
    "r_mode",
    "r_x",
    "r_zoom",
    "sys_vsync",
  ]);
  // A fragment anywhere in the name: "r_" also matches "playe(r_)name".
  assertEquals(reg.list("R_").map((c) => c.name), [
    "player_name",
    "r_fov",
    "r_mode",
    "r_x",
    "r_zoom",
  ]);
  assertEquals(reg.list("SYS").map((c) => c.name), ["sys_vsync"]);
  assertEquals(reg.list("zzz"), []);
  const [fov] = reg.list("fov");
  assertEquals(fov?.text, "75");
  assertEquals(fov?.defaultText, "75");
  assertEquals(fov?.description, "Field of view");
});

Deno.test("reset, snapshot and version", () => {
  const reg = registry();
  const v0 = reg.version;
  reg.set("r_fov", 100);
  assertEquals(reg.version, v0 + 1);
  reg.set("r_fov", 100);
  assertEquals(reg.version, v0 + 1);
  assertEquals(reg.reset("r_fov"), { ok: true, changed: true, text: "75" });
  assertEquals(reg.snapshot().r_fov, { type: "int", value: 75, min: 45, max: 120 });
  assertEquals(reg.snapshot().r_mode, { type: "string", value: "fit", choices: ["fit", "fill"] });
  assertEquals(reg.snapshot().sys_vsync, { type: "bool", value: true });
  assertEquals(reg.size, 6);
});

Deno.test("a protected cvar refuses game code by name and accepts everyone else", () => {
  const reg = new CVarRegistry();
  reg.define({
    name: "lua_budget",
    type: "int",
    default: 10,
    min: 1,
    max: 100,
    flags: ["protected"],
  });
  const refused = {
    ok: false,
    error: "lua_budget cannot be changed by the game (an engine safety limit: " +
      "set it from the console or with +set)",
  } as const;
  assertEquals(reg.set("lua_budget", 50, "game"), refused);
  assertEquals(reg.setFromString("lua_budget", "50", "game"), refused);
  assertEquals(reg.check("lua_budget", 50, "game"), refused.error);
  assertEquals(reg.get("lua_budget"), 10);
  assertEquals(reg.takePendingChanges(), []);
  // The console, the command line, settings and TypeScript set it, within its ceiling.
  assertEquals(reg.setFromString("lua_budget", "50"), { ok: true, changed: true, text: "50" });
  assertEquals(reg.set("lua_budget", 101), {
    ok: false,
    error: "lua_budget: 101 is above the maximum 100 (the hard ceiling of this safety limit)",
  });
  assertEquals(reg.get("lua_budget"), 50);
  // Game code may still set an unprotected cvar.
  reg.define({ name: "r_fov", type: "int", default: 75 });
  assertEquals(reg.set("r_fov", 90, "game").ok, true);
});

Deno.test("the snapshot marks protected cvars, so Lua can refuse them at the call site", () => {
  const reg = new CVarRegistry();
  reg.define({ name: "lua_budget", type: "int", default: 10, flags: ["protected", "engine"] });
  reg.define({ name: "r_fov", type: "int", default: 75, flags: ["engine"] });
  assertEquals(reg.snapshot(), {
    lua_budget: { type: "int", value: 10, protected: true },
    r_fov: { type: "int", value: 75 },
  });
});
