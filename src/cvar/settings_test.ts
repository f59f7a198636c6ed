import { assertEquals, assertRejects } from "@std/assert";
import { join } from "node:path";
import { CVarRegistry } from "./registry.ts";
import { defaultSettingsPath, loadSettings, saveSettings, SettingsWriteError } from "./settings.ts";

function registry(): CVarRegistry {
  const reg = new CVarRegistry();
  reg.define({ name: "r_show_fps", type: "bool", default: false, flags: ["saved"] });
  reg.define({ name: "snd_volume", type: "float", default: 1, min: 0, max: 1, flags: ["saved"] });
  reg.define({ name: "player_name", type: "string", default: "ada", flags: ["saved"] });
  reg.define({ name: "r_fov", type: "int", default: 75, min: 45, max: 120, flags: ["saved"] });
  reg.define({ name: "sys_tick_hz", type: "int", default: 60 });
  return reg;
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "moonglow_settings_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Run `fn` with the path of a version 1 settings file holding `cvars`. */
function withSettingsFile(
  cvars: Record<string, unknown>,
  fn: (path: string) => Promise<void>,
): Promise<void> {
  return withTempDir(async (dir) => {
    const path = join(dir, "settings.json");
    await Deno.writeTextFile(path, JSON.stringify({ version: 1, cvars }));
    await fn(path);
  });
}

Deno.test("defaultSettingsPath prefers XDG_CONFIG_HOME, then HOME/.config, then APPDATA", () => {
  const env = (vars: Record<string, string>) => ({ get: (n: string) => vars[n] });
  assertEquals(
    defaultSettingsPath(env({ XDG_CONFIG_HOME: "/xdg", HOME: "/home/ada" })),
    "/xdg/moonglow/settings.json",
  );
  assertEquals(
    defaultSettingsPath(env({ XDG_CONFIG_HOME: "", HOME: "/home/ada" })),
    "/home/ada/.config/moonglow/settings.json",
  );
  assertEquals(
    defaultSettingsPath(env({ APPDATA: "/appdata" })),
    "/appdata/moonglow/settings.json",
  );
  assertEquals(defaultSettingsPath(env({})), undefined);
  const denied = {
    get(): string {
      throw new Deno.errors.NotCapable("env access denied");
    },
  };
  assertEquals(defaultSettingsPath(denied), undefined);
});

Deno.test("round trip: saved non-default values are written and read back", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "nested", "moonglow", "settings.json");
    const before = registry();
    before.set("r_show_fps", true);
    before.set("snd_volume", 0.25);
    before.set("player_name", "Grace Hopper");
    before.set("sys_tick_hz", 30); // not saved
    assertEquals(await saveSettings(before, path), {
      fileWritten: true,
      written: ["player_name", "r_show_fps", "snd_volume"],
      kept: [],
      warnings: [],
    });
    assertEquals(JSON.parse(await Deno.readTextFile(path)), {
      version: 1,
      cvars: { player_name: "Grace Hopper", r_show_fps: true, snd_volume: 0.25 },
    });
    const after = registry();
    assertEquals(await loadSettings(after, path), {
      applied: ["player_name", "r_show_fps", "snd_volume"],
      warnings: [],
    });
    assertEquals(
      [
        after.get("r_show_fps"),
        after.get("snd_volume"),
        after.get("player_name"),
        after.get("sys_tick_hz"),
      ],
      [true, 0.25, "Grace Hopper", 60],
    );
    // No temporary file is left beside the settings file.
    const names = [];
    for await (const e of Deno.readDir(join(dir, "nested", "moonglow"))) names.push(e.name);
    assertEquals(names, ["settings.json"]);
  });
});

Deno.test("saving keeps entries of cvars not defined now and drops values back at default", async () => {
  const cvars = { other_game_level: 3, r_show_fps: true, snd_volume: 0.5 };
  await withSettingsFile(cvars, async (path) => {
    const reg = registry();
    await loadSettings(reg, path);
    reg.set("r_show_fps", false); // back to default
    assertEquals(await saveSettings(reg, path), {
      fileWritten: true,
      written: ["snd_volume"],
      kept: ["other_game_level"],
      warnings: [],
    });
    assertEquals(JSON.parse(await Deno.readTextFile(path)).cvars, {
      other_game_level: 3,
      snd_volume: 0.5,
    });
  });
});

Deno.test("a missing file is a quiet first run", async () => {
  await withTempDir(async (dir) => {
    assertEquals(await loadSettings(registry(), join(dir, "none.json")), {
      applied: [],
      warnings: [],
    });
  });
});

