import { assertEquals } from "@std/assert";
import { GameHints } from "./game_hints.ts";

const SRC = [
  "function on_update_menu(input, dt)",
  "  engine.spawn():with_group('a')",
  "end",
  "local function helper() return engine.spawn() end",
  "function on_hit(ctx) helper() end",
  "function on_tick() end",
].join("\n");

Deno.test("load-time hints are the callback-like functions nothing calls", () => {
  assertEquals(new GameHints(new Map([["main.lua", SRC]])).atLoad(), [
    "main.lua:5: `on_hit` is never called: the engine calls on_setup, on_switch_scene and " +
    "on_update_<scene> by name, and other callbacks only when a timer, phase, collision rule, " +
    "menu or CVar handler names them",
    "main.lua:6: `on_tick` is never called: the engine calls on_setup, on_switch_scene and " +
    "on_update_<scene> by name, and other callbacks only when a timer, phase, collision rule, " +
    "menu or CVar handler names them",
  ]);
});

Deno.test("an unbuilt builder is located in the callback's source, else blamed on the callback; once each", () => {
  const hints = new GameHints(new Map([["main.lua", SRC]]));
  assertEquals(hints.unbuiltBuilder("on_update_menu"), [
    "main.lua:2: engine.spawn() makes a builder that is never built; end its chain with :build()",
  ]);
  assertEquals(hints.unbuiltBuilder("on_update_menu"), []);
  const blame = "made a builder it did not build; " +
    "end each engine.spawn() or engine.clone() chain with :build()";
  assertEquals(hints.unbuiltBuilder("on_hit"), [`main.lua:5: on_hit ${blame}`]);
  assertEquals(hints.unbuiltBuilder("console"), [`console ${blame}`]);
  assertEquals(hints.unbuiltBuilder("console"), []);
});

Deno.test("a reload's files are scanned again: new mistakes are told, old ones not twice", () => {
  const hints = new GameHints(new Map([["main.lua", "function on_updat() end\n"]]));
  assertEquals(hints.atLoad().length, 1);
  const next = new Map([["main.lua", "function on_updat() end\nfunction on_strat() end\n"]]);
  const told = hints.rescan(next);
  assertEquals(told.length, 1);
  assertEquals(told[0]?.includes("on_strat"), true, told[0]);
});
