import { assert, assertEquals, assertRejects, assertStrictEquals, assertThrows } from "@std/assert";
import { delay } from "@std/async";
import { NotLeasedError, PoolClosedError, StatePool } from "./state_pool.ts";

interface Handle {
  worker: number;
  slot: number;
}

function pool(capacity: number): StatePool<Handle> {
  return new StatePool({ capacity, create: (i) => ({ worker: i % 2, slot: i >> 1 }) });
}

Deno.test("StatePool creates capacity handles once, in order", () => {
  let calls = 0;
  const p = new StatePool({ capacity: 3, create: (i) => ({ i, n: ++calls }) });
  assertEquals(p.capacity, 3);
  assertEquals(p.available, 3);
  assertEquals(p.handles, [{ i: 0, n: 1 }, { i: 1, n: 2 }, { i: 2, n: 3 }]);
  assertThrows(() => new StatePool({ capacity: 0, create: (i) => i }), RangeError);
  assertThrows(() => new StatePool({ capacity: 2, create: () => 1 }), RangeError, "distinct");
});

Deno.test("StatePool tryAcquire returns null when exhausted", () => {
  const p = pool(2);
  const a = p.tryAcquire();
  const b = p.tryAcquire();
  assert(a && b);
  assert(a !== b);
  assertEquals(p.tryAcquire(), null);
  assertEquals(p.available, 0);
  p.release(a);
  assertStrictEquals(p.tryAcquire(), a);
});

Deno.test("StatePool releasing a handle that is not leased is an error", () => {
  const p = pool(1);
  const h = p.tryAcquire()!;
  p.release(h);
  assertThrows(() => p.release(h), NotLeasedError, "not leased");
  assertThrows(() => p.release({ worker: 0, slot: 0 }), NotLeasedError);
});

Deno.test("StatePool release wakes exactly one waiter, in FIFO order", async () => {
  const p = pool(1);
  const h = p.tryAcquire()!;
  const got: number[] = [];
  const waiters = [0, 1, 2].map((n) => p.acquire().then((x) => (got.push(n), x)));
  assertEquals(p.waiting, 3);
  p.release(h);
  await delay(0);
  assertEquals(got, [0], "one release, one wake-up");
  assertEquals(p.waiting, 2);
  assertEquals(p.tryAcquire(), null, "the handed-over handle stays leased");
  p.release(await waiters[0]!);
  await delay(0);
  assertEquals(got, [0, 1]);
  p.release(await waiters[1]!);
  p.release(await waiters[2]!);
  assertEquals(got, [0, 1, 2]);
  assertEquals(p.available, 1);
});

Deno.test("StatePool tryAcquire does not jump ahead of waiters", async () => {
  const p = pool(1);
  const h = p.tryAcquire()!;
  const waiting = p.acquire();
  p.release(h);
  assertEquals(p.tryAcquire(), null);
  p.release(await waiting);
});

Deno.test("StatePool never hands a handle to two holders under many concurrent acquirers", async () => {
  const p = pool(4);
  const held = new Set<Handle>();
  let maxHeld = 0;
  let leases = 0;
  const worker = async (w: number) => {
    for (let i = 0; i < 25; i++) {
      const h = await p.acquire();
      assert(!held.has(h), "handle leased twice");
      held.add(h);
      maxHeld = Math.max(maxHeld, held.size);
      leases++;
      await delay((w + i) % 3 === 0 ? 1 : 0);
      held.delete(h);
      p.release(h);
    }
  };
  await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
  assertEquals(leases, 400);
  assertEquals(maxHeld, 4, "all handles were in use at some point");
  assertEquals(p.available, 4);
  assertEquals(p.waiting, 0);
});

Deno.test("StatePool acquire honours abort and close rejects waiters", async () => {
  const p = pool(1);
  const h = p.tryAcquire()!;
  const c = new AbortController();
  const aborted = p.acquire({ signal: c.signal });
  const closed = p.acquire();
  c.abort(new Error("gave up"));
  await assertRejects(() => aborted, Error, "gave up");
  assertEquals(p.waiting, 1);
  p.close();
  await assertRejects(() => closed, PoolClosedError);
  await assertRejects(() => p.acquire(), PoolClosedError);
  p.release(h);
  assertEquals(p.tryAcquire(), null);
});

Deno.test("StatePool tryAcquireWhere leases only a handle it accepts, and none held elsewhere", () => {
  const p = pool(4);
  const a = p.tryAcquireWhere((h) => h.worker === 1)!;
  assertEquals(a, { worker: 1, slot: 0 });
  const b = p.tryAcquireWhere((h) => h.worker === 1)!;
  assertEquals(b, { worker: 1, slot: 1 });
  assertEquals(p.tryAcquireWhere((h) => h.worker === 1), null, "worker 1's states are all leased");
  assertEquals(p.available, 2);
  p.release(a);
  assertEquals(p.tryAcquireWhere((h) => h === a), a);
  p.release(a);
  p.release(b);
  p.close();
  assertEquals(p.tryAcquireWhere(() => true), null);
});