Deno.test("a corrupt or unreadable file is ignored with a warning naming it", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "settings.json");
    await Deno.writeTextFile(path, "{ not json");
    const reg = registry();
    const report = await loadSettings(reg, path);
    assertEquals(report.applied, []);
    assertEquals(report.warnings.length, 1);
    assertEquals(report.warnings[0]?.startsWith(`Settings file ${path} is not valid JSON (`), true);
    assertEquals(report.warnings[0]?.endsWith("); using defaults"), true);

    await Deno.writeTextFile(path, JSON.stringify([1, 2]));
    assertEquals((await loadSettings(reg, path)).warnings, [
      `Settings file ${path} has no "cvars" object; using defaults`,
    ]);
    await Deno.writeTextFile(path, JSON.stringify({ version: 2, cvars: {} }));
    assertEquals((await loadSettings(reg, path)).warnings, [
      `Settings file ${path} has version 2, expected 1; using defaults`,
    ]);
    // A directory where the file should be cannot be read.
    const folder = join(dir, "folder.json");
    await Deno.mkdir(folder);
    const unreadable = await loadSettings(reg, folder);
    assertEquals(
      unreadable.warnings[0]?.startsWith(`Could not read settings file ${folder}: `),
      true,
    );
    assertEquals(reg.get("r_show_fps"), false);
  });
});

Deno.test("bad entries are skipped with a warning naming the entry; good ones still apply", async () => {
  const cvars = {
    r_fov: 200,
    snd_volume: "loud",
    r_show_fps: "on",
    player_name: 5,
    nope: 1,
    sys_tick_hz: 30,
    r_mode: null,
  };
  await withSettingsFile(cvars, async (path) => {
    const reg = registry();
    reg.define({ name: "r_mode", type: "string", default: "fit", flags: ["saved"] });
    const report = await loadSettings(reg, path);
    assertEquals(report.applied, ["r_show_fps"]);
    const prefix = `Settings file ${path}: `;
    assertEquals(report.warnings, [
      `${prefix}r_fov: 200 is above the maximum 120; entry ignored`,
      `${prefix}snd_volume: "loud" is not a number; entry ignored`,
      `${prefix}player_name: 5 is not a string; entry ignored`,
      `${prefix}unknown cvar "nope"; entry ignored`,
      `${prefix}sys_tick_hz is not a saved cvar; entry ignored`,
      `${prefix}r_mode: null is not a cvar value; entry ignored`,
    ]);
    assertEquals([reg.get("r_fov"), reg.get("snd_volume"), reg.get("sys_tick_hz")], [75, 1, 60]);
  });
});

Deno.test("a write failure is a SettingsWriteError naming the file and leaves no temp file", async () => {
  await withTempDir(async (dir) => {
    // The target is a non-empty directory, so the rename over it fails.
    const path = join(dir, "settings.json");
    await Deno.mkdir(join(path, "inside"), { recursive: true });
    const reg = registry();
    reg.set("r_show_fps", true);
    await assertRejects(
      () => saveSettings(reg, path),
      SettingsWriteError,
      `Could not write settings file ${path}: `,
    );
    const names = [];
    for await (const e of Deno.readDir(dir)) names.push(e.name);
    assertEquals(names, ["settings.json"]);
  });
});

async function names(dir: string): Promise<string[]> {
  const found = [];
  for await (const e of Deno.readDir(dir)) found.push(e.name);
  return found.sort();
}

Deno.test("nothing is written when no saved cvar changed, whatever the file holds", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "settings.json");
    const files = [
      "{ not json",
      JSON.stringify({ version: 2, cvars: { r_show_fps: true, hud_layout: "new" } }),
      // Usable, but not as this engine would write it: a refused entry, a value at its default.
      '{"version":1,"cvars":{"r_fov":500,"snd_volume":1,"player_name":"Grace"}}',
    ];
    for (const text of files) {
      await Deno.writeTextFile(path, text);
      const reg = registry();
      await loadSettings(reg, path);
      reg.set("sys_tick_hz", 30); // not a saved cvar
      reg.set("r_show_fps", true); // changed and changed back
      reg.set("r_show_fps", false);
      const report = await saveSettings(reg, path);
      assertEquals(await Deno.readTextFile(path), text);
      assertEquals(report, { fileWritten: false, written: [], kept: [], warnings: [] }, text);
    }
    assertEquals(await names(dir), ["settings.json"]);
    // Without a file and with nothing to save, none is created.
    const none = join(dir, "none", "settings.json");
    const report = await saveSettings(registry(), none);
    assertEquals(await names(dir), ["settings.json"]);
    assertEquals(report.fileWritten, false);
  });
});

