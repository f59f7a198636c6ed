import { assert, assertEquals, assertGreater, assertLess, assertThrows } from "@std/assert";
import type { LuaVm } from "./vm.ts";
import { runtimeVm } from "./_runtime_vm.ts";
import { decodeResults, encodeBatch } from "./batch_codec.ts";
import { EACH_COST_MARK, hasCosts, PROFILED_MARK, splitProfile } from "./batch_profile.ts";
import { CallbackKind, type CallbackRequest } from "./batch_types.ts";
import { ByteWriter, DecodeError } from "./bytes.ts";
import { BATCH_FUNCTION, runtimeLuaSource } from "./runtime_lua.ts";
import { Prng } from "../systems/prng.ts";

// One command per engine.cmd call: its text.
const API = `
local rt = ...
return { engine = { cmd = function(s) rt.emit(s .. ";") end } }
`;

const GAME = `
function loop(k) local s = 0 for i = 1, k do s = s + i end engine.cmd("l") end
function tiny() end
function spin(k) local s = 0 for i = 1, k do s = s + i end end
function boom() engine.cmd("lost"); error("boom") end
function move(ctx) engine.cmd("m" .. ctx.id) end
`;

function gameVm(): Promise<LuaVm> {
  return runtimeVm(GAME, runtimeLuaSource({ apiSource: API }));
}

const seed = [1, 2] as const;
const callbacks: CallbackRequest[] = [
  { index: 0, seed, kind: CallbackKind.Call, fn: "loop", args: [10] },
  { index: 1, seed, kind: CallbackKind.Call, fn: "boom", args: [] },
  // Three runs of one function: the context layouts differ, so the middle one is a run of its own.
  ...[2, 3, 4, 5].map((id, i): CallbackRequest => ({
    index: 2 + i,
    seed,
    kind: CallbackKind.PhaseUpdate,
    fn: "move",
    ctx: id === 4 ? { id, pos: [0, 0] } : { id },
  })),
  { index: 6, seed, kind: CallbackKind.Call, fn: "loop", args: [3000] },
  { index: 7, seed, kind: CallbackKind.Call, fn: "tiny", args: [] },
  { index: 8, seed, kind: CallbackKind.Call, fn: "missing", args: [] },
];

Deno.test("a profiled batch answers with its costs per function and kind, and the same results", async () => {
  const vm = await gameVm();
  try {
    const plain = vm.callBinary(BATCH_FUNCTION, encodeBatch({ frame: 1, dt: 0.5, callbacks }));
    assertEquals(hasCosts(plain), false);
    assertEquals(splitProfile(plain).costs, []);
    assertEquals(splitProfile(plain).results, plain);
    const reply = vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({ frame: 1, dt: 0.5, callbacks, profile: true }),
    );
    assertEquals(hasCosts(reply), true);
    const { results, costs } = splitProfile(reply);
    assertEquals(decodeResults(results), decodeResults(plain));
    const by = new Map(costs.map((c) => [`${c.kind} ${c.name}`, c]));
    assertEquals([...by.keys()], ["9 loop", "9 boom", "3 move", "9 tiny", "9 missing"]);
    const loop = by.get("9 loop")!, move = by.get("3 move")!, boom = by.get("9 boom")!;
    assertEquals([loop.calls, loop.commands, loop.errors], [2, 2, 0]);
    assertEquals([move.calls, move.commands, move.errors], [4, 4, 0]);
    // A failed callback's commands are dropped, so not counted.
    assertEquals([boom.calls, boom.commands, boom.errors], [1, 0, 1]);
    assertEquals(by.get("9 missing")!.errors, 1);
    for (const c of costs) assert(c.ms >= 0 && Number.isFinite(c.ms), `${c.name}: ${c.ms} ms`);
    // Instructions short of a hook interval (1000) count too: a loop turn is two (add, loop).
    assertGreater(loop.instructions, 2 * 3010);
    assertLess(loop.instructions, 2 * 3010 + 100);
    assertGreater(by.get("9 tiny")!.instructions, 0);
    assertLess(by.get("9 tiny")!.instructions, 10);
    assertGreater(move.instructions, 4 * 3);
    assertLess(move.instructions, 4 * 40);
    // The next batch starts over.
    const again = splitProfile(vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({ frame: 2, dt: 0.5, callbacks: callbacks.slice(7, 8), profile: true }),
    ));
    assertEquals(again.costs.map((c) => [c.name, c.calls]), [["tiny", 1]]);
  } finally {
    vm.close();
  }
});

