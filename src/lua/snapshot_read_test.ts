// The read bindings' C fast path (tools/lua_wasm/snapshot_read.c): whatever the arguments, a read
// gives what the binding generated in Lua gives, errors and the line they name included.
import { assertEquals, assertGreater } from "@std/assert";
import { engineLuaSource } from "../api/mod.ts";
import { decodeResults, encodeBatch } from "./batch_codec.ts";
import { CallbackKind } from "./batch_types.ts";
import { componentBit, ComponentsWriter } from "./components_part.ts";
import { BATCH_FUNCTION, runtimeLuaSource } from "./runtime_lua.ts";
import { EMPTY_SNAPSHOT } from "./runtime_test_helpers.ts";
import { LuaVm } from "./vm.ts";

// Each read with arguments it takes, converts, refuses or has no value for.
const CALLS = [
  `engine.get_integer("score")`,
  `engine.get_integer("missing")`,
  `engine.get_integer(7)`,
  `engine.get_integer()`,
  `engine.get_integer(nil)`,
  `engine.get_integer({})`,
  `engine.get_integer("score", 1)`,
  `engine.get_integer("score", nil)`,
  `engine.get_scalar("speed")`,
  `engine.get_string("scene")`,
  `engine.has_flag("paused")`,
  `engine.has_flag("nope")`,
  `engine.has_flag(5)`,
  `engine.get_entity("player")`,
  `engine.get_group_count("brick")`,
  `engine.get_group_count(true)`,
  `engine.has_tracked_group("brick")`,
  `engine.has_tracked_group("ghost")`,
  `cvar.get("sys_tick_hz")`,
  `cvar.get("nope")`,
  `cvar.get(60)`,
  `ecs.getComponent(7, "Velocity")`,
  `ecs.getComponent(7.0, "Position")`,
  `ecs.getComponent(7, "Transform")`,
  `ecs.getComponent(7, "Nope")`,
  `ecs.getComponent(7, 5)`,
  `ecs.getComponent(999, "Position")`,
  `ecs.getComponent(1.5, "Position")`,
  `ecs.getComponent(0, "Position")`,
  `ecs.getComponent("7", "Position")`,
  `ecs.getComponent(2^53, "Position")`,
  `ecs.getComponent(-(2^53 - 1), "Position")`,
  `ecs.getComponent(7)`,
  `input.isKeyPressed("left")`,
  `input.isKeyPressed("right")`,
  `input.isKeyPressed("nope")`,
  `input.isKeyPressed(1)`,
  `input.getMousePos()`,
  `input.getMousePos(1)`,
];

// Every call's outcome, one line each: its results as text, or its error (with the line). Not
// tail calls: a Lua binding called in a tail call has no caller's line to name.
const GAME = `
local function show(v)
  if type(v) ~= "table" then return (math.type(v) or type(v)) .. ":" .. tostring(v) end
  local out = {}
  for k, x in pairs(v) do out[#out + 1] = tostring(k) .. "=" .. show(x) end
  table.sort(out)
  return "{" .. table.concat(out, ",") .. "}"
end
local CALLS = {
${
  CALLS.map((c) => `  function() local r = table.pack(${c}); return table.unpack(r, 1, r.n) end,`)
    .join("\n")
}
}
-- A tail call: only the C binding, whose Lua fallback raises from under it, has the line to name.
local function tail() return engine.get_integer() end
function reads()
  local out = { select(2, pcall(tail)) }
  for i, call in ipairs(CALLS) do
    local r = table.pack(pcall(call))
    local line = {}
    for k = 1, r.n do line[k] = k == 1 and tostring(r[1]) or show(r[k]) end
    out[i + 1] = table.concat(line, " ")
  end
  return table.concat(out, "\\n")
end
`;

async function outcomes(fast: boolean): Promise<string[]> {
  const w = new ComponentsWriter();
  w.entity(7, componentBit("Position") | componentBit("Velocity"));
  w.number(1.5);
  w.number(2);
  w.number(3);
  w.number(-4);
  // Without `rt.read`, every read is the binding generated in Lua.
  const api = fast ? engineLuaSource() : `(...).read = nil\n${engineLuaSource()}`;
  const vm = await LuaVm.create({ maxInstructions: 10_000_000 });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: api }), "=mg_runtime");
    vm.run(GAME, "main.lua");
    vm.freezeGlobals();
    const [r] = decodeResults(vm.callBinary(
      BATCH_FUNCTION,
      encodeBatch({
        frame: 1,
        dt: 0.5,
        snapshot: {
          ...EMPTY_SNAPSHOT,
          integers: { score: 7, "7": 8 },
          scalars: { speed: 2.5 },
          strings: { scene: "menu" },
          flags: ["paused"],
          entities: { player: 4 },
          groups: { brick: 3 },
          cvars: { sys_tick_hz: { value: 60, default: 60 } },
          input: { pressed: { left: true }, mouse: { x: 10, y: 20 } },
          components: w.finish(),
        },
        callbacks: [{ index: 0, seed: [1, 2], kind: CallbackKind.Call, fn: "reads", args: [] }],
      }),
    ));
    if (!r?.ok) throw new Error(`reads failed: ${r?.error}`);
    return r.returned!.split("\n");
  } finally {
    vm.close();
  }
}

Deno.test("a read's C fast path answers as the Lua binding does, whatever its arguments", async () => {
  const [[fastTail, ...fast], [slowTail, ...slow]] = [await outcomes(true), await outcomes(false)];
  // The first run reads through the C binding indeed, the second through the Lua one.
  const line = GAME.split("\n").findIndex((l) => l.includes("local function tail()")) + 1;
  assertEquals(
    fastTail,
    `main.lua:${line}: get_integer: argument 1 (key) must be a string, got nil`,
  );
  assertEquals(slowTail, "get_integer: argument 1 (key) must be a string, got nil");
  assertEquals(fast.length, CALLS.length);
  for (let i = 0; i < CALLS.length; i++) assertEquals(fast[i], slow[i], CALLS[i]);
  // The calls reach values, misses and errors alike (errors name the game's line, 12 onward).
  assertEquals(fast[0], "true integer:7");
  assertEquals(fast[2], "true integer:8");
  assertEquals(fast[22], "true {x=float:1.5,y=integer:2}");
  assertEquals(fast[33], "true boolean:true");
  assertEquals(fast[34], "true boolean:false");
  assertEquals(fast[37], "true integer:10 integer:20");
  const errors = fast.filter((l) => l.startsWith("false string:main.lua:"));
  assertGreater(errors.length, 8);
});
