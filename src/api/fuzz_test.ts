// Random argument lists against every generated function and builder method:
// each call must either raise a clean error naming the function (at the game's
// line) or emit bytes that decode to exactly the expected command.
import { assert, assertEquals } from "@std/assert";
import { withApi } from "./_lua_harness.ts";
import { decodeCommands } from "./codec.ts";
import { BUILDERS, FUNCTIONS, qualifiedName } from "./table.ts";

const FUZZ = `
local names, kinds, rounds, seed = ...
math.randomseed(seed)
local big = string.rep("x", 100000)
local cyc = {}; cyc.me = cyc
local pool = {
  function() return nil end, function() return true end, function() return false end,
  function() return math.random(-3, 9) end, function() return math.random() * 1000 - 500 end,
  function() return 0/0 end, function() return 1/0 end, function() return -1/0 end,
  function() return math.maxinteger end, function() return 2^60 end, function() return 0 end,
  function() return "ball" end, function() return "crt" end, function() return "walk" end,
  function() return "linear" end, function() return "once" end, function() return "r_fov" end,
  function() return "Transform" end, function() return "left" end, function() return "info" end,
  function() return big end, function() return "\\0\\255" end,
  function() return {} end, function() return { 1, "a", { true } } end, function() return cyc end,
  function() return { a = print } end, function() return { x = 1, y = 2 } end,
  function() return { type = "int", default = 1 } end, function() return { "crt" } end,
  function() return print end, function() return coroutine.create(print) end,
}
local function value() return pool[math.random(#pool)]() end
local bad = {}
local expect = 0
local function call(f, ...) local a, b = f(...) return a, b end
for i = 1, #names do
  local name, kind = names[i], kinds[i]
  for _ = 1, rounds do
    local n = math.random(0, 6)
    local args = {}
    for j = 1, n do args[j] = value() end
    local f
    if kind == "method" then
      local b = engine.spawn()
      f = function(...) return b[name](b, ...) end
    else
      local mod, fname = name:match("^(%w+)%.([%w_]+)$")
      f = mod and _ENV[mod][fname] or engine[name]
    end
    local ok, err = pcall(call, f, table.unpack(args, 1, n))
    if ok then
      if kind == "command" then expect = expect + 1 end
    elseif type(err) ~= "string" or not err:find("^main%.lua:%d+: " .. name:gsub("%.", "%%.") .. ": ") then
      bad[#bad + 1] = name .. " -> " .. tostring(err)
    end
  end
end
return expect .. "|" .. table.concat(bad, "\\n")
`;

Deno.test("fuzz: random arguments give clean errors or valid commands", async () => {
  const names: string[] = [];
  const kinds: string[] = [];
  for (const d of FUNCTIONS) {
    const q = qualifiedName(d);
    const kind = d.kind === "command" ? "command" : "other";
    names.push(q);
    kinds.push(kind);
    if (d.collision) {
      names.push(`collision_${q}`);
      kinds.push(kind);
    }
  }
  for (const m of BUILDERS) {
    if (m.kind === "record") {
      names.push(m.name);
      kinds.push("method");
    }
  }
  const lit = (xs: string[]) => `{${xs.map((x) => JSON.stringify(x)).join(",")}}`;
  await withApi(async (api) => {
    for (const seed of [1, 2, 3]) {
      const r = await api.run(
        `return (load(${JSON.stringify(FUZZ)}, "@main.lua", "t", _ENV))(${lit(names)}, ${
          lit(kinds)
        }, 40, ${seed})`,
      );
      assertEquals(r.error, undefined);
      const [expect, bad] = r.result!.split("|") as [string, string];
      assertEquals(bad, "", bad);
      const cmds = decodeCommands(r.bytes);
      // every accepted command call emitted exactly one command (ecs.addComponent and
      // ecs.createEntity may add more; builders emit nothing until build)
      assert(cmds.length >= Number(expect), `${cmds.length} < ${expect}`);
      assert(Number(expect) > 50, `only ${expect} accepted calls`);
    }
  });
});

Deno.test("fuzz: random builder chains always build a decodable spawn", async () => {
  const methods = BUILDERS.filter((m) => m.kind === "record").map((m) => m.name);
  await withApi(async (api) => {
    const r = await api.run(`
math.randomseed(7)
local methods = {${methods.map((m) => JSON.stringify(m)).join(",")}}
local vals = { 1, -2.5, "ball", "walk", "crt", "main", "bounce", "linear", "once", true, false, {}, { a = 1 }, nil }
local built = 0
for _ = 1, 300 do
  local b = engine.collision_spawn()
  for _ = 1, math.random(0, 8) do
    local m = methods[math.random(#methods)]
    local args, n = {}, math.random(0, 3)
    for j = 1, n do args[j] = vals[math.random(#vals)] end
    pcall(b[m], b, table.unpack(args, 1, n))
  end
  b:build()
  built = built + 1
end
return built`);
    assertEquals(r.error, undefined);
    const cmds = decodeCommands(r.bytes);
    assertEquals(cmds.length, 300);
    assert(cmds.every((c) => c.name === "spawn" && c.collision));
    assert(cmds.some((c) => c.name === "spawn" && c.args.records.length > 0));
  });
});
