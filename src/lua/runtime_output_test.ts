import { assert, assertEquals } from "@std/assert";
import { LuaVm } from "./vm.ts";
import { decodeResults, encodeBatch } from "./batch_codec.ts";
import { BATCH_FUNCTION, runtimeLuaSource } from "./runtime_lua.ts";
import { CallbackKind, type CallbackRequest, type CallbackResult } from "./batch_types.ts";
import { engineLuaSource } from "../api/mod.ts";
import { run, seed } from "./runtime_test_helpers.ts";

Deno.test("output past a callback's caps fails that callback alone, at its call site", async () => {
  const vm = await LuaVm.create({ maxInstructions: 50_000_000 });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: engineLuaSource() }), "=mg_runtime");
    vm.run(
      `
      function small(n) engine.set_integer(string.format("k%02d", n), n) end
      function big_string() engine.set_string("blob", string.rep("x", 15 * 1024 * 1024)) end
      function big_print() print(string.rep("y", 16 * 1024 * 1024)) end
      function many_lines() for i = 1, 1001 do engine.log("line " .. i) end end
      function big_return() return string.rep("z", 2 * 1024 * 1024) end
      function big_error() error(string.rep("e", 20 * 1024 * 1024)) end
      function big_build() engine.spawn():with_text(string.rep("t", 5 * 1024 * 1024)):build() end
      function many_commands() for i = 1, 500000 do engine.set_integer("n", i) end end
    `,
      "main.lua",
    );
    vm.freezeGlobals();
    const call = (fn: string, args: number[] = []): CallbackRequest => ({
      index: 0,
      seed,
      kind: CallbackKind.Call,
      fn,
      args,
    });
    const plan = [
      ...[1, 2, 3, 4, 5].map((n) => call("small", [n])),
      call("big_string"),
      call("big_print"),
      call("many_lines"),
      call("big_return"),
      call("big_error"),
      call("big_build"),
      call("many_commands"),
      ...[6, 7, 8, 9, 10].map((n) => call("small", [n])),
    ].map((c, index) => ({ ...c, index }));
    const results = decodeResults(
      vm.callBinary(BATCH_FUNCTION, encodeBatch({ frame: 1, dt: 0.1, callbacks: plan })),
    );
    assertEquals(results.length, plan.length);
    const first = (r: CallbackResult | undefined) => r && !r.ok ? r.error.split("\n")[0] : "ok";
    // Every small callback kept its command (opcode 2, key 4 + 3, value 8 bytes).
    for (const r of [...results.slice(0, 5), ...results.slice(12)]) {
      assert(r.ok, first(r));
      assertEquals(r.commands.length, 17);
    }
    assertEquals(results.slice(5, 12).map(first), [
      "main.lua:3: set_string: output exceeds 4 MB of commands in one callback",
      "main.lua:4: print: output exceeds 1 MB of log text in one callback",
      "main.lua:5: log: output exceeds 1000 log lines in one callback",
      "returned text exceeds 1 MB of text output in one callback",
      `main.lua:7: ${"e".repeat(16 * 1024 - 12)}... (${
        20 * 1024 * 1024 - 16 * 1024 + 12
      } more characters cut)`,
      "main.lua:8: build: output exceeds 4 MB of commands in one callback",
      "main.lua:9: set_integer: output exceeds 4 MB of commands in one callback",
    ]);
    // The lines logged before the cap explain the failure and are kept.
    assertEquals(results[7]?.logs.length, 1000);
    // The state goes on: a later batch runs normally.
    const again = decodeResults(
      vm.callBinary(
        BATCH_FUNCTION,
        encodeBatch({ frame: 2, dt: 0.1, callbacks: [call("small", [1])] }),
      ),
    );
    assert(again[0]?.ok);
  } finally {
    vm.close();
  }
});

