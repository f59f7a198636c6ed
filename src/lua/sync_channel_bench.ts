/**
 * Cost of the sync channel alone (no Lua): an echo round trip while the
 * worker answers at once, and while the main thread pauses longer than the
 * worker polls, so the worker sleeps and must be woken for every request.
 * Compare within one run: the machines are noisy.
 *
 * Run: `deno bench -A src/lua/sync_channel_bench.ts`
 *
 * @module
 */
import { createSyncBuffer } from "./sync_channel.ts";
import { SyncCaller } from "./sync_caller.ts";
import type { TestWorkerMessage } from "./sync_channel_test_worker.ts";

const sab = createSyncBuffer();
const worker = new Worker(new URL("./sync_channel_test_worker.ts", import.meta.url).href, {
  type: "module",
});
const send = (m: TestWorkerMessage) => worker.postMessage(m);
await new Promise<void>((resolve) => {
  worker.onmessage = () => resolve();
  send({ type: "init", sab });
});
globalThis.addEventListener("unload", () => worker.terminate());

const caller = new SyncCaller(sab, (epoch) => send({ type: "sync", epoch }));
const small = new Uint8Array(64).fill(1);

function spinFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* busy on purpose */ }
}

Deno.bench("echo 64 B, burst of 100 in one session (per 100 calls)", { group: "echo" }, () => {
  caller.enter(5000);
  for (let i = 0; i < 100; i++) caller.call(0, "echo", small, 5000);
  caller.leave();
});

Deno.bench(
  "echo 64 B after 0.2 ms of main-thread work (per 10 calls; 2 ms are the work)",
  { group: "gap" },
  () => {
    caller.enter(5000);
    for (let i = 0; i < 10; i++) {
      spinFor(0.2);
      caller.call(0, "echo", small, 5000);
    }
    caller.leave();
  },
);
