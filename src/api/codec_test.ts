import { assert, assertEquals, assertInstanceOf, assertThrows } from "@std/assert";
import { sampleArgs } from "./_samples.ts";
import {
  type Command,
  CommandDecodeError,
  CommandEncodeError,
  decodeCommands,
  encodeCommand,
  encodeCommands,
} from "./codec.ts";
import { COMMAND_SPECS, RECORD_SPECS } from "./table.ts";
import { Prng } from "../systems/prng.ts";

/** One valid command per opcode, built from the declarations. */
function allCommands(): Command[] {
  const records = RECORD_SPECS.map((r) => ({
    method: r.decl.name,
    args: sampleArgs(r.decl.params, true).ts,
  }));
  return COMMAND_SPECS.map((s) => {
    const args = s.decl.kind === "builder"
      ? s.decl.name === "clone"
        ? { provisionalId: -3, sourceKey: "tpl", records }
        : { provisionalId: -1, records }
      : sampleArgs(s.decl.params, s.op % 2 === 0, s.name).ts;
    return {
      op: s.op,
      name: s.name,
      category: s.decl.category,
      collision: s.collision,
      args,
    } as Command;
  });
}

Deno.test("encode then decode returns every command unchanged", () => {
  const cmds = allCommands();
  assertEquals(decodeCommands(encodeCommands(cmds)), cmds);
  for (const c of cmds) assertEquals(decodeCommands(encodeCommand(c)), [c]);
});

Deno.test("decoded args are fresh objects with the declared keys in order", () => {
  const spec = COMMAND_SPECS.find((s) => s.name === "entity_set_velocity" && !s.collision)!;
  const cmd = (vx: number) =>
    ({
      op: spec.op,
      name: spec.name,
      category: "entity",
      collision: false,
      args: { id: 3, vx, vy: 2 },
    }) as Command;
  const [a, b] = decodeCommands(encodeCommands([cmd(1), cmd(5)]));
  assert(a && b && a.args !== b.args);
  assertEquals(Object.keys(a.args), ["id", "vx", "vy"]);
  (a.args as Record<string, unknown>).vx = 9; // one command's args never reach another's
  assertEquals(b.args, { id: 3, vx: 5, vy: 2 });
  assertEquals(decodeCommands(encodeCommand(cmd(7)))[0]?.args, { id: 3, vx: 7, vy: 2 });
});

Deno.test("commands decode the same from views at any offset of shared buffers", () => {
  const cmds = allCommands();
  const one = encodeCommands(cmds);
  // Two results buffers, read alternately through subarrays (as a frame's results are).
  const bufA = new Uint8Array(one.length * 2 + 7);
  const bufB = new Uint8Array(one.length + 3);
  bufA.set(one, 5);
  bufA.set(one, one.length + 6);
  bufB.set(one, 3);
  const views = [
    bufA.subarray(5, 5 + one.length),
    bufB.subarray(3),
    bufA.subarray(one.length + 6, 2 * one.length + 6),
  ];
  for (const v of views) assertEquals(decodeCommands(v), cmds);
  // A view cut short fails at its own end, not at the end of the buffer behind it.
  const err = assertThrows(
    () => decodeCommands(bufA.subarray(5, 5 + one.length - 1)),
    CommandDecodeError,
  );
  assert(err.offset < one.length);
});

Deno.test("the wire format matches docs/architecture.md byte for byte", () => {
  const op = COMMAND_SPECS.find((s) => s.luaName === "entity_add_force")!.op;
  const bytes = encodeCommand({
    op: 0,
    name: "entity_add_force",
    category: "entity",
    collision: false,
    args: { id: 2, name: "g", x: 0, y: 1 },
  });
  const expected = new Uint8Array(2 + 8 + 4 + 1 + 8 + 8 + 1);
  const v = new DataView(expected.buffer);
  v.setUint16(0, op, true);
  v.setFloat64(2, 2, true);
  v.setUint32(10, 1, true);
  expected[14] = "g".charCodeAt(0);
  v.setFloat64(15, 0, true);
  v.setFloat64(23, 1, true);
  expected[31] = 0; // optional `enabled` absent
  assertEquals(bytes, expected);
});

Deno.test("tagged tables keep number/string keys apart and sort them", () => {
  const def = new Map<number | string, string | number | boolean>([
    ["b", 1],
    [2, "x"],
    ["a", true],
    [1, "y"],
  ]);
  const [cmd] = decodeCommands(encodeCommand({
    op: 0,
    name: "cvar.define",
    category: "cvar",
    collision: false,
    args: { name: "x", def },
  }));
  assert(cmd?.name === "cvar.define");
  assertEquals([...cmd.args.def.keys()], [1, 2, "a", "b"]);
});