Deno.test("a callback that allocates nothing costs the same instructions in every run", async () => {
  const vm = await gameVm();
  try {
    const spin = (k: number): CallbackRequest => ({
      index: 0,
      seed,
      kind: CallbackKind.Call,
      fn: "spin",
      args: [k],
    });
    const counts = [1, 2, 3, 4].map((frame) =>
      splitProfile(vm.callBinary(
        BATCH_FUNCTION,
        encodeBatch({ frame, dt: 0.5, callbacks: [spin(frame < 4 ? 700 : 1400)], profile: true }),
      )).costs[0]!.instructions
    );
    assertEquals(counts.slice(0, 3), [counts[0]!, counts[0]!, counts[0]!]);
    // 700 more turns: 1400 more instructions, across a hook interval.
    assertEquals(counts[3]! - counts[0]!, 1400);
  } finally {
    vm.close();
  }
});

Deno.test("a batch that asks for each callback's cost gets one per callback, in order, whatever came before", async () => {
  const vm = await gameVm();
  try {
    const batch = (frame: number, profile: boolean | "each") =>
      vm.callBinary(BATCH_FUNCTION, encodeBatch({ frame, dt: 0.5, callbacks, profile }));
    // A batch that ended in an error (its last callback cut short, after the first had run)
    // leaves nothing behind for the next one.
    const two = encodeBatch({
      frame: 1,
      dt: 0.5,
      callbacks: callbacks.slice(0, 2),
      profile: "each",
    });
    assertThrows(() => vm.callBinary(BATCH_FUNCTION, two.subarray(0, two.length - 2)));
    const { results, costs, each } = splitProfile(batch(2, "each"));
    assertEquals(decodeResults(results), decodeResults(batch(2, false)));
    assertEquals(costs, []);
    // loop, boom, move x4, loop, tiny, missing.
    assertEquals(each!.map((c) => [c.commands, c.failed]), [
      [1, false],
      [0, true],
      [1, false],
      [1, false],
      [1, false],
      [1, false],
      [1, false],
      [0, false],
      [0, true],
    ]);
    assert(each!.every((c) => c.ms >= 0 && c.ms < 1000));
    // The long loop's cost is its own, not its function's sum; an empty call's a few instructions.
    assertGreater(each![6]!.instructions, 10 * each![0]!.instructions);
    assertLess(each![7]!.instructions, 10);
    // Summed per function, as before, when asked so; and nothing when not asked.
    assertEquals(splitProfile(batch(3, true)).costs.map((c) => [c.name, c.calls]), [
      ["loop", 2],
      ["boom", 1],
      ["move", 4],
      ["tiny", 1],
      ["missing", 1],
    ]);
    assertEquals(splitProfile(batch(4, true)).each, undefined);
    assertEquals(hasCosts(batch(5, false)), false);
    // Every 64th call goes through JavaScript (hot_path.c): it is counted the same way.
    const spins = Array.from({ length: 130 }, (_, index): CallbackRequest => ({
      index,
      seed,
      kind: CallbackKind.Call,
      fn: "spin",
      args: [50],
    }));
    const many = splitProfile(vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({ frame: 6, dt: 0.5, callbacks: spins, profile: "each" }),
    )).each!;
    assertEquals(many.length, 130);
    assertEquals(new Set(many.map((c) => c.instructions)).size, 1);
  } finally {
    vm.close();
  }
});

