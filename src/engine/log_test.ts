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
