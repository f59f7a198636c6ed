/**
 * The web renderer in a real browser: Debian's headless Chromium driven by
 * playwright-core opens the page of a small game served by the engine in this
 * process, and the test checks pixels of the canvas, input reaching the
 * engine, a post-process uniform changing the picture, the Lua error overlay,
 * the console, and sockets refused without the token or from another origin. Screenshots go to tests/artifacts/. Skipped (reported as
 * ignored) only when /usr/bin/chromium is missing; `.ci/run` installs it.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { decodePngRgba, encodePngRgba, type RgbaImage } from "../src/assets/mod.ts";
import { waitFor } from "../src/lua/_test_helpers.ts";
import { CHROMIUM, hasChromium, startBrowserGame } from "./_browser.ts";

if (!hasChromium) {
  console.warn(
    `web_renderer_test: SKIPPED, ${CHROMIUM} is not installed (apt-get install chromium)`,
  );
}

const ARTIFACTS = new URL("./artifacts/", import.meta.url).pathname;

const MAIN_LUA = `
function on_setup()
  engine.load_texture("paddle", "paddle.png")
  engine.load_shader("glow", "glow.frag")
  engine.load_shader("wash", "wash.frag")
end

function on_switch_scene(scene)
  engine.spawn():with_group("paddle"):with_position(400, 500)
    :with_sprite("paddle", 160, 40, 80, 20)
    :with_shader("glow", { u_gain = 1.0 })
    :register_as("paddle"):build()
  engine.spawn():with_text("WEB", nil, 48, 255, 255, 0, 255):with_position(40, 40):build()
  engine.post_process_shader({ "wash" })
  engine.post_process_set_vec4("u_wash", 0, 0, 0, 0)
end

function on_update_menu(input, dt)
  local id = engine.get_entity("paddle")
  local vx = 0
  if input.digital.left.pressed then vx = -400 end
  if input.digital.right.pressed then vx = 400 end
  engine.entity_set_velocity(id, vx, 0)
  if input.digital.action_2.just_pressed then
    error("paddle exploded")
  end
end
`;

// Entity shader: a body only (the engine adds the header); gain 1 keeps the texture as is.
const GLOW = `uniform float u_gain;
void main() { vec4 c = texture(u_texture, v_uv) * u_color; fragColor = vec4(c.rgb * u_gain, c.a); }`;
// Post-process: a full GLSL ES 3.00 shader mixing the scene towards u_wash.rgb by u_wash.a.
const WASH = `#version 300 es
precision highp float;
in vec2 v_uv;
uniform sampler2D u_texture;
uniform vec4 u_wash;
out vec4 fragColor;
void main() { fragColor = vec4(mix(texture(u_texture, v_uv).rgb, u_wash.rgb, u_wash.a), 1.0); }`;

/** Orange paddle texture with a white left half, so the sprite's pixels are recognisable. */
function paddlePng(): Uint8Array {
  const w = 16;
  const h = 4;
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    data.set(i % w < 8 ? [255, 255, 255, 255] : [255, 128, 0, 255], i * 4);
  }
  return encodePngRgba({ width: w, height: h, data });
}

/** The game in `<root>/game`, and a file next to it that must not be served. */
async function makeGame(): Promise<{ root: string; gameDir: string }> {
  const root = await Deno.makeTempDir({ prefix: "moonglow_web_" });
  const dir = `${root}/game`;
  await Deno.mkdir(dir);
  await Deno.writeTextFile(`${root}/secret.frag`, "secret");
  await Deno.writeTextFile(`${dir}/main.lua`, MAIN_LUA);
  await Deno.writeFile(`${dir}/paddle.png`, paddlePng());
  await Deno.writeTextFile(`${dir}/glow.frag`, GLOW);
  await Deno.writeTextFile(`${dir}/wash.frag`, WASH);
  return { root, gameDir: dir };
}

function pixel(img: RgbaImage, x: number, y: number): [number, number, number] {
  const o = (y * img.width + x) * 4;
  return [img.data[o] ?? -1, img.data[o + 1] ?? -1, img.data[o + 2] ?? -1];
}

function near(a: readonly number[], b: readonly number[], tolerance = 24): boolean {
  return a.every((v, i) => Math.abs(v - (b[i] ?? 0)) <= tolerance);
}

