// The sealed tables of the engine's Lua build (tools/lua_wasm/sealed_table.c and
// sealed_tables.patch), through priv.seal and priv.exchange, in a VM whose globals stay writable.
import { assertEquals, assertThrows } from "@std/assert";
import { LuaRunError, LuaVm } from "./vm.ts";

async function withSealing(body: (vm: LuaVm) => void): Promise<void> {
  const vm = await LuaVm.create();
  try {
    vm.loadPrivileged("local priv = ... priv.G.P = { seal = priv.seal, exchange = priv.exchange }");
    body(vm);
  } finally {
    vm.close();
  }
}

function failsWith(vm: LuaVm, source: string, fragment: string): void {
  const e = assertThrows(() => vm.run(source, "w.lua"), LuaRunError, undefined, source);
  if (!e.message.includes(fragment)) {
    throw new Error(`${source}: expected '${fragment}' in '${e.message}'`);
  }
}

// A sealed table with a refusing __newindex, in `t`, and its fields as they were.
const SEALED = `
  t = { 10, 20, 30, x = 1, [2.5] = "f", [true] = "b" }
  t[100] = "hash int"
  setmetatable(t, { __newindex = function(_, k) error("refused " .. tostring(k), 0) end })
  P.seal(t, true)
  function fields()
    return table.concat({ t[1], t[2], t[3], t.x, t[2.5], t[true], t[100], tostring(t.y) }, " ")
  end
`;
const FIELDS = "10 20 30 1 f b hash int nil";

Deno.test("a sealed table refuses every write that is not raw, present fields included", () =>
  withSealing((vm) => {
    vm.run(SEALED);
    const writes: [string, string][] = [
      ["t.x = 2", "refused x"],
      ["t.y = 2", "refused y"],
      ["t[1] = 0", "refused 1"], // array part
      ["t[4] = 0", "refused 4"],
      ["t[100] = 0", "refused 100"], // integer key in the hash part
      ["t[2.5] = 0", "refused 2.5"],
      ["t[true] = 0", "refused true"],
      ["local k = 'x' t[k] = 0", "refused x"], // OP_SETTABLE
      ["local i = 2 t[i] = 0", "refused 2"],
      ["t.x = nil", "refused x"],
      ["load('x = 2', 'env', 't', t)()", "refused x"], // a global write into a sealed _ENV
      ["table.insert(t, 1)", "refused"], // C functions write through lua_seti
      ["table.remove(t)", "refused 3"],
      ["table.sort(t, function(a, b) return a > b end)", "refused"],
      ["table.move({ 7 }, 1, 1, 1, t)", "refused 1"],
      ["setmetatable({}, { __newindex = t }).x = 5", "refused x"], // a __newindex chain
    ];
    for (const [source, fragment] of writes) {
      failsWith(vm, source, fragment);
      assertEquals(vm.run("return fields()"), [FIELDS], source);
    }
    // Raw sets still write it (the sandbox's rawset refuses frozen tables itself).
    vm.run("rawset(t, 'x', 5) rawset(t, 1, 11)");
    assertEquals(vm.run("return t.x, t[1], #t"), ["5", "11", "3"]);
  }));

Deno.test("a sealed table without __newindex refuses writes; unsealed it takes them again", () =>
  withSealing((vm) => {
    vm.run("u = { 1, 2, a = 1 } P.seal(u, true)");
    failsWith(vm, "u.a = 2", "attempt to modify a sealed table");
    failsWith(vm, "u.b = 2", "attempt to modify a sealed table");
    // With no metatable the C table functions write it themselves (lua_seti).
    failsWith(vm, "table.remove(u)", "attempt to modify a sealed table");
    failsWith(vm, "table.move({ 7 }, 1, 1, 1, u)", "attempt to modify a sealed table");
    assertEquals(vm.run("return u[1], u[2], u.a"), ["1", "2", "1"]);
    vm.run("P.seal(u, false) u.a, u.b = 2, 3");
    assertEquals(vm.run("return u.a, u.b"), ["2", "3"]);
    failsWith(vm, "P.seal(7, true)", "table expected");
  }));

Deno.test("exchange swaps two tables' fields, each keeping its identity, metatable and seal", () =>
  withSealing((vm) => {
    const order = (name: string) =>
      `local o = {} for k in next, ${name} do o[#o + 1] = tostring(k) end return table.concat(o, ",")`;
    vm.run(`
      a = setmetatable({ 1, 2, 3, p = "a" }, { __index = { inherited = "yes" } })
      b = { q = "b", r = "b", [9] = 9 }
      for i = 1, 40 do b["k" .. i] = i end
      P.seal(a, true)
      before_a, before_b = a, b`);
    const orderB = vm.run(order("b"));
    vm.run("P.exchange(a, b)");
    assertEquals(vm.run("return a.q, a[9], a.k40, a[1], a.p, #a"), [
      "b",
      "9",
      "40",
      "nil",
      "nil",
      "0",
    ]);
    assertEquals(vm.run("return b[1], b[3], b.p, #b, b.q"), ["1", "3", "a", "3", "nil"]);
    // The same tables, each with its own metatable and seal.
    assertEquals(vm.run("return a == before_a, b == before_b, a.inherited, b.inherited"), [
      "true",
      "true",
      "yes",
      "nil",
    ]);
    failsWith(vm, "a.q = 1", "attempt to modify a sealed table");
    vm.run("b.p = 'written'");
    // a visits b's keys in the order b did: the layout moved with them.
    assertEquals(vm.run(order("a")), orderB);
    vm.run("P.exchange(a, a)");
    assertEquals(vm.run("return a.q"), ["b"]);
  }));

Deno.test("exchange keeps what it moves alive across incremental collections", () =>
  withSealing((vm) => {
    // A table the collector has already marked takes fresh objects; without the barrier they
    // would be freed while it holds them, and their memory reused.
    const out = vm.run(`
      local keep = {}
      for round = 1, 300 do
        local a = {}
        for i = 1, 20 do a[i] = { i } a["k" .. i] = { "a" .. i } end
        keep[round] = a
        collectgarbage("step", 0)
        local b = {}
        for i = 1, 20 do b[i] = { -i } b["k" .. i] = { "b" .. round .. "_" .. i } end
        P.exchange(a, b)
        b = nil
        for _ = 1, 20 do local _ = { string.rep("x", 100) } end
        collectgarbage("step", 0)
      end
      collectgarbage("collect")
      for _ = 1, 2000 do local _ = { string.rep("y", 64) } end
      local bad = 0
      for round, a in ipairs(keep) do
        for i = 1, 20 do
          if a[i][1] ~= -i or a["k" .. i][1] ~= "b" .. round .. "_" .. i then bad = bad + 1 end
        end
      end
      return bad`);
    assertEquals(out, ["0"]);
  }));

Deno.test("a traceback does not name a function by the sealed table that holds it", () =>
  withSealing((vm) => {
    // Called by xpcall (C), the function has no name where it is called: only a search of the
    // loaded modules (_G among them) could name it.
    const trace = () => vm.run("local _, e = xpcall(named, debug.traceback) return e")[0]!;
    vm.run("function named() error('boom') end");
    const open = trace();
    assertEquals(open.includes("in function 'named'"), true, open);
    vm.run("P.seal(_G, true)");
    const sealed = trace();
    assertEquals(sealed.includes("named"), false, sealed);
    assertEquals(sealed.includes("in function <chunk:1>"), true, sealed);
  }));
