import { assert, assertEquals, assertThrows } from "@std/assert";
import { type Command, decodeCommands, encodeCommands } from "../api/mod.ts";
import {
  componentsOf,
  despawnEntity,
  eidOf,
  getComponent,
  Rotation,
  spawnEntity,
} from "../ecs/mod.ts";
import { createGameState } from "../state/game_state.ts";
import type { GameState } from "../state/game_state.ts";
import { applyCallbackCommands } from "./apply.ts";
import { applyCompact, CommandTape, compactCommands } from "./compact.ts";
import { ENTITY_WRITES } from "./entity.ts";
import { fn } from "./_test_util.ts";

// A world of three entities, the third despawned, so that writes to it fail.
function world(): GameState {
  const state = createGameState();
  for (let i = 0; i < 3; i++) spawnEntity(state.world);
  despawnEntity(state.world, 3);
  return state;
}

// Everything the writes can change, as data.
function seen(state: GameState) {
  return [1, 2, 3].map((id) => ({
    components: componentsOf(state.world, id)?.map((def) =>
      [def.name, getComponent(state.world, id, def)] as const
    ),
    signals: state.world.entitySignals.get(eidOf(state.world, id) ?? -1)?.snapshot(),
  }));
}

const WRITES: Command[] = [
  fn("entity_set_position", { id: 1, x: 1.5, y: -2 }),
  fn("entity_set_velocity", { id: 2, vx: 0.1, vy: 1e300 }),
  fn("entity_set_rotation", { id: 1, degrees: -45 }),
  fn("entity_set_scale", { id: 2, sx: 2, sy: 0.5 }),
  fn("entity_signal_set_scalar", { id: 1, key: "speed", value: 2 }),
  fn("entity_signal_set_integer", { id: 2, key: "hp", value: -7 }),
  fn("entity_signal_set_string", { id: 1, key: "mood", value: "ünïcode" }),
  fn("entity_signal_set_flag", { id: 2, key: "hit" }),
  fn("entity_signal_clear_flag", { id: 2, key: "hit" }),
  fn("entity_signal_set_integer", { id: 1, key: "", value: 2 ** 53 - 1 }),
  fn("entity_set_velocity", { id: 99, vx: 1, vy: 1 }), // no such entity
  fn("entity_signal_set_integer", { id: 1, key: "big", value: 2 ** 60 }), // not a safe integer
];

Deno.test("every entity write is compact, and applying it does what its processor does", () => {
  assertEquals(
    new Set(WRITES.map((c) => c.name)),
    new Set(ENTITY_WRITES.map((w) => w.name)),
    "the test covers every write",
  );
  const bytes = encodeCommands(WRITES);
  const tape = new CommandTape(1);
  const range = compactCommands(bytes, 0, bytes.length, tape);
  assert(range !== undefined);
  assertEquals(range.end - range.start, 4 * WRITES.length);
  assertEquals(range.decode(), decodeCommands(bytes));

  const byObjects = world(), byNumbers = world();
  applyCallbackCommands(byObjects, [{ index: 0, rank: 1, entity: 0, commands: WRITES }]);
  applyCallbackCommands(byNumbers, [{
    index: 0,
    rank: 1,
    entity: 0,
    commands: [],
    compact: range,
  }]);
  assertEquals(seen(byNumbers), seen(byObjects));
  assertEquals(byNumbers.log.entries, byObjects.log.entries);
  const messages = byObjects.log.entries.map((e) => e.message);
  assert(messages.some((m) => m.startsWith("entity_set_velocity: entity 99")), "a skipped write");
  assert(messages.some((m) => m.startsWith("entity_signal_set_integer: ")), "a refused value");
});

Deno.test("a callback with anything but entity writes to real ids is left to the decoder", () => {
  const cases: [string, Command[]][] = [
    ["a provisional id", [fn("entity_set_velocity", { id: -1, vx: 1, vy: 1 })]],
    ["a collision twin", [fn("entity_set_velocity", { id: 1, vx: 1, vy: 1 }, true)]],
    ["another command", [
      fn("entity_set_velocity", { id: 1, vx: 1, vy: 1 }),
      fn("entity_despawn", { id: 2 }),
    ]],
    ["no command", []],
  ];
  for (const [what, commands] of cases) {
    const bytes = encodeCommands(commands);
    const tape = new CommandTape();
    tape.add(0, 1, 2, 3);
    tape.str("kept");
    assertEquals(compactCommands(bytes, 0, bytes.length, tape), undefined, what);
    assertEquals([tape.length, tape.strs], [4, ["kept"]], `${what}: the tape is as it was`);
  }
});

Deno.test("bytes the decoder refuses are not compact either, so that the decoder says why", () => {
  const good = encodeCommands([fn("entity_signal_set_integer", { id: 1, key: "hp", value: 3 })]);
  const bad: [string, Uint8Array][] = [
    ["truncated", good.subarray(0, good.length - 3)],
    ["trailing bytes", new Uint8Array([...good, 7])],
    ["a fractional integer", patchF64(good, good.length - 8, 2.5)],
    ["a fractional id", patchF64(good, 2, 1.5)],
  ];
  for (const [what, bytes] of bad) {
    assertEquals(compactCommands(bytes, 0, bytes.length, new CommandTape()), undefined, what);
    assertThrows(() => decodeCommands(bytes), Error, undefined, what);
  }
});

