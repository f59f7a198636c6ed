import { assertEquals } from "@std/assert";
import { isEngineCallback, looksLikeCallback, uncalledCallback } from "./callbacks.ts";

Deno.test("the engine's own callback names are on_setup, on_switch_scene and on_update_<scene>", () => {
  for (const name of ["on_setup", "on_switch_scene", "on_update_menu", "on_update_game_over"]) {
    assertEquals(isEngineCallback(name), true, name);
  }
  for (const name of ["on_update", "on_update_", "on_start", "setup", "on_hit"]) {
    assertEquals(isEngineCallback(name), false, name);
  }
});

Deno.test("a name looks like a callback when it starts with on_ or nearly spells an engine one", () => {
  assertEquals(
    ["on_hit", "onsetup", "on_swich_scene", "spawn_ball", "update"].map(looksLikeCallback),
    [
      true,
      true,
      true,
      false,
      false,
    ],
  );
});

Deno.test("the warning for a function nothing calls names the convention it was probably meant as", () => {
  const none = new Set<string>();
  assertEquals(
    uncalledCallback("on_update", none, ["play"]),
    "`on_update` is never called; did you mean `on_update_menu` or `on_update_play`?",
  );
  // A scene update the game already has comes after the ones it has not.
  assertEquals(
    uncalledCallback("on_update", new Set(["on_update_menu"]), ["play"]),
    "`on_update` is never called; did you mean `on_update_play` or `on_update_menu`?",
  );
  assertEquals(
    uncalledCallback("on_load", none, []),
    "`on_load` is never called; did you mean `on_setup`?",
  );
  assertEquals(
    uncalledCallback("on_updat_menu", none, []),
    "`on_updat_menu` is never called; did you mean `on_update_menu`?",
  );
  assertEquals(
    uncalledCallback("on_click", none, []).startsWith("`on_click` is never called: "),
    true,
  );
});
