import { assertEquals, assertGreater, assertRejects, assertThrows } from "@std/assert";
import { delay } from "@std/async";
import { type Action, ActionQueue, QueueFullError } from "./action_queue.ts";

function event(name: string): Action {
  return { kind: "CustomEvent", name, message: "" };
}

Deno.test("ActionQueue is FIFO and tryPop gives undefined when empty", () => {
  const q = new ActionQueue();
  assertEquals(q.capacity, 256);
  assertEquals(q.tryPop(), undefined);
  q.push(event("a"));
  q.push({ kind: "ScriptResult", ok: true, message: "4" });
  assertEquals(q.size, 2);
  assertEquals(q.tryPop(), event("a"));
  assertEquals(q.tryPop(), { kind: "ScriptResult", ok: true, message: "4" });
  assertEquals(q.tryPop(), undefined);
});

Deno.test("ActionQueue push on a full queue throws QueueFullError and keeps contents", () => {
  const q = new ActionQueue({ capacity: 3 });
  for (const n of ["a", "b", "c"]) q.push(event(n));
  const e = assertThrows(() => q.push(event("d")), QueueFullError, "capacity 3");
  assertEquals(e.capacity, 3);
  assertEquals(q.size, 3);
  assertEquals([q.tryPop(), q.tryPop(), q.tryPop()], [event("a"), event("b"), event("c")]);
  // Wrapping the ring buffer keeps order.
  for (const n of ["e", "f", "g"]) q.push(event(n));
  assertEquals([q.tryPop(), q.tryPop(), q.tryPop()], [event("e"), event("f"), event("g")]);
});

Deno.test("ActionQueue tryPush drops and warns once per burst", () => {
  const warnings: string[] = [];
  const q = new ActionQueue({ capacity: 2, onWarn: (m) => warnings.push(m) });
  assertEquals(q.tryPush(event("a")), true);
  assertEquals(q.tryPush(event("b")), true);
  assertEquals(q.tryPush(event("c")), false);
  assertEquals(q.tryPush(event("d")), false);
  assertEquals(q.tryPush(event("e")), false);
  assertEquals(warnings.length, 1);
  assertEquals(warnings[0], "Action queue is full (capacity 2); dropping actions until it drains");
  q.tryPop();
  assertEquals(q.tryPush(event("f")), true);
  assertEquals(warnings[1], "Action queue accepts actions again; 3 dropped");
  assertEquals(q.tryPush(event("g")), false);
  assertEquals(warnings.length, 3, "a new burst warns again");
  assertEquals(q.dropped, 4);
  assertEquals([q.tryPop(), q.tryPop()], [event("b"), event("f")]);
});

Deno.test("ActionQueue pop waits, serves waiters in order, and honours abort", async () => {
  const q = new ActionQueue();
  const first = q.pop();
  const second = q.pop();
  const controller = new AbortController();
  const third = q.pop({ signal: controller.signal });
  controller.abort(new Error("stop"));
  await assertRejects(() => third, Error, "stop");
  q.push(event("x"));
  q.push(event("y"));
  q.push(event("z"));
  assertEquals(await first, event("x"));
  assertEquals(await second, event("y"));
  assertEquals(q.size, 1, "the aborted waiter took nothing");
  assertEquals(await q.pop(), event("z"));
});

Deno.test("ActionQueue keeps every message of interleaving producers in per-producer order", async () => {
  const q = new ActionQueue({ capacity: 8, onWarn: () => {} });
  const producers = 5;
  const perProducer = 40;
  const produce = async (p: number) => {
    for (let i = 0; i < perProducer; i++) {
      // Back off while full instead of dropping: this test counts every message.
      while (q.size === q.capacity) await delay(0);
      q.push({ kind: "CustomEvent", name: `p${p}`, message: String(i) });
      if ((i + p) % 3 === 0) await delay(0);
      else await Promise.resolve();
    }
  };
  const seen = new Map<string, number[]>();
  const order: string[] = [];
  const consume = async () => {
    for (let n = 0; n < producers * perProducer; n++) {
      const a = await q.pop();
      if (a.kind !== "CustomEvent") throw new Error(`unexpected ${a.kind}`);
      order.push(a.name);
      const list = seen.get(a.name) ?? [];
      list.push(Number(a.message));
      seen.set(a.name, list);
    }
  };
  const done = consume();
  await Promise.all(Array.from({ length: producers }, (_, p) => produce(p)));
  await done;
  assertEquals(q.size, 0);
  const switches = order.filter((n, i) => i > 0 && order[i - 1] !== n).length;
  assertGreater(switches, producers * 4, "producers really interleaved");
  for (let p = 0; p < producers; p++) {
    assertEquals(seen.get(`p${p}`), Array.from({ length: perProducer }, (_, i) => i));
  }
});
