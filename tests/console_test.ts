/** The console reached from an input log: set, get, exec through the ScriptRunner, errors. */
import { assert, assertEquals } from "@std/assert";
import { Engine } from "../src/engine/engine.ts";

const GAME = new URL("./games/counter", import.meta.url).pathname;

Deno.test("console lines from the input log run in pre_update and never stop the game", async () => {
  const engine = await Engine.load({
    gameDir: GAME,
    workers: 1,
    inputLog: [
      { frame: 1, console: "exec engine.set_integer('lives', 9); return 6 * 7" },
      { frame: 2, console: "exec error('nope')" },
      { frame: 2, console: "set sys_tick_hz 5000" },
      { frame: 3, console: "get lua_max_instructions" },
      { frame: 3, console: "frobnicate" },
    ],
  });
  try {
    while (engine.frame < 5) await engine.step();
    const d = engine.dump();
    const lines = d.log.map((l) => `${l.frame} ${l.level} ${l.message}`);
    assertEquals(d.signals.integers.lives, 9);
    assert(lines.includes("1 info console: 42"), lines.join("\n"));
    // The ScriptRunner's ScriptResult went through the ActionQueue to post_update.
    assert(lines.includes("1 info Script result: 42"), lines.join("\n"));
    assert(
      lines.some((l) => l.startsWith("2 error console:") && l.includes("nope")),
      lines.join("\n"),
    );
    // A failed exec logs its message, not its traceback (that is in the error record).
    assertEquals(lines.filter((l) => l.startsWith("2 ") && l.includes("traceback")), []);
    assert(d.errors.some((e) => e.callback === "console" && e.message.includes("stack traceback")));
    assert(
      lines.some((l) => l.startsWith("2 error console:") && l.includes("sys_tick_hz")),
      lines.join("\n"),
    );
    assert(lines.includes("3 info console: lua_max_instructions = 10000000"), lines.join("\n"));
    assert(
      lines.some((l) => l.startsWith("3 error console:") && l.includes("frobnicate")),
      lines.join("\n"),
    );
    assertEquals(d.frame, 5);
  } finally {
    engine.close();
  }
});
