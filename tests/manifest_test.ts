/**
 * A game's moonglow.json reaches the running engine: view size, title,
 * first scene and key bindings, whatever the renderer; a bad one stops the
 * run with exit code 1 before anything starts.
 */
import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { cli } from "../src/cli/_test_helpers.ts";
import { defaultDeps } from "../src/cli/default_deps.ts";
import { Engine } from "../src/engine/engine.ts";
import { ManifestError } from "../src/engine/manifest.ts";
import type { Renderer, RenderFrame } from "../src/core/render_types.ts";

const MAIN = `
function on_setup() engine.set_string("scene", "from_setup") end
function on_switch_scene(scene) engine.set_string("first", engine.get_string("first") or scene) end
function on_update_play(input)
  if input.digital.action_1.just_pressed then engine.set_flag("fired") end
  if input.digital.up.just_pressed then engine.set_flag("up") end
end
`;

async function withGame(
  manifest: string | undefined,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "manifest_game" });
  try {
    await Deno.writeTextFile(`${dir}/main.lua`, MAIN);
    if (manifest !== undefined) await Deno.writeTextFile(`${dir}/moonglow.json`, manifest);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A renderer that keeps the frames it is given. */
function recorder(): Renderer & { frames: RenderFrame[] } {
  const frames: RenderFrame[] = [];
  return {
    frames,
    start: () => Promise.resolve(),
    draw: (frame) => void frames.push(frame),
    poll: () => [],
    consoleOutput: () => {},
    stop: () => Promise.resolve(),
  };
}

const MANIFEST = JSON.stringify({
  title: "Test Game",
  view: { width: 320, height: 200 },
  scene: "play",
  bindings: { k: "action_1", space: null, w: null },
});

Deno.test("the engine takes title, view, first scene and bindings from moonglow.json", async () => {
  await withGame(MANIFEST, async (gameDir) => {
    const renderer = recorder();
    const engine = await Engine.load({
      gameDir,
      workers: 1,
      renderer,
      inputLog: [{ frame: 1, press: ["space", "w"] }, { frame: 2, press: ["k"] }],
    });
    try {
      assertEquals(engine.manifest.title, "Test Game");
      // The manifest's scene wins over the `scene` signal on_setup set.
      assertEquals(engine.scene, "play");
      // The camera starts at the centre of the view.
      assertEquals([engine.state.camera.x, engine.state.camera.y], [160, 100]);
      await engine.step();
      await engine.step();
      assertEquals(engine.state.signals.hasFlag("fired"), false, "space was unbound");
      assertEquals(engine.state.signals.hasFlag("up"), false, "w was unbound");
      await engine.step();
      assertEquals(engine.state.signals.hasFlag("fired"), true, "k fires");
      const last = renderer.frames.at(-1) as RenderFrame;
      assertEquals(last.view, { width: 320, height: 200 });
      assertEquals(last.status.title, "Test Game");
    } finally {
      engine.close();
    }
  });
});

Deno.test("without a manifest: folder name, 800x600, the game's own first scene, default keys", async () => {
  await withGame(undefined, async (gameDir) => {
    const renderer = recorder();
    const engine = await Engine.load({ gameDir, workers: 1, renderer });
    try {
      assertEquals(engine.manifest.title, gameDir.split("/").pop());
      assertEquals(engine.scene, "from_setup");
      engine.render();
      assertEquals(renderer.frames.at(-1)?.view, { width: 800, height: 600 });
    } finally {
      engine.close();
    }
  });
});

Deno.test("--scene beats the manifest's scene", async () => {
  await withGame(MANIFEST, async (gameDir) => {
    const dump = `${gameDir}/dump.json`;
    const args = ["run", gameDir, "--renderer", "headless", "--frames", "0", "--dump-state", dump];
    assertEquals((await cli(args, defaultDeps())).code, 0);
    assertEquals(JSON.parse(await Deno.readTextFile(dump)).scene, "play");
    assertEquals((await cli([...args, "--scene", "other"], defaultDeps())).code, 0);
    const dumped = JSON.parse(await Deno.readTextFile(dump));
    assertEquals([dumped.scene, dumped.signals.strings.first], ["other", "other"]);
  });
});

Deno.test("a bad manifest stops the run with exit 1 and names the file and field", async () => {
  await withGame('{ "view": { "width": 640, "hieght": 480 } }', async (gameDir) => {
    await assertRejects(() => Engine.load({ gameDir, workers: 1 }), ManifestError);
    const r = await cli(["run", gameDir, "--renderer", "headless", "--frames", "1"], defaultDeps());
    assertEquals(r.code, 1);
    assertEquals(
      r.err[0],
      `moonglow: In ${gameDir}/moonglow.json, "view.hieght" is not a field of "view" ` +
        '(did you mean "height"?); its fields are width, height',
    );
    assertStringIncludes(r.err[1] ?? "", "moonglow.json is optional");
  });
});
