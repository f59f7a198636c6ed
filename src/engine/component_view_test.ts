import { assert, assertEquals } from "@std/assert";
import { createGameState } from "../state/game_state.ts";
import {
  addComponent,
  despawnEntity,
  eidOf,
  Friction,
  Frozen,
  Position,
  Rotation,
  Scale,
  setComponent,
  spawnEntity,
  Velocity,
} from "../ecs/mod.ts";
import { engineLuaSource } from "../api/mod.ts";
import { COMPONENT_NAMES as NAMES } from "../api/decl/modules.ts";
import { decodeResults, encodeBatch } from "../lua/batch_codec.ts";
import { CallbackKind, type CallbackResult } from "../lua/batch_types.ts";
import { BATCH_FUNCTION, runtimeLuaSource } from "../lua/runtime_lua.ts";
import { splitProfile } from "../lua/batch_profile.ts";
import type { ComponentsPart } from "../lua/components_part.ts";
import { EMPTY_SNAPSHOT, engineBatch } from "../lua/runtime_test_helpers.ts";
import { LuaVm } from "../lua/vm.ts";
import { componentsPart } from "./component_view.ts";
import { gameErrorText } from "../state/error_text.ts";

// Every component of each id as `name{key=type:value,...}`, keys sorted; absent ones left out.
const DUMP = `
local NAMES = { ${NAMES.map((n) => `"${n}"`).join(", ")} }
function dump(...)
  local out = {}
  for _, id in ipairs({ ... }) do
    local parts = {}
    for _, name in ipairs(NAMES) do
      local c = ecs.getComponent(id, name)
      if c ~= nil then
        local fields = {}
        for k, v in pairs(c) do
          fields[#fields + 1] = k .. "=" .. (math.type(v) or type(v)) .. ":" ..
            (type(v) == "number" and string.format("%.17g", v) or tostring(v))
        end
        table.sort(fields)
        parts[#parts + 1] = name .. "{" .. table.concat(fields, ",") .. "}"
      end
    end
    out[#out + 1] = id .. ":" .. table.concat(parts, " ")
  end
  engine.log(table.concat(out, "\\n"))
end
`;

// The results of `calls` (function and arguments each), run as one batch in a fresh runtime
// with `game` loaded and `part` in its snapshot.
function results(
  part: ReturnType<typeof componentsPart>,
  game: string,
  calls: readonly (readonly [string, number[]])[],
): Promise<CallbackResult[]> {
  return engineBatch(
    game,
    { ...EMPTY_SNAPSHOT, components: part },
    calls.map(([fn, args], index) => ({ index, seed: [1, 2], kind: CallbackKind.Call, fn, args })),
  );
}

// The line `fn(...args)` logs.
async function logged(
  part: ReturnType<typeof componentsPart>,
  game: string,
  fn: string,
  args: number[],
): Promise<string> {
  const [result] = await results(part, game, [[fn, args]]);
  if (!result?.ok) throw new Error(`${fn} failed: ${result?.error}`);
  return result.logs[0]?.message ?? "";
}

