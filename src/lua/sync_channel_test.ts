import { assert, assertEquals, assertThrows } from "@std/assert";
import { createSyncBuffer, PayloadTooLargeError } from "./sync_channel.ts";
import { SyncCaller, SyncTimeoutError } from "./sync_caller.ts";
import type { TestWorkerMessage } from "./sync_channel_test_worker.ts";

async function start(initial = 1024, max = 1 << 20) {
  const sab = createSyncBuffer(initial, max);
  const worker = new Worker(new URL("./sync_channel_test_worker.ts", import.meta.url).href, {
    type: "module",
  });
  const messages: string[] = [];
  let wake: (() => void) | undefined;
  worker.onmessage = (e: MessageEvent<string>) => {
    messages.push(e.data);
    wake?.();
  };
  const next = async (): Promise<string> => {
    while (messages.length === 0) await new Promise<void>((r) => (wake = r));
    return messages.shift()!;
  };
  const send = (m: TestWorkerMessage) => worker.postMessage(m);
  // The worker stays in a `hold` until the test releases it.
  const hold = new Int32Array(new SharedArrayBuffer(4));
  const release = () => {
    Atomics.store(hold, 0, 1);
    Atomics.notify(hold, 0);
  };
  send({ type: "init", sab, hold: hold.buffer as SharedArrayBuffer });
  assertEquals(await next(), "ready");
  const caller = new SyncCaller(sab, (epoch) => send({ type: "sync", epoch }));
  const dispose = () => {
    release();
    worker.terminate();
  };
  return { sab, worker, caller, send, next, release, [Symbol.dispose]: dispose };
}

const bytes = (...b: number[]) => new Uint8Array(b);

Deno.test("SyncCaller round trips calls inside one session", async () => {
  using w = await start();
  w.caller.enter(5000);
  assert(w.caller.active);
  assertEquals(w.caller.call(0, "echo", bytes(1, 2, 3), 5000), {
    ok: true,
    output: bytes(1, 2, 3),
  });
  assertEquals(w.caller.call(5, "slot", bytes(), 5000), { ok: true, output: bytes(5) });
  assertEquals(w.caller.call(0, "echo", bytes(), 5000), { ok: true, output: bytes() });
  assertEquals(w.caller.call(0, "nope", bytes(), 5000), {
    ok: false,
    error: { message: "no function nope", traceback: "tb: ü" },
  });
  const thrown = w.caller.call(0, "throw", bytes(), 5000);
  assert(!thrown.ok && thrown.error.message === "Error: handler threw");
  w.caller.leave();
  assert(!w.caller.active);
  // A second session on the same channel works too.
  w.caller.enter(5000);
  assertEquals(w.caller.call(1, "slot", bytes(), 5000), { ok: true, output: bytes(1) });
  w.caller.leave();
});

Deno.test("SyncCaller grows the buffer for large requests and replies", async () => {
  using w = await start(64, 1 << 22);
  const big = new Uint8Array(100_000).map((_, i) => i & 0xff);
  w.caller.enter(5000);
  assertEquals(w.caller.call(0, "echo", big, 5000), { ok: true, output: big });
  const size = new Uint8Array(4);
  new DataView(size.buffer).setUint32(0, 300_000, true);
  const reply = w.caller.call(0, "grow", size, 5000);
  assert(reply.ok);
  assertEquals(reply.output.length, 300_000);
  assertEquals(reply.output[299_999], 7);
  assert(w.sab.byteLength >= 300_000);
  assertThrows(
    () => w.caller.call(0, "echo", new Uint8Array(1 << 23), 5000),
    PayloadTooLargeError,
  );
  // A reply that cannot fit comes back as an error outcome, not a hang.
  new DataView(size.buffer).setUint32(0, 1 << 23, true);
  const tooBig = w.caller.call(0, "grow", size, 5000);
  assert(!tooBig.ok && tooBig.error.message.includes("PayloadTooLargeError"));
  w.caller.leave();
});

Deno.test("SyncCaller waits for a busy worker, and cancels when it stays busy", async () => {
  using w = await start();
  w.send({ type: "busy", ms: 100 });
  w.caller.enter(5000); // waits for the busy spell to end
  // The session began after the spell: the worker counts it as finished.
  assertEquals(w.caller.call(0, "spells", bytes(), 5000), { ok: true, output: bytes(1) });
  w.caller.leave();
  assertEquals(await w.next(), "idle");

  // Held until released, the worker is surely still busy when enter gives up.
  w.send({ type: "hold" });
  const e = assertThrows(() => w.caller.enter(20), SyncTimeoutError, "busy");
  assertEquals(e.phase, "enter");
  assert(!w.caller.active);
  w.release();
  assertEquals(await w.next(), "idle");
  // The cancelled session was ignored by the worker; a new one works.
  w.caller.enter(5000);
  const served = w.caller.call(0, "served", bytes(), 5000);
  // Sessions so far: served, cancelled (ignored); the current one is still open.
  assertEquals(served, { ok: true, output: bytes(1, 0) });
  w.caller.leave();
});