Deno.test("a batch whose callbacks together output more than the memory cap still returns every result", async () => {
  const vm = await LuaVm.create({ maxInstructions: 50_000_000, maxMemoryMb: 32 });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: engineLuaSource() }), "=mg_runtime");
    vm.run(
      `function big(n)
        engine.set_string("blob", string.rep(string.char(64 + n), 3 * 1024 * 1024))
        print(string.rep("y", 900 * 1024) .. n)
        engine.set_integer("n", n)
      end`,
      "main.lua",
    );
    vm.freezeGlobals();
    // 30 x 3.9 MB: three times the state's memory cap.
    const callbacks = Array.from({ length: 30 }, (_, i): CallbackRequest => ({
      index: i,
      seed,
      kind: CallbackKind.Call,
      fn: "big",
      args: [i + 1],
    }));
    const results = decodeResults(
      vm.callBinary(BATCH_FUNCTION, encodeBatch({ frame: 1, dt: 0.1, callbacks })),
    );
    assertEquals(results.length, 30);
    results.forEach((r, i) => {
      assert(r.ok, r.ok ? "" : r.error);
      // set_string: opcode, key "blob", the 3 MB value; set_integer: opcode, key "n", value.
      assertEquals(r.commands.length, 2 + 4 + 4 + 4 + 3 * 1024 * 1024 + 2 + 4 + 1 + 8);
      assertEquals(r.commands[2 + 4 + 4 + 4], 65 + i);
      assertEquals(r.logs[0]?.message.length, 900 * 1024 + String(i + 1).length);
    });
  } finally {
    vm.close();
  }
});

// An API chunk whose commands go through the bulk sink, as generated bindings do.
const PUT_API = `
local rt = ...
local engine = {}
function engine.put(i) rt.put("I2d", 7, i) end
function engine.say(s) rt.put("I2s4", 8, s) end
function engine.blob(s) rt.emit(s) end
return { engine = engine }
`;

function readPuts(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  for (let p = 0; p < bytes.length;) {
    const op = view.getUint16(p, true);
    if (op === 7) out.push(`put ${view.getFloat64(p + 2, true)}`), p += 10;
    else if (op === 8) {
      const n = view.getUint32(p + 2, true);
      out.push(`say ${new TextDecoder().decode(bytes.subarray(p + 6, p + 6 + n))}`);
      p += 6 + n;
    } else out.push(`blob ${String.fromCharCode(...bytes.subarray(p))}`), p = bytes.length;
  }
  return out;
}

Deno.test("queued commands keep their order and callback, however many one callback queues", async () => {
  const vm = await LuaVm.create({ maxInstructions: 5_000_000 });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: PUT_API }), "=mg_runtime");
    vm.run(`
      function many(n) for i = 1, n do engine.put(i) end engine.say("end " .. n) end
      function mixed() engine.say("é") engine.blob("raw") end
      function fails() engine.put(-1) engine.say("lost") error("boom") end
    `);
    vm.freezeGlobals();
    const call = (index: number, fn: string, args: number[] = []) => ({
      index,
      seed,
      kind: CallbackKind.Call,
      fn,
      args,
    });
    // 9,000 commands in one callback, between callbacks that queue a few.
    const results = run(vm, [
      call(0, "many", [3]),
      call(1, "fails"),
      call(2, "many", [9_000]),
      call(3, "mixed"),
      call(4, "many", [1]),
    ]);
    assertEquals(results.map((r) => r.ok), [true, false, true, true, true]);
    assertEquals(readPuts(results[0]!.ok ? results[0]!.commands : new Uint8Array()), [
      "put 1",
      "put 2",
      "put 3",
      "say end 3",
    ]);
    const big = readPuts(results[2]!.ok ? results[2]!.commands : new Uint8Array());
    assertEquals(big.length, 9_001);
    assertEquals(big[8_999], "put 9000");
    assertEquals(big.at(-1), "say end 9000");
    assertEquals(readPuts(results[3]!.ok ? results[3]!.commands : new Uint8Array()), [
      "say é",
      "blob raw",
    ]);
    assertEquals(readPuts(results[4]!.ok ? results[4]!.commands : new Uint8Array()), [
      "put 1",
      "say end 1",
    ]);
  } finally {
    vm.close();
  }
});
