import { assert } from "@std/assert";
import { GameWatcher, touchesLua } from "./game_watcher.ts";

Deno.test("events on .lua files and on names without an extension (folders) count", () => {
  assert(touchesLua(["/g/assets/a.png", "/g/lib/deep/util.lua"]));
  assert(!touchesLua(["/g/main.lua~", "/g/.main.lua.swp", "/g/levels/1.json"]));
  assert(touchesLua(["/g/lib"]), "a folder of Lua files renamed or removed");
  assert(!touchesLua([]));
});

Deno.test("a saved Lua file in a subfolder is reported once the burst settles; close ends the watch", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/lib`);
    let changes = 0;
    let changed!: () => void;
    const reported = new Promise<void>((resolve) => changed = resolve);
    const watcher = new GameWatcher(dir, () => {
      changes++;
      changed();
    }, { debounceMs: 20 });
    // An editor's save: truncate, write, then rename over the file.
    await Deno.writeTextFile(`${dir}/lib/util.lua.tmp`, "return 1");
    await Deno.writeTextFile(`${dir}/lib/util.lua`, "");
    await Deno.rename(`${dir}/lib/util.lua.tmp`, `${dir}/lib/util.lua`);
    const deadline = setTimeout(() => changed(), 5000);
    await reported;
    clearTimeout(deadline);
    assert(changes >= 1, "no change reported within 5 s");
    watcher.close();
    watcher.close();
    await watcher.done; // the event loop ended
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("watching a missing folder throws NotFound", () => {
  let thrown: unknown;
  try {
    new GameWatcher("/no/such/moonglow/game", () => {});
  } catch (e) {
    thrown = e;
  }
  assert(thrown instanceof Deno.errors.NotFound, String(thrown));
});
