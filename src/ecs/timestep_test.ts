import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { FixedTimestep, InvalidTimestepError } from "./timestep.ts";

Deno.test("one step per 1/60 s, exactly 60 steps in 60 frames", () => {
  const timestep = new FixedTimestep();
  let steps = 0;
  for (let i = 0; i < 60; i++) {
    const r = timestep.advance(1 / 60);
    assertEquals(r.steps, 1, `frame ${i}`);
    steps += r.steps;
  }
  assertEquals(steps, 60);
  assertEquals(timestep.dt, 1 / 60);
});

Deno.test("rendering faster than the tick rate accumulates into steps", () => {
  const timestep = new FixedTimestep({ hz: 60 });
  const counts = Array.from({ length: 4 }, () => timestep.advance(1 / 240).steps);
  assertEquals(counts, [0, 0, 0, 1]);
});

Deno.test("alpha is the fraction of the next step already elapsed", () => {
  const timestep = new FixedTimestep({ hz: 10 });
  const r = timestep.advance(0.25);
  assertEquals(r.steps, 2);
  assertAlmostEquals(r.alpha, 0.5, 1e-9);
  assertEquals(timestep.advance(0.05).steps, 1);
});

Deno.test("changing hz at run time changes the step length", () => {
  const timestep = new FixedTimestep({ hz: 60, maxSteps: 10 });
  assertEquals(timestep.advance(0.1).steps, 6);
  timestep.hz = 30;
  assertEquals(timestep.dt, 1 / 30);
  assertEquals(timestep.advance(0.1).steps, 3);
  timestep.hz = 120;
  assertEquals(timestep.advance(0.025).steps, 3);
});

Deno.test("the default cap is 5 steps", () => {
  assertEquals(new FixedTimestep().advance(0.5).steps, 5);
});

Deno.test("the cap limits steps and drops the excess time", () => {
  const timestep = new FixedTimestep({ hz: 60, maxSteps: 4 });
  const r = timestep.advance(1);
  assertEquals(r.steps, 4);
  assertEquals(r.dropped, 56);
  assertEquals(timestep.advance(1 / 60).steps, 1, "no backlog is carried over");
  timestep.maxSteps = 2;
  assertEquals(timestep.advance(0.05).steps, 2);
});

Deno.test("bad elapsed times count as zero; reset forgets accumulated time", () => {
  const timestep = new FixedTimestep({ hz: 10 });
  assertEquals(timestep.advance(-1).steps, 0);
  assertEquals(timestep.advance(NaN).steps, 0);
  assertEquals(timestep.advance(0.09).steps, 0);
  timestep.reset();
  assertEquals(timestep.advance(0.02).steps, 0);
  assertEquals(timestep.advance(0.08).steps, 1);
});

Deno.test("invalid tick rates and caps are refused", () => {
  assertThrows(() => new FixedTimestep({ hz: 0 }), InvalidTimestepError, "Tick rate");
  assertThrows(() => new FixedTimestep({ hz: Infinity }), InvalidTimestepError);
  assertThrows(() => new FixedTimestep({ maxSteps: 1.5 }), InvalidTimestepError, "Step cap");
  const timestep = new FixedTimestep();
  assertThrows(() => (timestep.hz = -5), InvalidTimestepError);
  assertEquals(timestep.hz, 60);
});
