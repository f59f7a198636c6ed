import { assertEquals } from "@std/assert";
import { DEFAULT_BINDINGS, withBindings } from "../input/bindings.ts";
import { InputStage } from "./input_stage.ts";
import { EngineLog } from "../state/log.ts";

Deno.test("InputStage: a quit carries its exit code; a plain quit is 0", () => {
  const input = new InputStage({ log: new EngineLog() });
  assertEquals(input.frame(0, []).quit, false);
  const plain = input.frame(1, [{ type: "quit" }]);
  assertEquals([plain.quit, plain.exitCode], [true, 0]);
  const ctrlC = input.frame(2, [{ type: "quit" }, { type: "quit", exitCode: 130 }]);
  assertEquals([ctrlC.quit, ctrlC.exitCode], [true, 130]);
});

Deno.test("InputStage: keys drive actions through the bindings it is given", () => {
  const bindings = withBindings(DEFAULT_BINDINGS, { k: "action_1", space: null });
  const input = new InputStage({ log: new EngineLog(), bindings });
  const k = input.frame(0, [{ type: "press", key: "k" }]).snapshot;
  assertEquals(k.actions.action_1.just_pressed, true);
  const space = input.frame(1, [{ type: "release", key: "k" }, { type: "press", key: "space" }]);
  assertEquals(space.snapshot.actions.action_1.pressed, false);
  const defaults = new InputStage({ log: new EngineLog() });
  assertEquals(
    defaults.frame(0, [{ type: "press", key: "space" }]).snapshot.actions.action_1.pressed,
    true,
  );
});
