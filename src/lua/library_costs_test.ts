import { assertEquals, assertLess, assertStringIncludes, assertThrows } from "@std/assert";
import { LuaRunError, LuaVm } from "./vm.ts";
import { assertSameAsPlainLua } from "./_test_helpers.ts";

const BUDGET = 1_000_000;
const BUDGET_MSG = `instruction budget exceeded (${BUDGET})`;

async function withVm(body: (vm: LuaVm) => void): Promise<void> {
  const vm = await LuaVm.create({ maxInstructions: BUDGET, maxMemoryMb: 64 });
  try {
    body(vm);
  } finally {
    vm.close();
  }
}

/** The chunk must fail with the budget error well within `maxMs`. */
function stopped(vm: LuaVm, source: string, maxMs = 1500): void {
  const t0 = performance.now();
  const e = assertThrows(() => vm.run(source, "costly.lua"), LuaRunError, undefined, source);
  const ms = performance.now() - t0;
  assertEquals(e.kind, "budget", `${source}: ${e.message}`);
  assertStringIncludes(e.message, BUDGET_MSG, source);
  assertLess(ms, maxMs, `${source} took ${ms.toFixed(0)} ms`);
}

Deno.test("C library calls are charged for their work: long C loops stop at the budget", () =>
  withVm((vm) => {
    // Each of these spent seconds to hours in C while the budget saw a few instructions.
    stopped(vm, `local f = (" "):rep(4e6) .. "i" while true do local _ = string.packsize(f) end`);
    stopped(vm, `local f = (" "):rep(4e6) .. "i" while true do local _ = string.pack(f, 1) end`);
    stopped(vm, `local s = (" "):rep(4e6) .. "x" while true do local _ = tonumber(s) end`);
    stopped(vm, `local a, b = ("x"):rep(4e6), ("x"):rep(4e6) while true do rawequal(a, b) end`);
    stopped(vm, `local f = ("%Y"):rep(1e5) while true do local _ = os.date(f, 0) end`);
    stopped(vm, `local c = "--[[" .. ("x"):rep(4e6) .. "]]" while true do load(c) end`);
    stopped(
      vm,
      `local s = "a" .. ("\\128"):rep(4e6) local it = utf8.codes(s) while true do it(s, 1) end`,
    );
    stopped(vm, `while true do local _ = ("a"):rep(1e7) end`, 1000);
    // Hundreds of comparisons of a long string in one sort call.
    stopped(
      vm,
      `local s = ("x"):rep(1e6) local t = {} for i = 1, 200 do t[i] = s end table.sort(t)`,
    );
    // A length from __len that C trusted, and numbers given as strings that C converts.
    stopped(vm, `table.insert(setmetatable({}, { __len = function() return 1e8 end }), 1, 0)`);
    stopped(vm, `table.remove(setmetatable({}, { __len = function() return 1e8 end }), 1)`);
    stopped(vm, `table.move({}, "1", "1e14", 1)`);
  }));

Deno.test("ordinary library use stays cheap", async () => {
  // Charging a whole long string for each byte read, or a whole stack for each pop, made these
  // cost billions of instructions.
  const vm = await LuaVm.create({ maxInstructions: 20_000_000 });
  try {
    // Reading bytes of a long string one at a time, and popping a stack, cost what they do.
    assertEquals(
      vm.run(
        `local s = ("a"):rep(1e6) local n = 0 for i = 1, 1e5 do n = n + s:byte(i) end
         local t = {} for i = 1, 1e5 do t[i] = i end
         for _ = 1, 1e5 do table.remove(t) end
         return n, #t`,
      ),
      ["9700000", "0"],
    );
    assertEquals(
      vm.run(
        `local t = {} for i = 1, 2e4 do table.insert(t, i) end
         local s = table.concat(t, ",", 1, 100)
         local n = 0 for _ in utf8.codes(("h\\u{e9}llo w\\u{f6}rld "):rep(1000)) do n = n + 1 end
         return #t, #s, n, ("%d-%s"):format(7, "x"), ("ab"):rep(3, "-"), select("#", table.unpack(t, 1, 10))`,
      ),
      ["20000", "291", "12000", "7-x", "ab-ab-ab", "10"],
    );
  } finally {
    vm.close();
  }
});

/**
 * The table functions on tables with metatables (which now run as Lua), and string functions
 * whose arguments are only checked by C, against Lua's C functions: one line per call, its
 * results and the table's contents afterwards, or its error without position (and with the
 * function named as a call site would name it: C called from pcall names it 'table.insert').
 */
