import { assertEquals, assertLess, assertStringIncludes, assertThrows } from "@std/assert";
import { LuaRunError, LuaVm } from "./vm.ts";
import { assertSameAsPlainLua } from "./_test_helpers.ts";

/**
 * A Lua program that calls the four pattern functions on many cases, each under `pcall`, and
 * returns one line per call: its results (type-tagged) or its error message without position.
 * Cases are hand-picked edge cases plus random patterns and subjects from a fixed LCG, so the
 * same program gives the same lines wherever the functions behave the same.
 */
const PROGRAM = `
local find, match, gmatch, gsub = string.find, string.match, string.gmatch, string.gsub
local out = {}
local function show(...)
  local parts = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    local numeric = math.type(v)
    if numeric then parts[i] = numeric .. ":" .. tostring(v)
    elseif type(v) == "string" then parts[i] = ("%q"):format(v)
    else parts[i] = type(v) .. ":" .. tostring(v) end
  end
  return table.concat(parts, ",")
end
local function record(label, ok, ...)
  if ok then out[#out + 1] = label .. " -> " .. show(...)
  else out[#out + 1] = label .. " !! " .. tostring((...)):gsub("^[^\\n]-:%d+: ", "") end
end
local function try(label, f, ...) record(label, pcall(f, ...)) end
local function gm(s, p, init)
  local got = {}
  local it = gmatch(s, p, init)
  for _ = 1, 50 do
    local r = show(it())
    if r == "nil:nil" or r == "" then break end
    got[#got + 1] = r
  end
  return table.concat(got, "|")
end
local function all(s, p, init, repl, n)
  local label = ("%q %q %s"):format(s, p, tostring(init))
  try("find " .. label, find, s, p, init)
  try("findp " .. label, find, s, p, init, true)
  try("match " .. label, match, s, p, init)
  try("gmatch " .. label, gm, s, p, init)
  local r = type(repl) == "string" and ("%q"):format(repl) or type(repl)
  try("gsub " .. label .. " " .. r, gsub, s, p, repl, n)
end

local fixed = {
  { "hello world", "o", 1, "0" }, { "hello world", "l+", 1, "<%0>" }, { "hello", "()ll()", 1, "%2%1" },
  { "key = value", "(%w+)%s*=%s*(%w+)", 1, "%2=%1" }, { "  trim me  ", "^%s*(.-)%s*$", 1, "%1" },
  { "THE (quick) fox", "%((%a+)%)", 1, "[%1]" }, { "f(a(b)c)d", "%b()", 1, "" },
  { "THE (quick) fox", "%f[%a]%a+", 1, "w" }, { "aaa", "a-", 1, "-" }, { "aaa", "a*", 1, "-" },
  { "abc", "", 1, "x" }, { "abc", "", 10, "x" }, { "abc", "b", -1, "x" }, { "abc", "b", -10, "x" },
  { "abc", "^a", 1, "x" }, { "abc", "^b", 1, "x" }, { "^abc", "^^a", 1, "x" }, { "a^b", "^", 1, "x" },
  { "abc$", "c$", 1, "x" }, { "ab$c", "b$c", 1, "x" }, { "xyz", "%", 1, "x" }, { "xyz", "[a", 1, "x" },
  { "xyz", "[]", 1, "x" }, { "x]z", "[]]", 1, "x" }, { "x]z", "[^]]", 1, "x" }, { "xyz", "%b", 1, "x" },
  { "xyz", "%fx", 1, "x" }, { "abcabc", "(abc)%1", 1, "%1" }, { "abcabc", "(abc)%2", 1, "x" },
  { "abc", "(a", 1, "x" }, { "abc", "(a", 1, {} }, { "abc", "a)", 1, "x" }, { "abc", "%0", 1, "x" },
  { "abc", "(b)", 1, "%" }, { "abc", "(b)", 1, "%x" }, { "abc", "(b)", 1, "%2" }, { "abc", "b", 1, "%1" },
  { "abc", "()b", 1, "%1" }, { "abc", "b", 1, { b = "B" } }, { "abc", "b", 1, { b = false } },
  { "abc", "(b)", 1, { b = 12 } }, { "abc", "b", 1, { b = {} } }, { "abc", "b", 1, 7 },
  { "hello world", "%w+", 1, string.upper }, { "hello world", "%w+", 1, function() end },
  { "a\\0b\\0c", "%z", 1, "Z" }, { "a\\0b", "\\0", 1, "N" }, { "caf\\195\\169", "[\\128-\\255]+", 1, "?" },
  { "x1y22z333", "%d+", 1, "#" }, { "x1y22z333", "%D", 2, "" }, { "a.b.c", ".", 1, "%%" },
  { "a.b.c", "%.", 1, "%%" }, { "a+b", "a+b", 1, "p" }, { "aaa", "a?a?a?aaa", 1, "e" },
  { ("a"):rep(12), ("a?"):rep(12) .. ("a"):rep(12), 1, "e" }, { ("a"):rep(40), ("(a)"):rep(33), 1, "x" },
  { ("x"):rep(300), ("x?"):rep(250), 1, "e" }, { "[[x]]", "%[(%b[])%]", 1, "%1" },
  { "one two  three", "%s*", 1, "_" }, { "abc", ".-", 1, "<%0>" }, { "", "x*", 1, "y" },
  { "", "", 1, "y" }, { "abc", "[%a-z]", 1, "_" }, { "a-z", "[a%-z]", 1, "_" }, { "a-z", "[z-a]", 1, "_" },
  { "A1_b", "[%w_]+", 1, "w" }, { "\\t \\n", "%s", 1, "s" }, { "AbC", "%u%l%U", 1, "u" },
  { "x!y", "%p", 1, "p" }, { "\\1\\127", "%c+", 1, "c" }, { "ff0G", "%x+", 1, "h" }, { "a b", "%g", 1, "g" },
}
for _, c in ipairs(fixed) do all(c[1], c[2], c[3], c[4], nil) end
try("gsub max", gsub, "aaaa", "a", "b", 2)
try("gsub max 0", gsub, "aaaa", "a", "b", 0)
try("gsub max neg", gsub, "aaaa", "a", "b", -1)
try("gsub max str", gsub, "aaaa", "a", "b", "3")
try("find number subject", find, 12345, 34)
try("gsub number subject", gsub, 12345, "3", "x")
try("find init float", find, "abc", "c", 2.0)
try("find init string", find, "abc", "c", "2")
try("find init bad", find, "abc", "c", 2.5)
try("find nil", find, nil, "x")
try("gsub bad repl", gsub, "abc", "b", true)
try("gsub no repl", gsub, "abc", "b")
try("gmatch nil", gmatch, "abc")
local it = gmatch("abc", "%a")
try("gmatch twice", function() return it(), it(), it(), it(), it() end)
try("gsub fn error", gsub, "abc", "b", function() error("inner", 0) end)
try("gsub nested", gsub, "a,b", "%a", function(x) return (gsub(x, ".", "%0%0")) end)

-- Random cases from a fixed generator.
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648 return seed % n + 1 end
local ITEMS = { "a", "b", ".", "%a", "%d", "%s", "[ab]", "[^a]", "[a-c]", "%%", "x", "%b()", "%f[%a]",
  "%f[%s]", "(", ")", "()", "%1", "$", "^", "[%a%d]", "%." }
local SUFFIX = { "", "", "", "*", "+", "-", "?" }
local CHARS = { "a", "a", "b", "b", "c", " ", "1", "(", ")", "x", ".", "%", "\\0", "\\200" }
local REPLS = { "<%0>", "%1", "%%", "[%2]", "" }
for _ = 1, 1500 do
  local p = {}
  for i = 1, rnd(5) do p[i] = ITEMS[rnd(#ITEMS)] .. SUFFIX[rnd(#SUFFIX)] end
  local s = {}
  for i = 1, rnd(17) - 1 do s[i] = CHARS[rnd(#CHARS)] end
  local init = ({ nil, 1, 2, -3, 5 })[rnd(5)]
  all(table.concat(s), table.concat(p), init, REPLS[rnd(#REPLS)], nil)
end
return table.concat(out, "\\n")
`;

