/**
 * The error overlay in real terminals and browsers: tests/games/erring fails
 * on every frame at main.lua:13 and asks for a texture that is missing. The
 * terminal (tmux) and the web page (headless Chromium) show both errors with
 * `file:line` while the game goes on, and quitting the terminal run prints
 * the summary. Each part is skipped (reported as ignored) when its program
 * is missing; `.ci/run` installs both.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { hasChromium, startBrowserGame } from "./_browser.ts";
import { hasTmux, startTmuxGame } from "./_tmux.ts";

const GAME = new URL("./games/erring", import.meta.url).pathname;
const FAILURE = "main.lua:13: attempt to index a nil value (local 'ship')";
const MISSING = 'main.lua:4: load_texture: texture "ship": file "assets/ship.png" does not exist';

Deno.test({
  name: "terminal: errors show over the running game, and quitting prints the summary",
  ignore: !hasTmux,
  fn: async () => {
    await using game = await startTmuxGame(GAME, { name: "errors", width: 120, height: 30 });
    const counted = /\[(\d+)x\] main\.lua:13: /;
    const first = await game.waitFor((s) => counted.test(s) && s.includes(MISSING), {
      what: "the overlay",
    });
    assertStringIncludes(first, FAILURE);
    assertStringIncludes(first, "scene menu");
    // The game goes on: the count keeps rising.
    const before = Number(counted.exec(first)?.[1]);
    await game.waitFor((s) => Number(counted.exec(s)?.[1] ?? 0) > before + 10, {
      what: "a higher count",
    });
    await game.send("q");
    const after = await game.waitFor("during the run", { what: "the summary" });
    assert(!after.includes("scene menu"), `terminal not restored:\n${after}`);
    const summary = after.slice(after.search(/^\d+ errors during the run/m));
    assertMatch(summary, /^\d+ errors during the run \(2 distinct\):/);
    assertStringIncludes(
      summary,
      `  ${MISSING} in the game folder\n    1 time, first at frame 0 in load_texture`,
    );
    assertMatch(
      summary,
      new RegExp(
        String.raw`  main\.lua:13: .*\n    \d+ times, first at frame 0 in on_update_menu`,
      ),
    );
    assertEquals(await game.exitCode(), "0");
  },
});

Deno.test({
  name: "web: the page shows the errors with file:line and counts while the game goes on",
  ignore: !hasChromium,
  // Chromium and the server are separate processes and sockets that close asynchronously.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using game = await startBrowserGame(GAME);
    const page = await game.browser.newPage();
    await page.goto(game.renderer.url);
    const list = 'document.getElementById("errors-list").textContent';
    await page.waitForFunction(`/\\[\\d+x\\] main\\.lua:13: /.test(${list})`);
    const text = await page.locator("#errors-list").textContent() ?? "";
    assertStringIncludes(text, FAILURE);
    assertStringIncludes(text, MISSING);
    assertEquals(await page.locator("#errors").isVisible(), true);
    // The game goes on under the overlay: frames keep arriving, the count keeps rising.
    const count = (t: string) => Number(/\[(\d+)x\] main\.lua:13/.exec(t)?.[1]);
    await page.waitForFunction(
      `Number(/\\[(\\d+)x\\] main\\.lua:13/.exec(${list})?.[1]) > ${count(text) + 10}`,
    );
    // Closing hides the errors shown; the one that keeps happening stays hidden.
    await page.locator("#errors-close").click();
    await page.waitForFunction('document.getElementById("errors").style.display === "none"');
    const frames = await page.evaluate("globalThis.moonglow.frames") as number;
    await page.waitForFunction(`globalThis.moonglow.frames > ${frames + 10}`);
    assertEquals(await page.locator("#errors").isVisible(), false);
  },
});
