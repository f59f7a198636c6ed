// The message handlers' traceback (tools/lua_wasm/name_cache.c) against Lua's own: the same text
// at every kind of frame, with the globals open, frozen (names kept), and after a seal changed.
import { assertEquals } from "@std/assert";
import { LuaVm } from "./vm.ts";

// check(tag) compares debug.traceback with priv.cached_traceback from the same frame and returns
// both texts; every scenario calls it from a different kind of frame.
const GAME = `
function check(tag)
  local lua, kept = debug.traceback(tag, 1), P.cached(tag, 1)
  return lua .. "\\n=====\\n" .. kept
end
local function lf(tag) return (check(tag)) end
local t = {}
function t.field(tag) return (check(tag)) end
function t:method(tag) return (check(tag)) end
function tail(tag) return check(tag) end
function tail_caller(tag) return tail(tag) end
local function deep(n, tag) if n == 0 then return (check(tag)) end return (deep(n - 1, tag)) end
function global_fn(tag) return (check(tag)) end
function scenarios()
  local out = {}
  out[#out + 1] = lf("local")
  out[#out + 1] = t.field("field")
  out[#out + 1] = t:method("method")
  out[#out + 1] = tail_caller("tail")
  out[#out + 1] = deep(40, "deep")
  out[#out + 1] = global_fn("global")
  out[#out + 1] = select(2, pcall(check, "pcall"))
  string.gsub("a", "a", function() out[#out + 1] = check("through C") return "" end)
  out[#out + 1] = coroutine.wrap(function() return check("coroutine") end)()
  -- A handler runs where the error was raised: inside os.date, which the loaded modules name.
  out[#out + 1] = select(2, xpcall(os.date, function() return check("in os.date") end, "%Ez"))
  local sorted = { 3, 1, 2 }
  table.sort(sorted, function(a, b)
    if #out < 11 then out[#out + 1] = check("sort") end
    return a < b
  end)
  return table.concat(out, "\\n#####\\n")
end
`;

function sameTexts(vm: LuaVm, when: string): string[] {
  const all = vm.run("return scenarios()", "run.lua")[0]!;
  const pairs = all.split("\n#####\n");
  assertEquals(pairs.length >= 10, true, `${when}: ${pairs.length} scenarios`);
  for (const pair of pairs) {
    const [lua, kept] = pair.split("\n=====\n");
    assertEquals(kept, lua, `${when}`);
  }
  return pairs;
}

Deno.test("the kept-names traceback says what Lua's says, globals open, frozen or resealed", async () => {
  const vm = await LuaVm.create();
  try {
    vm.loadPrivileged(
      "local priv = ... priv.G.P = { cached = priv.cached_traceback, seal = priv.seal }",
    );
    vm.run(GAME, "main.lua");
    // Open globals: global_fn is named by its global; nothing is kept.
    const open = sameTexts(vm, "open");
    assertEquals(open.some((p) => p.includes("in function 'global_fn'")), true, open.join("\n"));
    assertEquals(open.some((p) => p.includes("(skipping")), true, "deep enough to skip levels");
    vm.freezeGlobals();
    // Frozen: the searches' answers are kept; twice, so that the second reads them.
    const frozen = sameTexts(vm, "frozen");
    assertEquals(sameTexts(vm, "frozen again"), frozen);
    assertEquals(frozen.some((p) => p.includes("in function 'global_fn'")), false);
    // A name the search finds is kept too (os.date's, in the loaded modules' os).
    assertEquals(frozen.some((p) => p.includes("in function 'os.date'")), true, frozen.join("\n"));
    // A seal changed (a reload unseals and seals the globals): kept names are dropped. With string
    // unsealed the search finds string.gsub, which it did not before.
    vm.run("P.seal(string, false)");
    const unsealed = sameTexts(vm, "string unsealed");
    assertEquals(unsealed.some((p) => p.includes("in function 'string.gsub'")), true);
    vm.run("P.seal(string, true)");
    assertEquals(sameTexts(vm, "string sealed again"), frozen);
  } finally {
    vm.close();
  }
});
