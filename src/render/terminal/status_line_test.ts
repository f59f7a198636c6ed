import { assertEquals } from "@std/assert";
import { formatStatus } from "./status_line.ts";

Deno.test("formatStatus shows fps, entities, frame time, errors, scene and keys", () => {
  assertEquals(
    formatStatus({ fps: 59.6, entities: 42, frameMs: 1.24, errors: 0, scene: "menu" }),
    "FPS 60 | entities 42 | 1.2 ms | errors 0 | scene menu | q quit, ` console",
  );
});

Deno.test("formatStatus shows a dash for a non-finite number", () => {
  assertEquals(
    formatStatus({ fps: Infinity, entities: 1, frameMs: NaN, errors: 3, scene: "x" }),
    "FPS - | entities 1 | - ms | errors 3 | scene x | q quit, ` console",
  );
});

Deno.test("formatStatus starts with the game's title when there is one", () => {
  assertEquals(
    formatStatus({ fps: 30, entities: 2, frameMs: 1, errors: 0, scene: "menu", title: "Pong" }),
    "Pong | FPS 30 | entities 2 | 1.0 ms | errors 0 | scene menu | q quit, ` console",
  );
});

Deno.test("formatStatus shows the profiler's entry before the keys while it runs", () => {
  assertEquals(
    formatStatus({
      fps: 30,
      entities: 5,
      frameMs: 2,
      errors: 0,
      scene: "play",
      profile: "prof drift 0.50 ms/frame",
    }),
    "FPS 30 | entities 5 | 2.0 ms | errors 0 | scene play | prof drift 0.50 ms/frame | q quit, ` console",
  );
});
