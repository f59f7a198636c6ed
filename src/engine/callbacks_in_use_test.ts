import { assertEquals } from "@std/assert";
import { createGameState } from "../state/game_state.ts";
import { CVarRegistry } from "../cvar/mod.ts";
import { newMenu } from "../gameplay/mod.ts";
import { eidOf, spawnEntity } from "../ecs/mod.ts";
import { callbacksInUse } from "./callbacks_in_use.ts";

Deno.test("every callback the world names, once, with where it is first used", () => {
  const state = createGameState();
  const { world, gameplay } = state;
  const [a, b, c] = [spawnEntity(world), spawnEntity(world), spawnEntity(world)];
  gameplay.phase.set(eidOf(world, a)!, {
    initial: "idle",
    current: "idle",
    previous: null,
    pending: null,
    timeInPhase: 0,
    entered: true,
    callbacks: { idle: { update: "idle_update" }, run: { enter: "run_enter", exit: "run_exit" } },
  });
  gameplay.luaTimer.set(eidOf(world, b)!, { duration: 1, elapsed: 0, callback: "on_tick" });
  gameplay.collisionRules.set(eidOf(world, b)!, [
    { groupA: "ball", groupB: "wall", callback: "on_wall" },
    { groupA: "ball", groupB: "brick", callback: "on_tick" },
  ]);
  const menu = newMenu([{ id: "play", label: "Play" }], 0, 0, "main", 16, 20, true);
  menu.callback = "on_menu";
  gameplay.menu.set(eidOf(world, c)!, menu);
  gameplay.menu.set(
    eidOf(world, a)!,
    newMenu([{ id: "x", label: "X" }], 0, 0, "main", 16, 20, true),
  );
  const cvars = new CVarRegistry();
  cvars.define({ name: "r_fov", type: "int", default: 75 });
  cvars.onChange("r_fov", "on_fov");
  cvars.onChange("r_fov", "on_menu");
  assertEquals([...callbacksInUse(state, cvars)], [
    ["idle_update", `entity ${a}'s phase 'idle'`],
    ["run_enter", `entity ${a}'s phase 'run'`],
    ["run_exit", `entity ${a}'s phase 'run'`],
    ["on_tick", `entity ${b}'s timer`],
    ["on_wall", `entity ${b}'s collision rule ball/wall`],
    ["on_menu", `entity ${c}'s menu`],
    ["on_fov", "the change handler of cvar r_fov"],
  ]);
  assertEquals(callbacksInUse(createGameState(), new CVarRegistry()).size, 0);
});

Deno.test("the running scene's update is in use when the game has one", () => {
  const [state, cvars] = [createGameState(), new CVarRegistry()];
  const has = new Set(["on_update_play"]);
  assertEquals([...callbacksInUse(state, cvars, "play", has)], [
    ["on_update_play", "scene 'play'"],
  ]);
  assertEquals(callbacksInUse(state, cvars, "menu", has).size, 0, "a scene without an update");
});
