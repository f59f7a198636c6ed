import { assertEquals } from "@std/assert";
import { CallbackKind } from "../lua/batch_types.ts";
import type { RunCost } from "../lua/batch_profile.ts";
import { kindName, Profiler } from "./profiler.ts";

const cost = (name: string, kind: CallbackKind, calls: number, ms: number): RunCost => ({
  kind,
  name,
  calls,
  ms,
  instructions: calls * 10.5,
  commands: calls,
  errors: name === "bad" ? calls : 0,
});

Deno.test("costs add up per function and kind across batches, costliest first", () => {
  const p = new Profiler();
  assertEquals([p.enabled, p.ran], [false, false]);
  p.enabled = true;
  p.addCosts([
    cost("drift", CallbackKind.PhaseUpdate, 100, 2),
    cost("bad", CallbackKind.Timer, 1, 3),
  ]);
  // Another worker's batch of the same frame, and the same function as a phase enter.
  p.addCosts([
    cost("drift", CallbackKind.PhaseUpdate, 50, 1.5),
    cost("drift", CallbackKind.PhaseEnter, 2, 0.1),
  ]);
  p.enabled = false;
  assertEquals(p.ran, true);
  assertEquals(p.top(), [
    {
      name: "drift",
      kind: "phase update",
      calls: 150,
      total_ms: 3.5,
      mean_ms: 0.02333,
      instructions: 1575,
      commands: 150,
      errors: 0,
    },
    {
      name: "bad",
      kind: "timer",
      calls: 1,
      total_ms: 3,
      mean_ms: 3,
      instructions: 11,
      commands: 1,
      errors: 1,
    },
    {
      name: "drift",
      kind: "phase enter",
      calls: 2,
      total_ms: 0.1,
      mean_ms: 0.05,
      instructions: 21,
      commands: 2,
      errors: 0,
    },
  ]);
  assertEquals(p.top(1).map((c) => c.name), ["drift"]);
});

Deno.test("stages come in frame order with their runs and means; reset forgets all", () => {
  const p = new Profiler();
  p.addStage("render", 1);
  p.addStage("input", 0.25);
  p.addStage("render", 3);
  p.addFrame(5);
  p.addFrame(7);
  assertEquals(p.dump(), {
    frames: 2,
    frame_ms: 12,
    callbacks: [],
    stages: [
      { stage: "input", runs: 1, total_ms: 0.25, mean_ms: 0.25 },
      { stage: "render", runs: 2, total_ms: 4, mean_ms: 2 },
    ],
  });
  p.reset();
  assertEquals(p.dump(), { frames: 0, frame_ms: 0, callbacks: [], stages: [] });
});

Deno.test("every callback kind has a name", () => {
  for (const kind of Object.values(CallbackKind)) {
    assertEquals(kindName(kind).startsWith("kind "), false, String(kind));
  }
  assertEquals(kindName(CallbackKind.CVar), "cvar handler");
});