Deno.test("ecs.getComponent reads every component as the world holds it, whole numbers as integers", async () => {
  const state = createGameState();
  const { world, gameplay } = state;
  const full = spawnEntity(world);
  const eid = eidOf(world, full)!;
  setComponent(world, full, Position, { x: 10, y: 20.5 });
  setComponent(world, full, Velocity, { x: 3, y: -4 });
  setComponent(world, full, Rotation, { degrees: 45 });
  setComponent(world, full, Scale, { x: 2, y: 0.5 });
  setComponent(world, full, Friction, { value: 0.25 });
  addComponent(world, full, Frozen);
  gameplay.tint.set(eid, [1, 0.5, 0, 1]);
  gameplay.ttl.set(eid, { duration: 2, elapsed: 0.5 });
  gameplay.animation.set(eid, { key: "walk", frame: 0, elapsed: 0 });
  gameplay.shader.set(eid, { key: "glow", uniforms: new Map() });
  // Defaults for Transform; a whole number past 2^53 stays a float, -0 becomes 0.
  const plain = spawnEntity(world);
  setComponent(world, plain, Position, { x: 2 ** 60, y: -0 });
  const bare = spawnEntity(world);
  const gone = spawnEntity(world);
  setComponent(world, gone, Velocity, { x: 1, y: 1 });
  despawnEntity(world, gone);
  const moving = spawnEntity(world);
  setComponent(world, moving, Velocity, { x: 1e300, y: -1.5 });

  const ids = [full, plain, bare, gone, moving, 999];
  const dump = await logged(componentsPart(state), DUMP, "dump", ids);
  assertEquals(dump.split("\n"), [
    `${full}:Transform{rotation=integer:45,sx=integer:2,sy=float:0.5,x=integer:10,y=float:20.5} ` +
    "Position{x=integer:10,y=float:20.5} Velocity{x=integer:3,y=integer:-4} " +
    "Rotation{degrees=integer:45} Scale{x=integer:2,y=float:0.5} Friction{value=float:0.25} " +
    "Tint{a=integer:1,b=integer:0,g=float:0.5,r=integer:1} TTL{seconds=float:1.5} " +
    "Shader{key=string:glow} Animation{key=string:walk} Frozen{}",
    `${plain}:Transform{rotation=integer:0,sx=integer:1,sy=integer:1,` +
    "x=float:1.152921504606847e+18,y=integer:0} Position{x=float:1.152921504606847e+18,y=integer:0}",
    `${bare}:`,
    `${gone}:`,
    `${moving}:Velocity{x=float:1.0000000000000001e+300,y=float:-1.5}`,
    "999:",
  ]);
});

Deno.test("ecs.getComponent takes a whole float id as that id and refuses any other", async () => {
  const state = createGameState();
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Position, { x: 1, y: 2 });
  const probe = `function probe(id)
    local by_float = ecs.getComponent(id + 0.0, "Position")
    local ok, err = pcall(ecs.getComponent, id + 0.5, "Position")
    engine.log(tostring(by_float and by_float.y) .. " " .. tostring(ok) .. " " .. err)
  end`;
  assertEquals(
    await logged(componentsPart(state), probe, "probe", [id]),
    "2 false ecs.getComponent: argument 1 (id) must be an entity id (a non-zero safe integer), got 1.5",
  );
});

Deno.test("a collision callback's results list the entities whose components it read, or any past 32", async () => {
  const state = createGameState();
  const ids = Array.from({ length: 40 }, () => spawnEntity(state.world));
  for (const id of ids) setComponent(state.world, id, Position, { x: id, y: 0 });
  const [a, b, c] = ids as [number, number, number];
  // Twice the same id, and one no entity has (past 32 bits): each listed once.
  const lists = [[a, b, a, 2 ** 40, c], [], [b], ids, ids.slice(0, 32)];
  // Collision callback k (entity k in ctx.a) reads the entities of list k.
  const game = `
    local LISTS = { ${lists.map((l, k) => `[${k + 1}] = { ${l.join(", ")} }`).join(", ")} }
    function read(ctx)
      for _, id in ipairs(LISTS[ctx.a.id]) do ecs.getComponent(id, "Position") end
      if ctx.a.id == 3 then error("after reading") end
    end
    function read_called(...)
      for _, id in ipairs({ ... }) do ecs.getComponent(id, "Position") end
    end
  `;
  const out = await engineBatch(game, { ...EMPTY_SNAPSHOT, components: componentsPart(state) }, [
    ...lists.map((_, k) => ({
      index: k,
      seed: [1, 2] as const,
      kind: CallbackKind.Collision,
      fn: "read",
      a: { id: k + 1 },
      b: { id: 99 },
      sides: { a: 1, b: 2 },
    })),
    // Only the collision stage looks at reads: other callbacks' are not listed.
    { index: 5, seed: [1, 2] as const, kind: CallbackKind.Call, fn: "read_called", args: [a, b] },
  ]);
  assertEquals(out.map((r) => r.componentReads), [
    [a, b, 2 ** 40, c],
    undefined,
    [b],
    "any",
    ids.slice(0, 32),
    undefined,
  ]);
  assertEquals(out.map((r) => r.ok), [true, true, false, true, true, true]);
});