Deno.test("callbacks writing one key keep it once, and a key dropped with its callback is kept again", () => {
  const set = (key: string, value: number) =>
    fn("entity_signal_set_integer", { id: 1, key, value });
  const tape = new CommandTape();
  const read = (commands: Command[]) => {
    const bytes = encodeCommands(commands);
    return compactCommands(bytes, 0, bytes.length, tape);
  };
  read([set("count", 1)]);
  read([set("count", 2)]);
  assertEquals(tape.strs, ["count"]);
  // "hp" is kept, then dropped with the rest of its callback, which is left to the decoder.
  assertEquals(read([set("hp", 3), fn("entity_despawn", { id: 2 })]), undefined);
  assertEquals(tape.strs, ["count"]);
  const range = read([set("hp", 4)])!;
  assertEquals(tape.strs, ["count", "hp"]);
  const state = world();
  applyCompact(state, range, (name, e) => assert(false, `${name}: ${e}`));
  assertEquals(state.world.entitySignals.get(eidOf(state.world, 1)!)?.getInteger("hp"), 4);
  // A key with other bytes (not ASCII, or another length) is kept as the decoder reads it; one
  // kept before is found again.
  read([set("hé", 5), set("count", 6)]);
  assertEquals(tape.strs, ["count", "hp", "hé"]);
});

Deno.test("applyCompact hands each failure to its caller with the command's name", () => {
  const bytes = encodeCommands([
    fn("entity_set_scale", { id: 5, sx: 1, sy: 1 }),
    fn("entity_set_rotation", { id: 1, degrees: 3 }),
  ]);
  const range = compactCommands(bytes, 0, bytes.length, new CommandTape())!;
  const state = world(), failed: string[] = [];
  applyCompact(state, range, (name, e) => failed.push(`${name}: ${(e as Error).message}`));
  assertEquals(failed, ["entity_set_scale: entity 5 does not exist"]);
  assertEquals(getComponent(state.world, 1, Rotation), { degrees: 3 });
});

function patchF64(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setFloat64(at, value, true);
  return out;
}

Deno.test("fuzz: what is compact is exactly what the decoder reads, for mutated command bytes", () => {
  // A small deterministic generator (xorshift), so that a failure can be replayed.
  let seed = 0x9e3779b9;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const ids = [1, 2, 3, 7, 2 ** 31, -1, -5];
  const commands = (): Command[] =>
    Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
      const id = pick(ids), n = next() * 200 - 100, key = pick(["hp", "", "ключ", "k".repeat(40)]);
      return pick([
        () => fn("entity_set_position", { id, x: n, y: -n }),
        () => fn("entity_set_velocity", { id, vx: n, vy: 0 }, next() < 0.2),
        () => fn("entity_set_rotation", { id, degrees: n }),
        () => fn("entity_set_scale", { id, sx: n, sy: n }),
        () => fn("entity_signal_set_scalar", { id, key, value: n }),
        () => fn("entity_signal_set_integer", { id, key, value: Math.round(n) }),
        () => fn("entity_signal_set_string", { id, key, value: key + "!" }),
        () => fn("entity_signal_set_flag", { id, key }),
        () => fn("entity_signal_clear_flag", { id, key }),
        () => fn("entity_despawn", { id }),
      ])();
    });
  let compacted = 0;
  for (let round = 0; round < 3000; round++) {
    const bytes = encodeCommands(commands());
    // Most rounds flip a byte or cut the end, so that the decoder refuses some.
    if (next() < 0.6) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
    const end = next() < 0.2 ? Math.floor(next() * bytes.length) : bytes.length;
    const range = compactCommands(bytes, 0, end, new CommandTape(1));
    let decoded: Command[] | undefined;
    try {
      decoded = decodeCommands(bytes, 0, end);
    } catch {
      decoded = undefined;
    }
    if (range === undefined) continue;
    compacted++;
    assert(decoded !== undefined, `round ${round}: compact where the decoder refuses`);
    assertEquals(range.decode(), decoded);
    const { nums } = range.tape;
    decoded.forEach((cmd, k) => {
      const at = range.start + 4 * k, args = cmd.args as { id: number };
      assertEquals([ENTITY_WRITES[nums[at]!]!.name, nums[at + 1]], [cmd.name, args.id]);
      assert(!cmd.collision && args.id >= 1, `round ${round}: ${cmd.name} should not be compact`);
    });
  }
  assert(compacted > 300, `only ${compacted} rounds were compact`);
});

Deno.test("a tape keeps each text of a frame's writes once, by its bytes", () => {
  const tape = new CommandTape();
  const enc = (s: string) => new TextEncoder().encode(s);
  // Six keys written in turn (as a run's callbacks write an entity's signals), each kept once.
  const six = ["hp", "mp", "state", "count", "aim_x", "aim_y"];
  const rounds = Array.from(
    { length: 50 },
    () => six.map((k) => tape.text(enc(`..${k}`), 2, 2 + k.length)),
  );
  assertEquals(tape.strs, six);
  assertEquals(rounds.at(-1), [0, 1, 2, 3, 4, 5]);
  assertEquals(tape.text(enc("state"), 0, 5), 2, "the same bytes in another buffer");
  // More keys than the tape remembers share slots: each index still names its own text.
  const keys = Array.from({ length: 200 }, (_, i) => `key${i}`);
  for (let round = 0; round < 3; round++) {
    const got = keys.map((k) => tape.strs[tape.text(enc(k), 0, k.length)]);
    assertEquals(got, keys);
  }
  // After a truncate, no index past it is handed out again.
  tape.truncate(0, 3);
  const again = tape.text(enc("count"), 0, 5);
  assertEquals([again, tape.strs[again]], [3, "count"]);
});