Deno.test("without a load, a file already holding what would be written is left alone", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "settings.json");
    const text = '{"cvars":{"other_game":1,"snd_volume":0.5},"version":1}';
    await Deno.writeTextFile(path, text);
    const reg = registry();
    reg.set("snd_volume", 0.5);
    await saveSettings(reg, path);
    assertEquals(await Deno.readTextFile(path), text);
    reg.set("snd_volume", 0.25);
    assertEquals((await saveSettings(reg, path)).fileWritten, true);
    assertEquals(JSON.parse(await Deno.readTextFile(path)).cvars, {
      other_game: 1,
      snd_volume: 0.25,
    });
    // After a save, another with nothing new writes nothing either.
    await Deno.writeTextFile(path, text); // edited by hand meanwhile
    const report = await saveSettings(reg, path);
    assertEquals(await Deno.readTextFile(path), text);
    assertEquals(report.fileWritten, false);
  });
});

Deno.test("an unusable file is kept as a backup named in a warning when a change is saved", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "settings.json");
    const cases: [string, string][] = [
      ["{ not json", `Settings file ${path} is not valid JSON (`],
      [
        JSON.stringify({ version: 2, cvars: { r_show_fps: true } }),
        `Settings file ${path} has version 2, expected 1`,
      ],
    ];
    const backups = [`${path}.bak`, `${path}.bak.2`];
    for (const [i, [text, warning]] of cases.entries()) {
      await Deno.writeTextFile(path, text);
      const reg = registry();
      await loadSettings(reg, path);
      reg.set("snd_volume", 0.5);
      const report = await saveSettings(reg, path);
      // The first backup is not overwritten by the second.
      assertEquals(await Deno.readTextFile(backups[i]!), text);
      assertEquals(JSON.parse(await Deno.readTextFile(path)).cvars, { snd_volume: 0.5 });
      assertEquals(report.fileWritten, true);
      assertEquals(report.warnings.length, 1);
      assertEquals(report.warnings[0]?.startsWith(warning), true, report.warnings[0]);
      assertEquals(report.warnings[0]?.endsWith(`; kept as ${backups[i]}`), true);
    }
    assertEquals(await names(dir), ["settings.json", "settings.json.bak", "settings.json.bak.2"]);
  });
});

Deno.test("a symlinked settings file is written through: the link stays a link", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(join(dir, "dotfiles"));
    const real = join(dir, "dotfiles", "moonglow.json");
    const path = join(dir, "settings.json");
    await Deno.writeTextFile(real, '{ "version": 1, "cvars": { "r_fov": 90 } }');
    await Deno.symlink("dotfiles/moonglow.json", path); // relative, as dotfile managers make them
    const reg = registry();
    await loadSettings(reg, path);
    reg.set("r_show_fps", true);
    await saveSettings(reg, path);
    assertEquals((await Deno.lstat(path)).isSymlink, true);
    assertEquals(await Deno.readLink(path), "dotfiles/moonglow.json");
    assertEquals(JSON.parse(await Deno.readTextFile(real)).cvars, { r_fov: 90, r_show_fps: true });
    assertEquals(await names(join(dir, "dotfiles")), ["moonglow.json"]);

    // A corrupt file behind the link is backed up beside it; a dangling link gets its file.
    await Deno.writeTextFile(real, "{ not json");
    reg.set("r_fov", 100);
    const report = await saveSettings(reg, path);
    assertEquals(await Deno.readTextFile(`${real}.bak`), "{ not json");
    assertEquals(report.warnings[0]?.endsWith(`; kept as ${real}.bak`), true, report.warnings[0]);
    assertEquals((await Deno.lstat(path)).isSymlink, true);
    await Deno.remove(real);
    await Deno.remove(`${real}.bak`);
    reg.set("r_fov", 110);
    await saveSettings(reg, path);
    assertEquals((await Deno.lstat(path)).isSymlink, true);
    assertEquals(JSON.parse(await Deno.readTextFile(real)).cvars.r_fov, 110);
  });
});

Deno.test("an unusable file that cannot be backed up is left as it is, with an error", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "settings.json");
    await Deno.writeTextFile(path, "{ not json");
    for (let n = 1; n <= 100; n++) {
      await Deno.writeTextFile(n === 1 ? `${path}.bak` : `${path}.bak.${n}`, "taken");
    }
    const reg = registry();
    await loadSettings(reg, path);
    reg.set("r_show_fps", true);
    await assertRejects(
      () => saveSettings(reg, path),
      SettingsWriteError,
      "the old file could not be kept as a backup, so it is left as it is",
    );
    assertEquals(await Deno.readTextFile(path), "{ not json");
  });
});
