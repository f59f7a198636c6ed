import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { delay } from "@std/async";
import {
  addSystem,
  createScheduler,
  removeSystem,
  runFrame,
  runStage,
  setStageTimer,
  type SystemFailure,
  systemNames,
} from "./scheduler.ts";
import { DuplicateSystemError, SchedulerBusyError, UnknownStageError } from "./scheduler_errors.ts";
import { type Stage, STAGES } from "./stages.ts";

const quiet = { onError: () => {} };

Deno.test("STAGES is the frame pipeline in order", () => {
  const order = "input pre_update scripts apply physics collision post_update render";
  assertEquals<readonly string[]>(STAGES, order.split(" "));
  assertEquals(Object.isFrozen(STAGES), true);
});

Deno.test("stages run in pipeline order whatever the registration order", async () => {
  const log: string[] = [];
  const scheduler = createScheduler<string[]>(quiet);
  for (const stage of [...STAGES].reverse()) {
    addSystem(scheduler, stage, stage, (ctx) => void ctx.push(stage));
  }
  await runFrame(scheduler, log);
  assertEquals(log, [...STAGES]);
});

Deno.test("systems of a stage run in registration order", async () => {
  const log: string[] = [];
  const scheduler = createScheduler<string[]>(quiet);
  for (const name of ["c", "a", "b"]) {
    addSystem(scheduler, "physics", name, (ctx) => void ctx.push(name));
  }
  await runFrame(scheduler, log);
  assertEquals(log, ["c", "a", "b"]);
  assertEquals(systemNames(scheduler, "physics"), ["c", "a", "b"]);
});

Deno.test("async systems are awaited before the next one", async () => {
  const log: string[] = [];
  const scheduler = createScheduler<string[]>(quiet);
  addSystem(scheduler, "scripts", "workers", async (ctx) => {
    await delay(5);
    ctx.push("workers");
  });
  addSystem(scheduler, "apply", "queues", (ctx) => void ctx.push("apply"));
  await runFrame(scheduler, log);
  assertEquals(log, ["workers", "apply"]);
});

Deno.test("a throwing system is reported with context and the frame goes on", async () => {
  const failures: SystemFailure[] = [];
  const log: string[] = [];
  const scheduler = createScheduler<string[]>({ onError: (f) => failures.push(f) });
  const boom = new Error("boom");
  addSystem(scheduler, "physics", "ok1", (ctx) => void ctx.push("ok1"));
  addSystem(scheduler, "physics", "bad", () => {
    throw boom;
  });
  addSystem(scheduler, "physics", "ok2", (ctx) => void ctx.push("ok2"));
  addSystem(scheduler, "collision", "rejects", () => Promise.reject(new TypeError("late")));
  addSystem(scheduler, "render", "draw", (ctx) => void ctx.push("draw"));

  await runFrame(scheduler, log);
  await runFrame(scheduler, log);
  assertEquals(log, ["ok1", "ok2", "draw", "ok1", "ok2", "draw"]);
  assertEquals(
    failures.map((f) => [f.stage, f.system, f.frame, (f.error as Error).message]),
    [
      ["physics", "bad", 0, "boom"],
      ["collision", "rejects", 0, "late"],
      ["physics", "bad", 1, "boom"],
      ["collision", "rejects", 1, "late"],
    ],
  );
  assertEquals(failures[0]!.error, boom);
  assertEquals(scheduler.frame, 2);
});

Deno.test("duplicate names in a stage and unknown stages are refused", () => {
  const scheduler = createScheduler(quiet);
  addSystem(scheduler, "physics", "move", () => {});
  addSystem(scheduler, "render", "move", () => {});
  assertThrows(
    () => addSystem(scheduler, "physics", "move", () => {}),
    DuplicateSystemError,
    `"move"`,
  );
  assertThrows(
    () => addSystem(scheduler, "late" as Stage, "x", () => {}),
    UnknownStageError,
    "Unknown stage",
  );
});

Deno.test("removeSystem and systems added mid-frame", async () => {
  const log: string[] = [];
  const scheduler = createScheduler<string[]>(quiet);
  addSystem(scheduler, "physics", "adder", (ctx) => {
    ctx.push("adder");
    if (!systemNames(scheduler, "physics").includes("late")) {
      addSystem(scheduler, "physics", "late", (c) => void c.push("late"));
    }
  });
  await runFrame(scheduler, log);
  assertEquals(log, ["adder"], "a system added during a stage waits for its next run");
  await runFrame(scheduler, log);
  assertEquals(log, ["adder", "adder", "late"]);
  assertEquals(removeSystem(scheduler, "physics", "late"), true);
  assertEquals(removeSystem(scheduler, "physics", "late"), false);
  assertEquals(systemNames(scheduler, "physics"), ["adder"]);
});

Deno.test("runStage runs one stage without counting a frame", async () => {
  const log: string[] = [];
  const scheduler = createScheduler<string[]>(quiet);
  addSystem(scheduler, "apply", "a", (ctx) => void ctx.push("apply"));
  addSystem(scheduler, "render", "r", (ctx) => void ctx.push("render"));
  await runStage(scheduler, "apply", log);
  assertEquals(log, ["apply"]);
  assertEquals(scheduler.frame, 0);
});

Deno.test("starting a frame while one runs is refused", async () => {
  const scheduler = createScheduler(quiet);
  addSystem(scheduler, "scripts", "slow", () => delay(5));
  const first = runFrame(scheduler, {});
  await assertRejects(() => runFrame(scheduler, {}), SchedulerBusyError);
  await first;
  await runFrame(scheduler, {});
  assertEquals(scheduler.frame, 2);
});

Deno.test("a stage timer hears every stage of each frame in order, until it is cleared", async () => {
  const scheduler = createScheduler<Record<never, never>>(quiet);
  const heard: [string, number][] = [];
  addSystem(scheduler, "physics", "slow", () => {
    const until = performance.now() + 3;
    while (performance.now() < until) { /* busy: the stage takes about 3 ms */ }
  });
  // A system may stop the timing mid-frame: the stages after it are not timed.
  addSystem(scheduler, "post_update", "stop", () => setStageTimer(scheduler, undefined));
  setStageTimer(scheduler, (stage, ms) => void heard.push([stage, ms]));
  await runFrame(scheduler, {});
  assertEquals(heard.map(([s]) => s), STAGES.slice(0, STAGES.indexOf("post_update") + 1));
  for (const [, ms] of heard) assertEquals(ms >= 0, true);
  assertEquals(heard.find(([s]) => s === "physics")![1] >= 3, true);
  await runFrame(scheduler, {});
  assertEquals(heard.length, 7);
});
