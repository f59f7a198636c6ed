/**
 * The terminal renderer in a real pseudo-terminal (tmux): it draws in
 * truecolor, shows the status line, reacts to keys and quits cleanly,
 * restoring the terminal.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { hasTmux, startTmuxGame } from "./_tmux.ts";

const BREAKOUT = new URL("../examples/breakout", import.meta.url).pathname;

Deno.test({
  name: "the terminal renderer draws, shows its status line, takes keys and quits cleanly",
  ignore: !hasTmux,
  fn: async () => {
    await using game = await startTmuxGame(BREAKOUT, { name: "draw", width: 100, height: 32 });
    const menu = await game.waitFor("scene menu", { escapes: true });
    assertStringIncludes(menu, "MOONGLOW");
    const truecolor = new RegExp(String.raw`\u001b\[[0-9;]*[34]8;2;\d+;\d+;\d+`);
    assert(truecolor.test(menu), "no truecolor cells drawn");
    assertStringIncludes(menu, "FPS");
    await game.send(" ");
    const level = await game.waitFor("scene level", { escapes: true });
    assertStringIncludes(level, "SCORE");
    await game.send("q");
    assertEquals(await game.exitCode(), "0");
    // Back from the alternate screen: the game's status line is gone.
    const after = await game.screen();
    assert(!after.includes("scene level"), `terminal not restored:\n${after}`);
  },
});

Deno.test({
  name: "Ctrl-C in the terminal renderer ends the game with exit code 130",
  ignore: !hasTmux,
  fn: async () => {
    await using game = await startTmuxGame(BREAKOUT, { name: "ctrlc", width: 100, height: 32 });
    // The manifest's title leads the status line.
    const menu = await game.waitFor("scene menu", { escapes: true });
    assertStringIncludes(menu, "Breakout | FPS");
    await game.send("C-c");
    assertEquals(await game.exitCode(), "130");
  },
});