Deno.test({
  name: "web renderer: Chromium draws sprites, text and shaders, sends input and console lines",
  ignore: !hasChromium,
  // Chromium and the server are separate processes and sockets that close asynchronously.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { root, gameDir } = await makeGame();
    try {
      await using game = await startBrowserGame(gameDir, {
        viewport: { width: 1000, height: 800 },
      });
      const { engine, renderer, browser } = game;
      const pageErrors: string[] = [];
      await Deno.mkdir(ARTIFACTS, { recursive: true });
      const page = await browser.newPage();
      page.on("console", (m) => {
        if (m.type() === "error") pageErrors.push(m.text());
      });
      page.on("pageerror", (e) => pageErrors.push(e.message));
      await page.goto(renderer.url);
      await page.waitForFunction("globalThis.moonglow.frames > 20");
      // The game's title (its folder's name: the game has no moonglow.json) names the page.
      assertEquals(await page.title(), gameDir.split("/").pop());
      const canvas = page.locator("#game");
      const box = await canvas.boundingBox();
      assert(box !== null);
      // The page centres the canvas, maybe at a fractional offset: clip to whole pixels.
      const clip = { x: Math.round(box.x), y: Math.round(box.y), width: 800, height: 600 };
      const shot = async (name: string) =>
        decodePngRgba(await page.screenshot({ clip, path: `${ARTIFACTS}web_${name}.png` }));

      // 1. Not blank: the background, the paddle's white and orange halves, the text (once the
      // texture and the shaders have loaded).
      const yellowPixels = (img: RgbaImage) => {
        let n = 0;
        for (let y = 40; y < 100; y++) {
          for (let x = 40; x < 140; x++) if (near(pixel(img, x, y), [255, 255, 0], 60)) n++;
        }
        return n;
      };
      let first = await shot("start");
      await waitFor(async () => {
        first = await shot("start");
        return near(pixel(first, 460, 500), [255, 128, 0]) && yellowPixels(first) > 50;
      });
      assertEquals([box.width, box.height], [800, 600]);
      assert(near(pixel(first, 10, 300), [12, 12, 20]), `background ${pixel(first, 10, 300)}`);
      assert(
        near(pixel(first, 340, 500), [255, 255, 255]),
        `paddle left ${pixel(first, 340, 500)}`,
      );
      assert(near(pixel(first, 460, 500), [255, 128, 0]), `paddle right ${pixel(first, 460, 500)}`);
      assert(yellowPixels(first) > 50, `text pixels: ${yellowPixels(first)}`);

      // 2. A key press in the page moves the paddle in the engine.
      const paddle = () => engine.dump().entities.find((e) => e.groups.includes("paddle"));
      const before = paddle()?.position[0] ?? NaN;
      const x = () => paddle()?.position[0] ?? NaN;
      await page.keyboard.down("ArrowLeft");
      await waitFor(() => x() < before - 40);
      await page.keyboard.up("ArrowLeft");
      await waitFor(() => paddle()?.velocity[0] === 0);
      const after = x();
      assert(after < before - 40, `paddle x ${before} -> ${after}`);
      assertEquals(paddle()?.velocity, [0, 0]);

      // 3. A post-process uniform set from the page's console turns the picture red.
      await page.locator("#console-line").fill(
        'exec engine.post_process_set_vec4("u_wash", 1, 0, 0, 1)',
      );
      await page.locator("#console-line").press("Enter");
      await page.waitForFunction('document.getElementById("console-log").textContent !== ""');
      let washed = await shot("washed");
      await waitFor(async () => {
        washed = await shot("washed");
        return near(pixel(washed, 10, 300), [255, 0, 0]) &&
          near(pixel(washed, 460, 500), [255, 0, 0]);
      });
      assert(near(pixel(washed, 10, 300), [255, 0, 0]), `washed ${pixel(washed, 10, 300)}`);
      assert(
        near(pixel(washed, 460, 500), [255, 0, 0]),
        `washed paddle ${pixel(washed, 460, 500)}`,
      );

      // The console's prof puts the costliest callback on the page's status line.
      await page.locator("#console-line").fill("prof");
      await page.locator("#console-line").press("Enter");
      await page.waitForFunction(
        'document.getElementById("status").textContent.includes("prof on_update_menu")',
      );

      // 4. A Lua error shows in the overlay with file:line.
      await page.locator("#game").focus();
      await page.keyboard.press("x");
      await page.waitForFunction('document.getElementById("errors").style.display === "block"');
      const overlay = await page.locator("#errors-list").textContent() ?? "";
      assertStringIncludes(overlay, "paddle exploded");
      assert(/main\.lua:\d+/.test(overlay), overlay);
      await shot("error_overlay");

      // 5. Only game files are served.
      const served = await fetch(`${renderer.url}assets/paddle.png`);
      assertEquals(served.status, 200);
      await served.body?.cancel();
      for (const evil of ["../secret.frag", "%2e%2e/secret.frag", "..%2fsecret.frag", "main.lua"]) {
        const res = await fetch(`${renderer.url}assets/${evil}`);
        assertEquals(res.status, 404, evil);
        await res.body?.cancel();
      }
      // 6. Only the page's own origin with this run's token gets a socket: a script in another
      // page of the game's origin has no token, and a page served from another origin is
      // refused even when it knows the token.
      const attempt = (url: string) =>
        `new Promise((done) => {
          const ws = new WebSocket(${JSON.stringify(url)});
          ws.onopen = () => done("open");
          ws.onclose = () => done("refused");
        })`;
      const wsUrl = `ws://127.0.0.1:${renderer.port}/ws`;
      const token = await page.evaluate(
        "document.querySelector('meta[name=\"moonglow-token\"]').content",
      );
      const other = await browser.newPage();
      await other.goto(renderer.url);
      assertEquals(await other.evaluate(attempt(wsUrl)), "refused");
      assertEquals(await other.evaluate(attempt(`${wsUrl}?token=${token}`)), "open");
      await other.close();
      await using foreign = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen: () => {} },
        () =>
          new Response("<title>elsewhere</title>", { headers: { "content-type": "text/html" } }),
      );
      const elsewhere = await browser.newPage();
      await elsewhere.goto(`http://127.0.0.1:${foreign.addr.port}/`);
      assertEquals(await elsewhere.evaluate(attempt(`${wsUrl}?token=${token}`)), "refused");
      await elsewhere.close();
      assertEquals(pageErrors, []);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
