/** Saved CVars survive a restart; a corrupt settings file is ignored with a warning. */
import { assert, assertEquals } from "@std/assert";
import { Engine } from "../src/engine/engine.ts";

const GAME = new URL("./games/settings", import.meta.url).pathname;

Deno.test("a saved game CVar changed from the console is restored at the next start", async () => {
  const dir = await Deno.makeTempDir();
  const settingsPath = `${dir}/settings.json`;
  try {
    const first = await Engine.load({
      gameDir: GAME,
      workers: 1,
      settingsPath,
      inputLog: [{ frame: 0, console: "set difficulty 4" }],
    });
    await first.step();
    // The Lua on_change handler ran through the ActionQueue in post_update of the same frame.
    assertEquals(first.dump().signals.strings.changed, "difficulty:1->4");
    await first.saveSettings();
    first.close();
    assertEquals(first.cvars.get("difficulty"), 4);

    const second = await Engine.load({ gameDir: GAME, workers: 1, settingsPath });
    try {
      assertEquals(second.cvars.get("difficulty"), 4);
      assertEquals(second.dump().signals.integers.difficulty, 4);
    } finally {
      second.close();
    }

    await Deno.writeTextFile(settingsPath, "{ not json");
    const third = await Engine.load({ gameDir: GAME, workers: 1, settingsPath });
    try {
      assertEquals(third.cvars.get("difficulty"), 1);
      assert(third.dump().log.some((l) => l.level === "warn" && l.message.startsWith("settings:")));
    } finally {
      third.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a game that changed no saved CVar leaves an unusable settings file as it was", async () => {
  const dir = await Deno.makeTempDir();
  const settingsPath = `${dir}/settings.json`;
  const newer = JSON.stringify({ version: 2, cvars: { difficulty: 5, hud: "compact" } });
  try {
    await Deno.writeTextFile(settingsPath, newer);
    const engine = await Engine.load({ gameDir: GAME, workers: 1, settingsPath });
    try {
      await engine.step();
      await engine.saveSettings();
    } finally {
      engine.close();
    }
    assertEquals(await Deno.readTextFile(settingsPath), newer);
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assertEquals(names, ["settings.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
