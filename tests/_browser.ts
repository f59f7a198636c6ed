/**
 * A game served by the web renderer to headless Chromium, for the tests that
 * drive a real browser: the engine steps in this process while the page
 * draws it and sends input back.
 *
 * @module
 */
import { delay } from "@std/async";
import { type BrowserContext, chromium } from "playwright-core";
import { Engine } from "../src/engine/engine.ts";
import { WebRenderer } from "../src/render/web/mod.ts";

/** Debian's Chromium, which `.ci/run` installs. */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether {@linkcode CHROMIUM} is there; the browser tests are ignored without it. */
export const hasChromium: boolean = await Deno.stat(CHROMIUM).then((s) => s.isFile, () => false);

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A running game and the browser showing it; `close` (or `await using`) ends both. */
export interface BrowserGame extends AsyncDisposable {
  /** The engine, stepped about every 15 ms until `close`. */
  engine: Engine;
  /** The renderer serving the game's page at `renderer.url`. */
  renderer: WebRenderer;
  /** A fresh Chromium profile; open the page with `browser.newPage()`. */
  browser: BrowserContext;
  /** Closes the browser, stops the loop and the server, closes the engine. */
  close(): Promise<void>;
}

/** Loads `gameDir` with one worker, serves it on a free port and launches Chromium. */
export async function startBrowserGame(
  gameDir: string,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserGame> {
  const renderer = new WebRenderer({ gameDir, port: 0, onListen: () => {} });
  const engine = await Engine.load({ gameDir, workers: 1, renderer });
  let running = true;
  let loop: Promise<void> = Promise.resolve();
  const userDataDir = await Deno.makeTempDir({ prefix: "moonglow_chromium_" });
  let browser: BrowserContext | undefined;
  const close = async () => {
    await browser?.close();
    running = false;
    await loop;
    await renderer.stop();
    engine.close();
    await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
  };
  try {
    await renderer.start();
    loop = (async () => {
      while (running) {
        await engine.step();
        // Paces the frames (about 60 a second); nothing waits on this.
        await delay(15);
      }
    })();
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      ...options,
    });
  } catch (e) {
    await close();
    throw e;
  }
  return { engine, renderer, browser, close, [Symbol.asyncDispose]: close };
}
