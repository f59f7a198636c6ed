/**
 * Worker entry for `lua_host_test.ts`: the real `worker_main.ts` plus two
 * ways to kill the worker on request, to test crash handling.
 *
 * - `call(h, "__test_throw")`: an uncaught error inside the worker.
 * - `call(h, "__test_close")`: the worker closes itself.
 * - a reload whose source has the line `--crash in worker N`: worker N throws
 *   instead of reloading.
 *
 * @module
 */
import "./worker_main.ts";
import type { HostToWorker } from "./host_protocol.ts";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<HostToWorker>) => void) | null;
  close(): void;
};
const inner = scope.onmessage!;
let index = -1;
scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === "init") index = m.worker;
  const crashReload = m.type === "reload" && m.main.source.includes(`--crash in worker ${index}\n`);
  if ((m.type === "call" && m.fn === "__test_throw") || crashReload) {
    setTimeout(() => {
      throw new Error("Test crash");
    }, 0);
  } else if (m.type === "call" && m.fn === "__test_close") {
    scope.close();
  } else {
    inner(e);
  }
};
