import { assertEquals } from "@std/assert";
import { createGameState } from "../state/game_state.ts";
import { fn, logged, run } from "./_test_util.ts";

Deno.test("a console line from game code that would set a safety limit is skipped with a log line", () => {
  const lines: string[] = [];
  const state = createGameState({ hooks: { console: (c) => lines.push(c.args.cmd) } });
  run(
    state,
    fn("console.execute", { cmd: "set lua_max_instructions 9007199254740991" }),
    fn("console.execute", { cmd: "lua_max_memory_mb 2048" }),
    fn("console.execute", { cmd: "get lua_max_memory_mb" }),
    fn("console.execute", { cmd: "set r_fov 90" }),
  );
  // Reading a limit and setting anything else still reach the console.
  assertEquals(lines, ["get lua_max_memory_mb", "set r_fov 90"]);
  const why = "cannot be changed by the game (an engine safety limit: " +
    "set it from the console or with +set)";
  assertEquals(logged(state), [
    `console.execute: lua_max_instructions ${why}`,
    `console.execute: lua_max_memory_mb ${why}`,
  ]);
});
