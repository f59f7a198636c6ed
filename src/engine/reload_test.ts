import { assert, assertEquals } from "@std/assert";
import { dirname } from "node:path";
import type { ReloadOutcome } from "../lua/host_protocol.ts";
import type { LuaHost } from "../lua/lua_host.ts";
import type { NamedSource } from "../lua/host_protocol.ts";
import { EngineLog } from "../state/log.ts";
import { changedSources, ScriptReloader, type ScriptReloaderOptions } from "./reload.ts";

Deno.test("changedSources lists added, edited and deleted files, sorted", () => {
  const current = new Map([["main.lua", "a"], ["lib/b.lua", "b"], ["lib/c.lua", "c"]]);
  const next = new Map([["main.lua", "a2"], ["lib/b.lua", "b"], ["lib/a.lua", "new"]]);
  assertEquals(changedSources(current, next), {
    "lib/a.lua": "new",
    "lib/c.lua": null,
    "main.lua": "a2",
  });
  assertEquals(changedSources(current, new Map(current)), {});
});

/** What the fake host was asked to load. */
interface Loaded {
  main: NamedSource;
  files: Record<string, string>;
}

/** A host whose scripts define `functions`, or fail with `error`. */
function fakeHost(behaviour: { functions?: string[]; error?: string }, loaded: Loaded[]): LuaHost {
  const host = {
    reload(scripts: Loaded, check?: (f: readonly string[]) => string | undefined) {
      loaded.push(scripts);
      const functions = behaviour.functions ?? [];
      const problem = behaviour.error ?? check?.(functions);
      const out: ReloadOutcome = problem === undefined
        ? { ok: true, functions }
        : { ok: false, error: { message: problem, traceback: "" } };
      return Promise.resolve(out);
    },
  };
  return host as unknown as LuaHost;
}

/** A game folder with `files`, and a reloader over it. */
async function withReloader(
  files: Record<string, string>,
  options: Partial<ScriptReloaderOptions> & { functions?: string[]; error?: string },
  body: (r: ScriptReloader, dir: string, loaded: Loaded[], log: EngineLog) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(dirname(`${dir}/${path}`), { recursive: true });
      await Deno.writeTextFile(`${dir}/${path}`, text);
    }
    const loaded: Loaded[] = [];
    const log = new EngineLog();
    const reloader = new ScriptReloader({
      gameDir: dir,
      host: fakeHost(options, loaded),
      files: new Map(Object.entries(files)),
      log,
      inUse: () => new Map(),
      onReloaded: () => {},
      ...options,
    });
    try {
      await body(reloader, dir, loaded, log);
    } finally {
      reloader.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a save that changed no text reloads nothing; the console's reload always runs", async () => {
  const reloaded: string[][] = [];
  await withReloader({ "main.lua": "x = 1" }, {
    functions: ["on_update_menu"],
    onReloaded: (functions) => void reloaded.push([...functions]),
  }, async (r, dir, loaded, log) => {
    assert(!r.due(0));
    r.request("watch");
    assert(r.due(0));
    await r.atBoundary(0);
    assert(!r.due(1));
    assertEquals(loaded, []);
    assertEquals(r.request("console"), "reload: the scripts reload before the next frame");
    r.request("watch"); // does not downgrade the console's request
    await r.atBoundary(1);
    assertEquals(loaded.map((l) => l.main), [{ source: "x = 1", name: "main.lua" }]);
    await Deno.writeTextFile(`${dir}/main.lua`, "x = 2");
    r.request("watch");
    await r.atBoundary(2);
    assertEquals(loaded.map((l) => l.files), [{ "main.lua": "x = 1" }, { "main.lua": "x = 2" }]);
    assertEquals(reloaded, [["on_update_menu"], ["on_update_menu"]]);
    assertEquals(log.entries.map((e) => `${e.level} ${e.message}`), [
      "info reload: no Lua file changed; the scripts reloaded",
      "info reload: main.lua; the scripts reloaded",
    ]);
  });
});

Deno.test("a failed reload is an error record, and the next reload compares with the last good files", async () => {
  const recorded: unknown[] = [];
  await withReloader({ "main.lua": "x = 1" }, {
    error: "main.lua:1: unexpected symbol",
    record: (frame, sources) => void recorded.push({ frame, sources }),
  }, async (r, dir, loaded, log) => {
    await Deno.writeTextFile(`${dir}/main.lua`, "x = = 1");
    r.request("watch");
    log.frame = 7;
    await r.atBoundary(7);
    assertEquals(log.errors, [
      { frame: 7, callback: "reload", entity: null, message: "main.lua:1: unexpected symbol" },
    ]);
    assert(log.entries.some((e) => e.level === "warn" && e.message.includes("keep running")));
    r.request("watch");
    await r.atBoundary(8);
    assertEquals(loaded.length, 2); // still differs from the running text: tried again
    assertEquals(recorded, [
      { frame: 7, sources: { "main.lua": "x = = 1" } },
      { frame: 8, sources: { "main.lua": "x = = 1" } },
    ]);
    // A folder without main.lua cannot reload.
    await Deno.remove(`${dir}/main.lua`);
    r.request("console");
    await r.atBoundary(9);
    assertEquals(loaded.length, 2);
    assert(log.errors[2]?.message.startsWith("No main.lua in game folder"));
  });
});

Deno.test("callbacks the world names must be in the new scripts", async () => {
  const inUse = new Map([["on_tick", "entity 4's timer"], [
    "on_hit",
    "entity 2's collision rule a/b",
  ]]);
  await withReloader(
    { "main.lua": "" },
    { functions: ["on_hit"], inUse: () => inUse },
    async (r, _, __, log) => {
      r.request("console");
      await r.atBoundary(0);
      assertEquals(
        log.errors[0]?.message,
        "the new scripts do not define 'on_tick' (used by entity 4's timer)",
      );
    },
  );
});

Deno.test("a replay's reload entries reload with their text at their frame, and nothing else does", async () => {
  const recorded: unknown[] = [];
  const log = [
    { frame: 3, press: ["up"] },
    {
      frame: 5,
      reload: ["main.lua", "lib/a.lua"],
      sources: { "main.lua": "v2", "lib/a.lua": null },
    },
  ];
  await withReloader({ "main.lua": "v1", "lib/a.lua": "a" }, {
    replay: log,
    record: (frame, sources) => void recorded.push({ frame, sources }),
  }, async (r, dir, loaded) => {
    assert(r.replaying);
    assertEquals(
      r.request("console"),
      "reload: ignored during a replay; the input log's reload entries reload",
    );
    await Deno.writeTextFile(`${dir}/main.lua`, "on disk");
    assert(!r.due(4) && r.due(5));
    await r.atBoundary(4);
    await r.atBoundary(5);
    assertEquals(loaded.map((l) => l.files), [{ "main.lua": "v2" }]);
    assertEquals(recorded, [{ frame: 5, sources: { "main.lua": "v2", "lib/a.lua": null } }]);
  });
});
