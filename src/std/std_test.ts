import { assertEquals, AssertionError, assertRejects, assertThrows } from "@std/assert";
import { deadline, DeadlineError, delay } from "@std/async";
import { parseArgs } from "@std/cli";

Deno.test("assertEquals compares deeply and reports both sides", () => {
  assertEquals({ a: [1, 2] }, { a: [1, 2] });
  const e = assertThrows(() => assertEquals({ a: 1 }, { a: 2 }), AssertionError);
  assertEquals(e.message.includes("actual"), true);
});

Deno.test("assertThrows checks class and message", () => {
  assertThrows(() => assertThrows(() => {}), AssertionError, "to throw");
  assertThrows(
    () =>
      assertThrows(() => {
        throw new Error("x");
      }, TypeError),
    AssertionError,
    "TypeError",
  );
});

Deno.test("delay and deadline", async () => {
  await delay(1);
  await assertRejects(() => deadline(delay(50), 1), DeadlineError);
});

Deno.test("parseArgs handles strings, booleans, collect and positionals", () => {
  const a = parseArgs(["run", "game", "--frames", "10", "--seed=4", "-v", "--x", "a", "--x", "b"], {
    string: ["frames", "seed"],
    boolean: ["v"],
    collect: ["x"],
  });
  assertEquals(a._, ["run", "game"]);
  assertEquals(a.frames, "10");
  assertEquals(a.seed, "4");
  assertEquals(a.v, true);
  assertEquals(a.x, ["a", "b"]);
  const unknown: string[] = [];
  parseArgs(["--bogus", "1"], {
    unknown: (arg) => {
      unknown.push(arg);
      return false;
    },
  });
  assertEquals(unknown, ["--bogus"]);
});

Deno.test("parseArgs stores aliased flags under every name, as std does", () => {
  const a = parseArgs(["-h"], { boolean: ["help"], alias: { h: "help" } });
  assertEquals(a.help, true);
  assertEquals(a.h, true);
  const b = parseArgs([], { boolean: ["help"], alias: { h: "help" } });
  assertEquals(b.help, false);
  assertEquals(b.h, false);
});
