import { assertEquals } from "@std/assert";
import { FUNCTIONS } from "../api/mod.ts";
import { apiNames } from "./api_names.ts";

Deno.test("the names come from the declarations: modules, twins, makers, queued calls, callback arguments", () => {
  const api = apiNames();
  assertEquals([...api.modules.keys()].sort(), ["console", "cvar", "ecs", "engine", "input"]);
  const engineDecls = FUNCTIONS.filter((d) => d.module === "engine");
  const twins = engineDecls.filter((d) => d.collision).length;
  assertEquals(api.modules.get("engine")?.size, engineDecls.length + twins);
  assertEquals([...api.builderMakers].sort(), [
    "clone",
    "collision_clone",
    "collision_spawn",
    "spawn",
  ]);
  assertEquals(api.queued.has("engine.set_flag"), true);
  assertEquals(api.queued.has("engine.get_integer"), false); // a read acts at once
  assertEquals(api.queued.has("engine.log"), false);
  assertEquals(api.callbackArgs.get("engine.entity_insert_lua_timer"), [2]);
  assertEquals(api.callbackArgs.get(":with_lua_collision_rule"), [2]);
  assertEquals(api.callbackArgs.get("cvar.on_change"), [1]);
  assertEquals([...api.phaseMethods], [":with_phase"]);
  assertEquals(api.builderMethods.has("build"), true);
});
