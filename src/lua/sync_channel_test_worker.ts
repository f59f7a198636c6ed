/**
 * Worker used by `sync_channel_test.ts`: serves a few test functions over a
 * sync channel and can be told to stay busy, for a time or until the test
 * releases it (`hold[0]` set and notified), so that a test can know the
 * worker is still busy when it checks.
 *
 * @module
 */
import { SyncServer } from "./sync_server.ts";

/** Messages this worker understands. */
export type TestWorkerMessage =
  | { type: "init"; sab: SharedArrayBuffer; hold?: SharedArrayBuffer }
  | { type: "sync"; epoch: number }
  | { type: "busy"; ms: number }
  | { type: "hold" };

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* busy on purpose */ }
}

// Typed view of the worker global; the `deno.worker` lib would clash with the
// window lib when the whole tree is checked at once.
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<TestWorkerMessage>) => void) | null;
  postMessage(message: string): void;
};

let server: SyncServer | undefined;
let hold: Int32Array<ArrayBufferLike> = new Int32Array(1);
const served: boolean[] = [];
// Busy spells finished so far (`busy` and `hold` messages).
let spells = 0;

/** Stay busy until the test releases the hold. */
function held(): void {
  while (Atomics.load(hold, 0) === 0) Atomics.wait(hold, 0, 0);
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === "init") {
    if (m.hold) hold = new Int32Array(m.hold);
    server = new SyncServer(m.sab, (slot, fn, input) => {
      if (fn === "echo") return { ok: true, output: input };
      if (fn === "slot") return { ok: true, output: new Uint8Array([slot]) };
      if (fn === "grow") {
        const n = new DataView(input.buffer, input.byteOffset, input.byteLength).getUint32(0, true);
        return { ok: true, output: new Uint8Array(n).fill(7) };
      }
      if (fn === "slow") {
        spin(input[0]!);
        return { ok: true, output: new Uint8Array() };
      }
      if (fn === "hold") {
        held();
        return { ok: true, output: new Uint8Array() };
      }
      if (fn === "spells") return { ok: true, output: new Uint8Array([spells]) };
      if (fn === "served") return { ok: true, output: Uint8Array.from(served, Number) };
      if (fn === "throw") throw new Error("handler threw");
      return { ok: false, error: { message: `no function ${fn}`, traceback: "tb: ü" } };
    });
    scope.postMessage("ready");
  } else if (m.type === "sync") {
    served.push(server!.serve(m.epoch));
  } else if (m.type === "busy") {
    spin(m.ms);
    spells++;
    scope.postMessage("idle");
  } else if (m.type === "hold") {
    held();
    spells++;
    scope.postMessage("idle");
  }
};