function decodeError(bytes: Uint8Array): CommandDecodeError {
  return assertThrows(() => decodeCommands(bytes), CommandDecodeError);
}

function u16(n: number): number[] {
  return [n & 0xff, n >> 8];
}

Deno.test("corrupt input names the offset and the problem", () => {
  const setFlag = COMMAND_SPECS.find((s) => s.luaName === "set_flag")!.op;
  const spawn = COMMAND_SPECS.find((s) => s.luaName === "spawn")!.op;
  const valid = encodeCommand({
    op: 0,
    name: "set_flag",
    category: "signal",
    collision: false,
    args: { key: "k" },
  });

  let e = decodeError(new Uint8Array([0xff, 0xff]));
  assertEquals([e.offset, e.reason], [0, "unknown opcode 65535"]);
  e = decodeError(new Uint8Array([...valid, 0]));
  assertEquals([e.offset, e.reason], [valid.length, "opcode needs 2 bytes but only 1 remain"]);
  e = decodeError(valid.subarray(0, valid.length - 1));
  assertEquals(e.offset, 2);
  assert(e.reason.includes("runs past the end"), e.reason);
  e = decodeError(new Uint8Array([...u16(setFlag), 0xff, 0xff, 0xff, 0x7f]));
  assertEquals(e.offset, 2);
  assert(
    e.message.startsWith("Cannot decode command at byte 2: set_flag argument key length"),
    e.message,
  );
  // spawn with an absurd record count
  const f = new Uint8Array(8);
  new DataView(f.buffer).setFloat64(0, -1, true);
  e = decodeError(new Uint8Array([...u16(spawn), ...f, 0xff, 0xff, 0xff, 0xff]));
  assertEquals(e.offset, 10);
  assert(e.reason.includes("record count 4294967295"), e.reason);
  // spawn with a positive provisional id
  new DataView(f.buffer).setFloat64(0, 5, true);
  e = decodeError(new Uint8Array([...u16(spawn), ...f, 0, 0, 0, 0]));
  assert(e.reason.includes("provisional id must be a negative integer"), e.reason);
  // unknown record opcode
  new DataView(f.buffer).setFloat64(0, -1, true);
  e = decodeError(new Uint8Array([...u16(spawn), ...f, 1, 0, 0, 0, 0xee, 0xee]));
  assertEquals([e.offset, e.reason], [14, "spawn has unknown record opcode 61166"]);
});

Deno.test("bad tags, booleans, NaN, non-integers and unsorted keys are rejected", () => {
  const op = (n: string) => COMMAND_SPECS.find((s) => s.luaName === n)!.op;
  const d = (v: number) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    return [...b];
  };
  const str = (s: string) => [s.length, 0, 0, 0, ...new TextEncoder().encode(s)];
  const cases: [number[], string][] = [
    [[...u16(op("entity_despawn")), ...d(1.5)], "is not an integer"],
    [[...u16(op("entity_despawn")), ...d(0)], "is not a valid id"],
    [[...u16(op("entity_set_speed")), ...d(1), ...d(NaN)], "is not a finite number"],
    [
      [...u16(op("entity_set_tint")), ...d(1), ...d(256), ...d(0), ...d(0), ...d(0)],
      "out of range",
    ],
    [[...u16(op("entity_set_force_enabled")), ...d(1), ...str("g"), 2], "must be 0 or 1"],
    [[...u16(op("play_music")), ...str("m"), 7], "must be 0 or 1"],
    [[...u16(op("cvar.set")), ...str("x"), 9], "unknown tag 9"],
    [[...u16(op("cvar.define")), ...str("x"), 4, ...str("s")], "must be a table"],
    [
      [...u16(op("cvar.define")), ...str("x"), 5, 2, 0, 0, 0, 4, ...str("b"), 2, 4, ...str("a"), 2],
      "not strictly ascending",
    ],
    [
      [...u16(op("cvar.define")), ...str("x"), 5, 2, 0, 0, 0, 4, ...str("a"), 2, 3, ...d(1), 2],
      "number key after a string",
    ],
    [[...u16(op("cvar.define")), ...str("x"), 5, 1, 0, 0, 0, 2, 2], "key has tag 2"],
    [[...u16(op("cvar.define")), ...str("x"), 5, 1, 0, 0, 0, 4, ...str("a"), 0], "nil value"],
    [
      [...u16(op("entity_set_animation")), ...d(1), ...str("walk")].slice(0, -1),
      "runs past the end",
    ],
    [[
      ...u16(op("entity_insert_tween_position")),
      ...d(1),
      ...d(0),
      ...d(0),
      ...d(0),
      ...d(0),
      ...d(1),
      1,
      ...str("nope"),
      0,
    ], "not one of its choices"],
    [
      [...u16(op("post_process_shader")), 1, 5, 1, 0, 0, 0, 3, ...d(2), 4, ...str("crt")],
      "list of strings",
    ],
  ];
  for (const [bytes, want] of cases) {
    const e = decodeError(new Uint8Array(bytes));
    assert(e.reason.includes(want), `${want}: got ${e.reason}`);
  }
  // nesting deeper than the limit
  const deep = [...u16(op("cvar.set")), ...str("x")];
  for (let i = 0; i < 40; i++) deep.push(5, 1, 0, 0, 0, 3, ...d(1));
  deep.push(2);
  assert(decodeError(new Uint8Array(deep)).reason.includes("nested deeper than 32"));
});

