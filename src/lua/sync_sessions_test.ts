import { assertEquals } from "@std/assert";
import type { SyncCaller } from "./sync_caller.ts";
import { SyncSessions } from "./sync_sessions.ts";
import type { Incarnation } from "./worker_set.ts";

/** An incarnation whose channel records the timeouts replies are awaited with. */
function recordingWorker() {
  const timeouts: number[] = [];
  let active = false;
  const caller = {
    get active() {
      return active;
    },
    enter: () => void (active = true),
    send: () => {},
    receive: (timeoutMs: number) => {
      timeouts.push(timeoutMs);
      return { ok: true, output: new Uint8Array([1]) };
    },
    leave: () => void (active = false),
  } as unknown as SyncCaller;
  return { w: { caller } as unknown as Incarnation, timeouts };
}

Deno.test("a request of several callbacks may take that many timeouts to answer", async () => {
  const { w, timeouts } = recordingWorker();
  const sessions = new SyncSessions(5000, () => {});
  const handle = { worker: 0, slot: 0 };
  const input = new Uint8Array(0);
  assertEquals(sessions.finish(sessions.start(w, handle, "f", input)), new Uint8Array([1]));
  sessions.finish(sessions.start(w, handle, "f", input, 16));
  assertEquals(timeouts, [5000, 80_000]);
  // The session opened by the first call closes at the next microtask checkpoint.
  await Promise.resolve();
  assertEquals(w.caller.active, false);
});