const PROGRAM = `
local out = {}
local function show(...)
  local parts = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    parts[i] = type(v) == "table" and "table" or (math.type(v) or type(v)) .. ":" .. tostring(v)
  end
  return table.concat(parts, ",")
end
local function dump(t)
  local keys = {}
  for k in next, t do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for i, k in ipairs(keys) do parts[i] = tostring(k) .. "=" .. tostring(rawget(t, k)) end
  return table.concat(parts, " ")
end
local function proxy(values)
  local store = {}
  for i, v in ipairs(values) do store[i] = v end
  return setmetatable({}, {
    __index = store, __newindex = store, __len = function() return #store end,
  }), store
end
local function class(values)
  local t = setmetatable({}, { __index = { method = true } })
  for i, v in ipairs(values) do t[i] = v end
  return t, t
end
local function run(label, make, f, ...)
  local t, store = make({ "a", "b", "c", "d" })
  local r = table.pack(pcall(f, t, ...))
  local text = r[1] and show(table.unpack(r, 2, r.n))
    or ("!! " .. tostring(r[2]):gsub("^[^\\n]-:%d+: ", ""):gsub("'[%w_]+%.([%w_]+)'", "'%1'"))
  out[#out + 1] = label .. " -> " .. text .. " | " .. dump(store)
end
for _, make in ipairs({ proxy, class }) do
  local m = make == proxy and "proxy " or "class "
  run(m .. "insert end", make, table.insert, "x")
  run(m .. "insert 1", make, table.insert, 1, "x")
  run(m .. "insert 5", make, table.insert, 5, "x")
  run(m .. "insert 6", make, table.insert, 6, "x")
  run(m .. "insert 0", make, table.insert, 0, "x")
  run(m .. "insert str", make, table.insert, "2", "x")
  run(m .. "insert bad", make, table.insert, {}, "x")
  run(m .. "insert 3 args", make, table.insert, 1, 2, 3)
  run(m .. "remove", make, table.remove)
  run(m .. "remove 1", make, table.remove, 1)
  run(m .. "remove 5", make, table.remove, 5)
  run(m .. "remove 6", make, table.remove, 6)
  run(m .. "remove bad", make, table.remove, "x")
  run(m .. "concat", make, table.concat)
  run(m .. "concat sep", make, table.concat, ", ", 2, 3)
  run(m .. "concat past", make, table.concat, "", 3, 6)
  run(m .. "concat bad sep", make, table.concat, {})
  run(m .. "unpack", make, table.unpack)
  run(m .. "unpack 2 6", make, table.unpack, 2, 6)
  run(m .. "unpack 3 1", make, table.unpack, 3, 1)
  run(m .. "unpack huge", make, table.unpack, 1, 1e7)
  run(m .. "move up", make, table.move, 1, 3, 2)
  run(m .. "move down", make, table.move, 2, 4, 1)
  run(m .. "move other", make, function(t) return table.move(t, 1, 4, 3, {})[3] end)
  run(m .. "move wrap", make, table.move, 1, 2, math.maxinteger)
  run(m .. "move many", make, table.move, math.mininteger, 1, 1)
  run(m .. "sort", make, table.sort, function(a, b) return a > b end)
  run(m .. "sort default", make, table.sort)
  run(m .. "sort bad cmp", make, table.sort, 3)
  run(m .. "sort mixed", make, function(t) t[2] = 1 return table.sort(t) end)
end
run("bare concat nil", function() return { "a", nil, "c" }, {} end, table.concat)
run("string move", function() return "abc", {} end, function(s, d) return table.move(s, 1, 3, 1, d) end)
run("string unpack", function() return "abc", {} end, table.unpack)
for _, args in ipairs({ { "x", -1 }, { "ab", 2, ", " }, { "", 5, "-" }, { "x", "3" }, { "x", 2.5 },
    { "x", {} }, { 1, 3 }, { "x", 2, 7 } }) do
  run("rep " .. show(table.unpack(args)), function() return args[1], {} end,
    function(s) return string.rep(s, args[2], args[3]) end)
end
for _, args in ipairs({ { 1, 3 }, { -2, -1 }, { 0 }, { 5, 2 }, { "2", "3" }, { 1.5 } }) do
  run("byte " .. show(table.unpack(args)), function() return "hello", {} end,
    function(s) return string.byte(s, table.unpack(args)) end)
end
run("len bad", function() return "h\\255", {} end, utf8.len)
run("codepoint", function() return "h\\u{e9}", {} end, utf8.codepoint, 1, -1)
run("offset", function() return "h\\u{e9}llo", {} end, utf8.offset, 3)
run("codes", function() return "h\\u{e9}", {} end, function(s)
  local r = {} for p, c in utf8.codes(s) do r[#r + 1] = p .. ":" .. c end return table.concat(r, " ") end)
run("codes bad", function() return "\\128x", {} end, utf8.codes)
run("tonumber", function() return " 0x10 ", {} end, tonumber)
run("tonumber base", function() return "zz", {} end, tonumber, 36)
run("format", function() return "%5.1f|%q", {} end, string.format, 3.14159, "a\\n")
run("pack", function() return "<i4z", {} end, function(f) return string.unpack(f, string.pack(f, 7, "hi")) end)
run("date", function() return "!%Y-%m-%d", {} end, os.date, 0)
run("load", function() return "return 1 +", {} end, load)
local none = function() return nil, {} end
for _, case in ipairs({
  { "tonumber", function() return tonumber() end }, { "char", function() return string.char() end },
  { "insert", function() return table.insert({}) end }, { "rep", function() return string.rep() end },
  { "unpack", function() return table.unpack() end }, { "concat", function() return table.concat() end },
  { "byte", function() return string.byte() end }, { "format", function() return string.format() end },
  { "upper", function() return string.upper() end }, { "pack", function() return string.pack() end },
  { "date", function() return os.date(nil, 0) end }, { "ulen", function() return utf8.len() end },
  { "codes", function() return utf8.codes() end }, { "move", function() return table.move() end },
  { "sort", function() return table.sort() end }, { "remove", function() return table.remove() end },
  { "rawequal", function() return rawequal() end },
}) do run("no arguments " .. case[1], none, case[2]) end
return table.concat(out, "\\n")
`;

Deno.test("the charged library functions give exactly what Lua's C functions give", async () => {
  await assertSameAsPlainLua(PROGRAM, 80);
});