Deno.test("a read costs a callback the same instructions whatever the state read before and the part holds", async () => {
  // Entity `id` with the same record in a part of 3 entities and in one of 1,000.
  const part = (entities: number) => {
    const state = createGameState();
    const ids = Array.from({ length: entities }, () => spawnEntity(state.world));
    for (const id of ids) setComponent(state.world, id, Velocity, { x: 1, y: 2 });
    return { ids, part: componentsPart(state) };
  };
  const small = part(3), large = part(1000);
  const id = small.ids[1]!;
  const vm = await LuaVm.create({ maxInstructions: 1_000_000 });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: engineLuaSource() }), "=mg_runtime");
    vm.run(
      `function warm(id) ecs.getComponent(id, "Velocity") end
       function read(id) return ecs.getComponent(id, "Velocity").y end`,
      "main.lua",
    );
    vm.freezeGlobals();
    // Instructions of `read` in a profiled batch of `fns` over `components`.
    const readCost = (components: ComponentsPart, fns: string[]) => {
      const callbacks = fns.map((fn, index) => ({
        index,
        seed: [1, 2] as [number, number],
        kind: CallbackKind.Call,
        fn,
        args: [id],
      }));
      const reply = vm.callBinary(
        BATCH_FUNCTION,
        encodeBatch({
          frame: 1,
          dt: 0.5,
          snapshot: { ...EMPTY_SNAPSHOT, components },
          callbacks,
          profile: true,
        }),
      );
      const { results, costs } = splitProfile(reply);
      assertEquals(decodeResults(results).at(-1)?.ok, true);
      return costs.find((c) => c.name === "read")?.instructions;
    };
    // A state's first calls to some depth allocate its call records (charged as memory): warm up.
    readCost(large.part, ["warm", "read"]);
    const alone = readCost(small.part, ["read"]);
    assertEquals(readCost(large.part, ["warm", "read"]), alone);
    assertEquals(readCost(small.part, ["warm", "read"]), alone);
  } finally {
    vm.close();
  }
});

Deno.test("a component table reads like a view and its pairs iterator lists nothing else", async () => {
  const state = createGameState();
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Position, { x: 1, y: 2 });
  const probe = `function probe(id)
    local c = ecs.getComponent(id, "Position")
    local iterate = pairs(c)
    local locked = setmetatable({}, { __index = { secret = 1 }, __metatable = "locked" })
    local ok, err = pcall(rawset, c, "x", 5)
    engine.log(tostring(iterate(locked)) .. " " .. rawget(c, "x") .. " " .. next(c) .. " " ..
      rawlen(c) .. " " .. tostring(ok) .. " " .. err)
  end`;
  assertEquals(
    await logged(componentsPart(state), probe, "probe", [id]),
    "nil 1 x 0 false rawset: snapshot is read-only (field 'x')",
  );
});

Deno.test("a budget that runs out inside a component read is the game's line, not the engine's reader", async () => {
  const state = createGameState();
  const id = spawnEntity(state.world);
  setComponent(state.world, id, Velocity, { x: 1, y: 2 });
  const components = componentsPart(state);
  const vm = await LuaVm.create({ maxInstructions: 1_000_000 });
  try {
    vm.loadPrivileged(runtimeLuaSource({ apiSource: engineLuaSource() }), "=mg_runtime");
    vm.run(`function reads(id) while true do ecs.getComponent(id, "Velocity") end end`, "main.lua");
    vm.freezeGlobals();
    // Budgets a few instructions apart stop the loop at every point of a read, most of them
    // inside the reader the runtime generated for Velocity.
    for (let budget = 1000; budget < 1040; budget++) {
      vm.setLimits({ maxInstructions: budget });
      const [r] = decodeResults(vm.callBinary(
        BATCH_FUNCTION,
        encodeBatch({
          frame: budget,
          dt: 0.5,
          snapshot: { ...EMPTY_SNAPSHOT, components },
          callbacks: [{ index: 0, seed: [1, 2], kind: CallbackKind.Call, fn: "reads", args: [id] }],
        }),
      ));
      assert(r !== undefined && !r.ok, "the loop runs out of budget");
      assertEquals(gameErrorText(r.error).split("\n").filter((l) => !l.includes("main.lua:1")), [
        "stack traceback:",
      ]);
    }
  } finally {
    vm.close();
  }
});