Deno.test("callbacks of one function in a row share their run's time by their instructions", async () => {
  const vm = await gameVm();
  try {
    const call = (index: number, fn: string, k: number): CallbackRequest => ({
      index,
      seed,
      kind: CallbackKind.Call,
      fn,
      args: [k],
    });
    // Three spins (a long one, two short), then a loop: two runs of one function each.
    const each = splitProfile(vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({
        frame: 1,
        dt: 0.5,
        callbacks: [
          call(0, "spin", 200_000),
          call(1, "spin", 20),
          call(2, "spin", 40),
          call(3, "loop", 200_000),
        ],
        profile: "each",
      }),
    )).each!;
    const [long, short, shorter, loop] = each as [
      typeof each[0],
      typeof each[0],
      typeof each[0],
      typeof each[0],
    ];
    assertGreater(long.ms, 0);
    assertGreater(loop.ms, 0);
    // One clock read for the three spins: their shares are their instructions' exactly.
    const share = (a: typeof long, b: typeof long) =>
      (a.ms / b.ms) / (a.instructions / b.instructions);
    assertLess(Math.abs(share(long, short) - 1), 1e-9);
    assertLess(Math.abs(share(short, shorter) - 1), 1e-9);
    // The loop's time is its own: a clock read of its own, not a share of the spins'.
    assertGreater(Math.abs(share(long, loop) - 1), 1e-9);
  } finally {
    vm.close();
  }
});

Deno.test("splitProfile rejects costs that do not fit their reply", () => {
  const w = new ByteWriter();
  w.u32(0); // no callbacks
  w.u8(CallbackKind.Call);
  w.str("f"); // a record cut short
  w.u32(5 + 1);
  w.u32(PROFILED_MARK);
  assertThrows(() => splitProfile(w.finish()), DecodeError, "Truncated calls");
  const long = new ByteWriter();
  long.u32(100);
  long.u32(PROFILED_MARK);
  assertThrows(() => splitProfile(long.finish()), DecodeError, "need 100 bytes");
  // Each callback's costs come 24 bytes each.
  const odd = new ByteWriter();
  odd.u32(0);
  odd.f64(1);
  odd.u32(8);
  odd.u32(EACH_COST_MARK);
  assertThrows(() => splitProfile(odd.finish()), DecodeError, "not a multiple of 24");
});

Deno.test("fuzz: a mutated or cut reply with costs splits, or fails with DecodeError naming why", () => {
  // The engine's seeded generator, so that a failure can be replayed.
  const rng = new Prng(0x2545f491), next = () => rng.next();
  const reply = (each: boolean) => {
    const w = new ByteWriter();
    w.u32(3); // the results: a callback count
    const from = w.length;
    const n = Math.floor(next() * 4);
    for (let i = 0; i < n; i++) {
      if (each) (w.f64(next()), w.f64(i * 10), w.u32(i), w.u32(i & 1));
      else {(w.u8(CallbackKind.Call),
          w.str("f" + i),
          w.u32(1),
          w.f64(0.5),
          w.f64(9),
          w.u32(1),
          w.u32(0));}
    }
    w.u32(w.length - from);
    w.u32(each ? EACH_COST_MARK : PROFILED_MARK);
    return w.finish();
  };
  let split = 0, refused = 0;
  for (let round = 0; round < 2000; round++) {
    const bytes = reply(next() < 0.5);
    if (next() < 0.7) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
    const cut = next() < 0.2 ? bytes.subarray(Math.floor(next() * 8)) : bytes;
    try {
      const { results, costs, each } = splitProfile(cut);
      assert(results.length <= cut.length);
      for (const c of each ?? []) assert(typeof c.ms === "number" && typeof c.failed === "boolean");
      for (const c of costs) assert(typeof c.name === "string" && c.calls >= 0);
      split++;
    } catch (e) {
      assert(e instanceof DecodeError, `round ${round}: ${e}`);
      assert(e.message.length > 0);
      refused++;
    }
  }
  assertGreater(split, 100);
  assertGreater(refused, 100);
});