Deno.test("the metered pattern functions give exactly what Lua's C functions give", async () => {
  await assertSameAsPlainLua(PROGRAM, 3000);
});

const BUDGET = 10_000_000;
const BUDGET_MSG = `instruction budget exceeded (${BUDGET})`;

/** A call that would run for minutes in C fails with the budget error, quickly. */
function assertStopped(vm: LuaVm, source: string, maxMs = 3000): void {
  const t0 = performance.now();
  const e = assertThrows(() => vm.run(source, "hostile.lua"), LuaRunError, undefined, source);
  const ms = performance.now() - t0;
  assertEquals(e.kind, "budget", `${source}: ${e.message}`);
  assertStringIncludes(e.message, `hostile.lua:1: ${BUDGET_MSG}`);
  assertLess(ms, maxMs, `${source} took ${ms.toFixed(0)} ms`);
}

Deno.test("a pathological pattern or plain search is stopped by the budget, not left to run", async () => {
  const vm = await LuaVm.create({ maxInstructions: BUDGET, maxMemoryMb: 64 });
  try {
    // Exponential in the pattern: hours in C.
    assertStopped(vm, `return ("a"):rep(200):find(("a-"):rep(12) .. "b")`);
    assertStopped(vm, `return ("a"):rep(40):match(("a?"):rep(40) .. ("a"):rep(40) .. "b")`);
    // Quadratic in the subject: about a minute in C.
    assertStopped(vm, `return ("a"):rep(200000):find("a*b")`);
    assertStopped(vm, `return (("a"):rep(200000)):gsub(".-b", "")`);
    assertStopped(vm, `for _ in (("a"):rep(200000)):gmatch("%a+=") do end`);
    // A plain search of a 60 KB needle over 4 MB: minutes of memcmp in C.
    assertStopped(vm, `local s = ("a"):rep(4e6) return s:find(("a"):rep(6e4) .. "b", 1, true)`);
    assertStopped(vm, `local s = ("a"):rep(4e6) return s:find(("a"):rep(6e4) .. "b")`);
    // The state is fine afterwards, and ordinary work on large strings is cheap.
    const text = Array.from({ length: 2000 }, (_, i) => `line ${i} = value ${i * 7}`).join("\n");
    assertEquals(
      vm.run(`local text = ...
        local n, sum = 0, 0
        for k, v in (${JSON.stringify(text)}):gmatch("line (%d+) = value (%d+)") do
          n = n + 1 sum = sum + tonumber(v)
        end
        local plain = (${JSON.stringify(text)}):find("line 1999", 1, true)
        return n, sum, plain`),
      ["2000", String(7 * 1999 * 2000 / 2), String(text.indexOf("line 1999") + 1)],
    );
  } finally {
    vm.close();
  }
});
