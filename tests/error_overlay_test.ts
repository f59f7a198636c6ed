/**
 * The error overlay in real terminals and browsers: tests/games/erring fails
 * on every frame at main.lua:13 and asks for a texture that is missing. The
 * terminal (tmux) and the web page (headless Chromium) show both errors with
 * `file:line` while the game goes on, and quitting the terminal run prints
 * the summary. Each part is skipped (reported as ignored) when its program
 * is missing; `.ci/run` installs both.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { delay } from "@std/async";
import { chromium } from "playwright-core";
import { Engine } from "../src/engine/engine.ts";
import { WebRenderer } from "../src/render/web/mod.ts";

const GAME = new URL("./games/erring", import.meta.url).pathname;
const FAILURE = "main.lua:13: attempt to index a nil value (local 'ship')";
const MISSING = 'main.lua:4: load_texture: texture "ship": file "assets/ship.png" does not exist';

const hasTmux = await new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" })
  .output().then((o) => o.success, () => false);
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = await Deno.stat(CHROMIUM).then((s) => s.isFile, () => false);

async function tmux(...args: string[]): Promise<string> {
  const out = await new Deno.Command("tmux", { args, stdout: "piped", stderr: "piped" }).output();
  return new TextDecoder().decode(out.stdout);
}

/** Polls the pane until `ok` holds for its text; returns that text. */
async function screenWhere(
  session: string,
  ok: (screen: string) => boolean,
  what: string,
): Promise<string> {
  let screen = "";
  for (let i = 0; i < 300; i++) {
    screen = await tmux("capture-pane", "-t", session, "-p");
    if (ok(screen)) return screen;
    await delay(100);
  }
  throw new Error(`${what} never appeared; screen:\n${screen}`);
}

Deno.test({
  name: "terminal: errors show over the running game, and quitting prints the summary",
  ignore: !hasTmux,
  fn: async () => {
    const session = `moonglow-errors-${Deno.pid}`;
    const dir = await Deno.makeTempDir();
    const main = new URL("../src/cli/main.ts", import.meta.url).pathname;
    const cmd = `'${Deno.execPath()}' run -A '${main}' run '${GAME}' --renderer terminal; ` +
      `echo "exit $?" > '${dir}/exit'; sleep 60`;
    await tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", cmd);
    try {
      const counted = /\[(\d+)x\] main\.lua:13: /;
      const first = await screenWhere(
        session,
        (s) => counted.test(s) && s.includes(MISSING),
        "the overlay",
      );
      assertStringIncludes(first, FAILURE);
      assertStringIncludes(first, "scene menu");
      // The game goes on: the count keeps rising.
      const before = Number(counted.exec(first)?.[1]);
      await screenWhere(
        session,
        (s) => Number(counted.exec(s)?.[1] ?? 0) > before + 10,
        "a higher count",
      );
      await tmux("send-keys", "-t", session, "q");
      const after = await screenWhere(session, (s) => s.includes("during the run"), "the summary");
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
      let code = "";
      for (let i = 0; i < 100 && code === ""; i++) {
        code = (await Deno.readTextFile(`${dir}/exit`).catch(() => "")).trim();
        if (code === "") await delay(100);
      }
      assertEquals(code, "exit 0");
    } finally {
      await tmux("kill-session", "-t", session);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "web: the page shows the errors with file:line and counts while the game goes on",
  ignore: !hasChromium,
  // Chromium and the server are separate processes and sockets that close asynchronously.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const renderer = new WebRenderer({ gameDir: GAME, port: 0, onListen: () => {} });
    const engine = await Engine.load({ gameDir: GAME, workers: 1, renderer });
    await renderer.start();
    let running = true;
    const loop = (async () => {
      while (running) {
        await engine.step();
        await delay(15);
      }
    })();
    const userDataDir = await Deno.makeTempDir({ prefix: "moonglow_chromium_" });
    const browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    });
    try {
      const page = await browser.newPage();
      await page.goto(renderer.url);
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
    } finally {
      await browser.close();
      running = false;
      await loop;
      await renderer.stop();
      engine.close();
      await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
    }
  },
});
