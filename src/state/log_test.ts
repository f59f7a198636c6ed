import { assertEquals } from "@std/assert";
import { EngineLog, type LogEntry } from "./log.ts";

Deno.test("log lines carry the current frame and reach the sink", () => {
  const seen: LogEntry[] = [];
  const log = new EngineLog({ sink: (e) => seen.push(e) });
  log.frame = 7;
  log.info("hello");
  log.warn("careful");
  assertEquals(log.entries, [
    { frame: 7, level: "info", message: "hello" },
    { frame: 7, level: "warn", message: "careful" },
  ]);
  assertEquals(seen.length, 2);
});

Deno.test("repeated callback errors are recorded but their log lines are rate-limited", () => {
  const log = new EngineLog({ repeatLimit: 2 });
  for (let i = 0; i < 5; i++) log.callbackError("on_hit", 3, "main.lua:4: boom\nstack traceback:");
  log.callbackError("on_hit", 3, "main.lua:9: other");
  assertEquals(log.errors.length, 6);
  assertEquals(log.entries.map((e) => e.message), [
    "on_hit (entity 3): main.lua:4: boom",
    "on_hit (entity 3): main.lua:4: boom",
    "on_hit (entity 3): the same error keeps repeating; further repeats are not logged",
    "on_hit (entity 3): main.lua:9: other",
  ]);
});

Deno.test("capacity drops the oldest entries", () => {
  const log = new EngineLog({ capacity: 2 });
  log.info("a");
  log.info("b");
  log.info("c");
  assertEquals(log.entries.map((e) => e.message), ["b", "c"]);
});

const RAW = "main.lua:4: boom\nstack traceback:\n\tmain.lua:4: in function <main.lua:3>\n" +
  "\t[C]: in upvalue 'pcall_cb'\n\t=moonglow_runtime:553: in upvalue 'protected'";

Deno.test("error records are in the game's words, or as the engine made them when verbose", () => {
  const log = new EngineLog();
  log.callbackError("on_hit", 3, RAW);
  assertEquals(
    log.errors[0]?.message,
    "main.lua:4: boom\nstack traceback:\n\tmain.lua:4: in function <main.lua:3>",
  );
  const verbose = new EngineLog({ verbose: true });
  verbose.callbackError("on_hit", 3, RAW);
  assertEquals(verbose.errors[0]?.message, RAW);
});

Deno.test("every error record reaches the digest, beyond the log's capacity", () => {
  const log = new EngineLog({ capacity: 2 });
  for (let i = 0; i < 5; i++) log.callbackError("on_hit", null, RAW);
  assertEquals(log.errors.length, 2);
  assertEquals(log.digest.entries.map((e) => [e.message, e.count]), [["main.lua:4: boom", 5]]);
});

Deno.test("asset errors name the engine function and the line that wrote the path", () => {
  const log = new EngineLog({ locate: (p) => p === "a.png" ? "main.lua:7" : undefined });
  log.frame = 2;
  log.assetError("load_texture", "a.png", 'texture "a": file "a.png" does not exist');
  log.assetError("terminal renderer", "b.png", "cannot load b.png: Not a PNG file");
  assertEquals(log.errors, [
    {
      frame: 2,
      callback: "load_texture",
      entity: null,
      message: 'main.lua:7: load_texture: texture "a": file "a.png" does not exist',
    },
    {
      frame: 2,
      callback: "terminal renderer",
      entity: null,
      message: "terminal renderer: cannot load b.png: Not a PNG file",
    },
  ]);
  assertEquals(log.entries.map((e) => e.level), ["error", "error"]);
  assertEquals(log.digest.total, 2);
});
