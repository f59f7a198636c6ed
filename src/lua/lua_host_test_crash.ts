/**
 * Run by `lua_host_test.ts` in a child process: a worker throws an uncaught
 * error, and the host replaces it. Deno prints a worker's uncaught error to
 * stderr whatever the host does with it, so the test runs this here and
 * checks that output instead of letting it into the test run's. Exits
 * non-zero when an assertion fails.
 *
 * @module
 */
import { assertEquals, assertMatch, assertRejects } from "@std/assert";
import { WorkerCrashedError } from "./host_errors.ts";
import { startTestHost } from "./_test_helpers.ts";

const crashes: WorkerCrashedError[] = [];
using host = await startTestHost({
  workers: 2,
  statesPerWorker: 2,
  workerUrl: new URL("./lua_host_test_worker.ts", import.meta.url),
  onCrash: (e) => crashes.push(e),
});
const [w1s0, w1s1] = [host.handle(1, 0), host.handle(1, 1)];
const lost = host.call(w1s1, "__test_throw", new Uint8Array());
const e = await assertRejects(() => lost, WorkerCrashedError);
assertEquals([e.worker, e.slot], [1, 1]);
assertMatch(e.message, /Lua worker 1 crashed while running slot 1: .*Test crash/);
assertEquals(host.crashes, 1);
assertEquals(crashes.map((c) => c.worker), [1]);
// The replacement has the same setup and serves the next requests.
assertEquals(await host.run(w1s0, "return greeting"), { ok: true, values: ["hello"] });
assertEquals(host.callSync(w1s1, "rev", new Uint8Array([1, 2])), new Uint8Array([2, 1]));
// The other worker was not disturbed.
assertEquals(await host.run(host.handle(0, 1), "return shout('ok')"), {
  ok: true,
  values: ["OK"],
});
console.log("crash handled");