Deno.test("SyncCaller asks ahead: enter takes the session asked for, and leave withdraws one never entered", async () => {
  using w = await start();
  // Asked, then entered: one session.
  w.caller.open();
  assert(w.caller.asked && !w.caller.active);
  w.caller.enter(5000);
  assert(!w.caller.asked && w.caller.active);
  assertEquals(w.caller.call(2, "slot", bytes(), 5000), { ok: true, output: bytes(2) });
  w.caller.leave();

  // Asked and never entered, the worker already serving it: it is ended, not left running.
  w.caller.open();
  await new Promise((r) => setTimeout(r, 50));
  w.caller.leave();
  assert(!w.caller.asked && !w.caller.active);
  w.send({ type: "busy", ms: 1 });
  assertEquals(await w.next(), "idle"); // back in its event loop

  // Asked while the worker is busy, withdrawn before it could claim it: it never enters.
  w.send({ type: "hold" });
  w.caller.open();
  w.caller.leave();
  w.release();
  assertEquals(await w.next(), "idle");
  w.caller.enter(5000);
  // Sessions: entered, withdrawn once served, withdrawn before served (ignored), this one.
  assertEquals(w.caller.call(0, "served", bytes(), 5000), { ok: true, output: bytes(1, 1, 0) });
  w.caller.leave();
});

function spinFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* busy on purpose */ }
}

Deno.test("SyncCaller gets replies that come after its poll window", async () => {
  using w = await start();
  w.caller.enter(5000);
  // Slow replies miss the caller's poll (a fraction of a millisecond) again
  // and again, so it backs off and sleeps at once: each must still wake it.
  for (let i = 0; i < 10; i++) {
    assertEquals(w.caller.call(0, "slow", bytes(2), 5000), { ok: true, output: bytes() });
  }
  // Then fast replies again, while the poll is backed off and after it recovers.
  for (let i = 0; i < 300; i++) {
    assertEquals(w.caller.call(0, "echo", bytes(i & 0xff), 5000), {
      ok: true,
      output: bytes(i & 0xff),
    });
  }
  w.caller.leave();
});

Deno.test("SyncServer serves requests that come after its poll window", async () => {
  using w = await start();
  w.caller.enter(5000);
  // The main thread pauses longer than the worker polls, more often than
  // the worker's backoff skips: each request must still wake the worker.
  for (let i = 0; i < 10; i++) {
    spinFor(2);
    assertEquals(w.caller.call(3, "slot", bytes(), 5000), { ok: true, output: bytes(3) });
  }
  spinFor(2);
  w.caller.leave(); // also after the poll window: the worker must leave
  w.caller.enter(5000);
  assertEquals(w.caller.call(0, "served", bytes(), 5000), { ok: true, output: bytes(1) });
  w.caller.leave();
});

Deno.test("SyncCaller times out a reply that does not come", async () => {
  using w = await start();
  w.caller.enter(5000);
  // The reply is held back until the test releases it, after the timeout.
  const e = assertThrows(() => w.caller.call(0, "hold", bytes(), 20), SyncTimeoutError);
  assertEquals(e.phase, "reply");
  assert(!w.caller.active);
});

Deno.test("SyncCaller sends a call and receives its reply later, one call at a time", async () => {
  using w = await start();
  assertThrows(() => w.caller.send(0, "echo", bytes(1)), Error, "outside a sync session");
  w.caller.enter(5000);
  assertThrows(() => w.caller.receive(5000), Error, "No sync call was sent");
  // The worker holds the call until released: the caller works meanwhile.
  w.caller.send(0, "hold", bytes());
  assertThrows(() => w.caller.send(0, "echo", bytes(1)), Error, "before the last one's reply");
  w.release();
  assertEquals(w.caller.receive(5000), { ok: true, output: bytes() });
  w.caller.send(0, "echo", bytes(4, 2));
  assertEquals(w.caller.receive(5000), { ok: true, output: bytes(4, 2) });
  w.caller.leave();
});

Deno.test("SyncCaller leaving with a reply unread waits for it, so the next session works", async () => {
  using w = await start();
  w.caller.enter(5000);
  w.caller.send(0, "slow", bytes(20));
  w.caller.leave(); // the reply comes first: LEAVE must not replace the worker's turn
  assert(!w.caller.active);
  w.caller.enter(5000);
  assertEquals(w.caller.call(3, "slot", bytes(), 5000), { ok: true, output: bytes(3) });
  w.caller.leave();
});