Deno.test("encodeCommand rejects commands that do not match their declaration", () => {
  const bad = (c: unknown) => assertThrows(() => encodeCommand(c as Command), CommandEncodeError);
  bad({ op: 0, name: "nope", category: "entity", collision: false, args: {} });
  bad({ op: 0, name: "entity_menu_despawn", category: "entity", collision: true, args: { id: 1 } });
  bad({ op: 0, name: "entity_despawn", category: "entity", collision: false, args: {} });
  bad({ op: 0, name: "entity_despawn", category: "entity", collision: false, args: { id: 1.5 } });
  bad({
    op: 0,
    name: "entity_set_speed",
    category: "entity",
    collision: false,
    args: { id: 1, speed: NaN },
  });
  bad({
    op: 0,
    name: "spawn",
    category: "spawn",
    collision: false,
    args: { provisionalId: 3, records: [] },
  });
});

/** Deterministic numbers in [0, 1) so failures reproduce. */
function rng(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

function checkDecode(bytes: Uint8Array): "ok" | "error" {
  let cmds: Command[];
  try {
    cmds = decodeCommands(bytes);
  } catch (e) {
    assertInstanceOf(e, CommandDecodeError);
    assert(
      e.offset >= 0 && e.offset <= bytes.length,
      `offset ${e.offset} outside 0..${bytes.length}`,
    );
    return "error";
  }
  // a successful decode is a complete, re-encodable result
  assertEquals(decodeCommands(encodeCommands(cmds)), cmds);
  return "ok";
}

Deno.test("fuzz: random bytes decode to commands or a CommandDecodeError, nothing else", () => {
  const rand = rng(1);
  const ops = COMMAND_SPECS.length;
  const seen = { ok: 0, error: 0 };
  for (let i = 0; i < 5000; i++) {
    const n = Math.floor(rand() * 64);
    const b = new Uint8Array(n);
    for (let j = 0; j < n; j++) b[j] = Math.floor(rand() * 256);
    // bias half the inputs toward real opcodes so decoding gets past the first byte
    if (n >= 2 && i % 2 === 0) {
      const op = 1 + Math.floor(rand() * ops);
      b[0] = op & 0xff;
      b[1] = op >> 8;
    }
    seen[checkDecode(b)]++;
  }
  assert(seen.ok > 0 && seen.error > 0, JSON.stringify(seen));
});

Deno.test("fuzz: mutated valid buffers decode or fail cleanly", () => {
  const rand = rng(2);
  const valid = encodeCommands(allCommands());
  const seen = { ok: 0, error: 0 };
  for (let i = 0; i < 3000; i++) {
    let b = valid.slice();
    const mode = i % 4;
    if (mode === 0) b = b.subarray(0, Math.floor(rand() * b.length));
    else if (mode === 1) {
      for (let k = 0; k < 1 + rand() * 4; k++) {
        b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      }
    } else if (mode === 2) {
      const at = Math.floor(rand() * b.length);
      b = new Uint8Array([...b.subarray(0, at), Math.floor(rand() * 256), ...b.subarray(at)]);
    } else {
      const at = Math.floor(rand() * (b.length - 4));
      b[at] = 0xff;
      b[at + 1] = 0xff;
      b[at + 2] = 0xff;
      b[at + 3] = 0x7f;
    }
    seen[checkDecode(b)]++;
  }
  assert(seen.ok > 0 && seen.error > 0, JSON.stringify(seen));
});

Deno.test("a count larger than the remaining bytes can hold is refused at the count", () => {
  const spawn = COMMAND_SPECS.find((s) => s.decl.kind === "builder" && s.decl.name === "spawn")!;
  const bytes = new Uint8Array(2 + 8 + 4 + 3);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, spawn.op, true);
  view.setFloat64(2, -1, true);
  view.setUint32(10, 1_000_000, true);
  const err = assertThrows(() => decodeCommands(bytes), CommandDecodeError);
  assertEquals(err.offset, 10);
  assert(err.reason.includes("record count 1000000 is more than the 3 remaining bytes allow"));
});
