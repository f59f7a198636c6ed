import { assertEquals } from "@std/assert";
import { createGameState } from "../state/game_state.ts";
import { despawnEntity, eidOf, spawnEntity } from "../ecs/mod.ts";
import { InputBuilder } from "../input/input_builder.ts";
import { cameraFollowStep } from "./camera_follow.ts";
import { mouseControlStep } from "./mouse_control.ts";
import { positionOf, spawnAt } from "./_test_util.ts";

Deno.test("the camera follows its target and stays put once the target is gone", () => {
  const state = createGameState();
  const hero = spawnAt(state, 40, 60);
  state.camera.zoom = 2;
  state.camera.target = hero;
  cameraFollowStep(state);
  assertEquals(state.camera, { x: 40, y: 60, zoom: 2, target: hero });
  despawnEntity(state.world, hero);
  cameraFollowStep(state);
  assertEquals(state.camera, { x: 40, y: 60, zoom: 2, target: undefined });
});

Deno.test("mouse-controlled entities take the mouse position on their axes", () => {
  const state = createGameState();
  const both = spawnEntity(state.world);
  const xOnly = spawnAt(state, 0, 550);
  state.gameplay.mouseControlled.set(eidOf(state.world, both)!, { followX: true, followY: true });
  state.gameplay.mouseControlled.set(eidOf(state.world, xOnly)!, { followX: true, followY: false });
  const input = new InputBuilder();
  input.apply({ type: "mouse", x: 123, y: 45 });
  mouseControlStep(state, input.endFrame(0));
  assertEquals(positionOf(state, both), { x: 123, y: 45 });
  assertEquals(positionOf(state, xOnly), { x: 123, y: 550 });
});
