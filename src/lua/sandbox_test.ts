import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { LuaRunError, LuaVm } from "./vm.ts";
import { REGISTRY_KEYS, SANDBOX_PRELUDE } from "./sandbox.ts";

/** Run `body` with a fresh VM that has an `engine` table and a module, and close it after. */
async function withVm(body: (vm: LuaVm) => void): Promise<void> {
  const vm = await LuaVm.create({
    files: new Map([[
      "lib/util.lua",
      "return { two = 2, nested = { deep = true }, list = { 3, 1, 2 } }",
    ]]),
  });
  try {
    vm.loadPrivileged(
      "local priv = ... priv.G.engine = { spawn = function() return 1 end, __meta = { functions = {} } }",
    );
    body(vm);
  } finally {
    vm.close();
  }
}

/** Assert the chunk returns `values` (as text). */
function returns(vm: LuaVm, source: string, values: string[]): void {
  assertEquals(vm.run(source), values, source);
}

/** Assert the chunk fails with a message containing `fragment`, then that the VM still works. */
function refused(vm: LuaVm, source: string, fragment: string | RegExp): void {
  const e = assertThrows(() => vm.run(source, "attack.lua"), LuaRunError, undefined, source);
  if (typeof fragment === "string") {
    if (!e.message.includes(fragment)) {
      throw new Error(`${source}: expected '${fragment}' in '${e.message}'`);
    }
  } else assertMatch(e.message, fragment, source);
  returns(vm, "return 6 * 7", ["42"]);
}

Deno.test("dangerous libraries and functions are absent", () =>
  withVm((vm) => {
    assertEquals(
      vm.run(
        `return io, package, dofile, loadfile, string.dump, os.execute, os.exit, os.getenv,
           os.remove, os.rename, os.tmpname, os.setlocale, debug.getinfo, debug.sethook,
           debug.gethook, debug.getregistry, debug.getmetatable, debug.setmetatable,
           debug.getupvalue, debug.setupvalue, debug.upvaluejoin, debug.getlocal, debug.setlocal,
           debug.debug, debug.setuservalue, debug.getuservalue, newproxy, module, loadstring, setfenv`,
      ),
      Array(30).fill("nil"),
    );
    returns(
      vm,
      "return type(os.clock), type(os.time), type(os.date), type(os.difftime), type(debug.traceback)",
      ["function", "function", "function", "function", "function"],
    );
    returns(vm, "local n = 0 for _ in pairs(os) do n = n + 1 end return n", ["4"]);
    returns(vm, "local n = 0 for _ in pairs(debug) do n = n + 1 end return n", ["1"]);
    assertMatch(vm.run("return debug.traceback('here')")[0] ?? "", /^here\nstack traceback:/);
  }));

Deno.test("load accepts text chunks only, whatever mode or env is passed", () =>
  withVm((vm) => {
    // A precompiled chunk starts with ESC "Lua".
    for (const mode of ["'b'", "'bt'", "nil", "'t'"]) {
      const [f, err] = vm.run(`return load("\\27Lua\\84\\0", "x", ${mode})`);
      assertEquals(f, "nil", mode);
      assertMatch(err ?? "", /attempt to load a binary chunk/, mode);
    }
    const reader = vm.run(`
      local parts = { "\\27Lua", "\\84\\0" }
      local i = 0
      return load(function() i = i + 1 return parts[i] end, "r", "b")`);
    assertEquals(reader[0], "nil");
    returns(vm, "return load('return 1 + 1')()", ["2"]);
    returns(vm, "return load('return x', 'c', 'bt', { x = 5 })()", ["5"]);
    // As in Lua, a mode without "t" refuses text.
    returns(vm, "return load('return 5', 'c', 'b')", [
      "nil",
      "attempt to load a text chunk (mode is 'b')",
    ]);
    // A custom env gives no way out: it only holds what the game put in it.
    returns(vm, "return load('return io, os', 'c', 't', {})()", ["nil", "nil"]);
    returns(vm, "return load('return os.execute', 'c', 't', _G)()", ["nil"]);
    refused(vm, "load('return print', 'c', 't', nil)()", "attempt to index a nil value");
  }));

Deno.test("require cannot read outside the file map", () =>
  withVm((vm) => {
    refused(vm, "local m = require('../../etc/passwd')", "invalid name");
    refused(vm, "local m = require('lib/../../x')", "invalid name");
    refused(vm, "local m = require('main')", "not found in the game folder");
    refused(vm, "local m = require('vm')", "not found");
    refused(vm, "local m = require('os')", "not found");
    returns(vm, "return require('lib.util').two", ["2"]);
  }));

Deno.test("metatables of strings and frozen tables cannot be reached or replaced", () =>
  withVm((vm) => {
    returns(vm, "return getmetatable('')", ["locked"]);
    refused(vm, "setmetatable('', {})", "bad argument #1 to 'setmetatable'");
    refused(vm, "getmetatable('').__index = {}", "attempt to index");
    returns(vm, "return ('abc'):upper(), ('x'):rep(3)", ["ABC", "xxx"]);
    vm.freezeGlobals();
    returns(vm, "return getmetatable(_G), getmetatable(string), getmetatable(engine)", [
      "frozen",
      "frozen",
      "frozen",
    ]);
    refused(vm, "setmetatable(_G, nil)", "cannot change a protected metatable");
    refused(vm, "setmetatable(string, {})", "cannot change a protected metatable");
    returns(vm, "return ('abc'):upper(), ('%d'):format(7), #('abc'):rep(2)", ["ABC", "7", "6"]);
  }));

Deno.test("__gc finalizers are refused and collectgarbage is limited", () =>
  withVm((vm) => {
    refused(vm, "setmetatable({}, { __gc = function() end })", "__gc");
    refused(vm, "setmetatable({}, { __gc = true })", "__gc");
    for (const opt of ["stop", "restart", "incremental", "generational", "setpause", "isrunning"]) {
      refused(vm, `collectgarbage('${opt}')`, "is not allowed");
    }
    refused(vm, "collectgarbage({})", "is not allowed");
    returns(vm, "return type(collectgarbage('count'))", ["number"]);
    returns(vm, "return collectgarbage(), collectgarbage('collect')", ["0", "0"]);
    returns(vm, "return type(collectgarbage('step'))", ["boolean"]);
  }));

Deno.test("a frozen class table still works as a metatable", () =>
  withVm((vm) => {
    vm.run(`
      Vec = {}
      Vec.__index = Vec
      Vec.__eq = function(a, b) return a.x == b.x end
      Vec.__add = function(a, b) return Vec.new(a.x + b.x) end
      function Vec.new(x) return setmetatable({ x = x }, Vec) end
      function Vec:get() return self.x end
      Tool = { __meta = 1 }`);
    vm.freezeGlobals();
    const uses = "return Vec.new(3):get(), Vec.new(1) == Vec.new(1), (Vec.new(1) + Vec.new(2)).x";
    assertEquals(vm.run(uses), ["3", "true", "3"]);
    refused(vm, "Vec.get = nil", "attempt to modify field 'get' of a frozen table");
    // Its metamethods are guarded too, as is any other "__" field.
    refused(vm, "Vec.__index = nil", "attempt to modify field '__index' of a frozen table");
    refused(vm, "Vec.__add = nil", "attempt to modify field '__add' of a frozen table");
    assertEquals(vm.run(uses), ["3", "true", "3"]);
    refused(vm, "Tool.__meta = 2", "attempt to modify field '__meta' of a frozen table");
    refused(vm, "Vec.extra = 1", "attempt to modify field 'extra' of a frozen table");
  }));

Deno.test("frozen globals refuse new and existing names, naming the global", () =>
  withVm((vm) => {
    vm.run("score = 1 config = { speed = 3, list = { 1, 2 } } function helper() return 5 end");
    vm.freezeGlobals();
    vm.freezeGlobals(); // idempotent
    returns(vm, "return score, config.speed, helper(), #config.list", ["1", "3", "5", "2"]);
    refused(vm, "score = 2", "attempt to assign to global 'score'");
    refused(vm, "newthing = 1", "attempt to assign to global 'newthing'");
    refused(vm, "print = nil", "attempt to assign to global 'print'");
    refused(vm, "_G.x = 1", "attempt to assign to global 'x'");
    refused(vm, "_G._G.y = 1", "attempt to assign to global 'y'");
    refused(vm, "_ENV.z = 1", "attempt to assign to global 'z'");
    refused(vm, "function helper() end", "attempt to assign to global 'helper'");
    refused(vm, "load('w = 1')()", "attempt to assign to global 'w'");
    refused(vm, "coroutine.wrap(function() q = 1 end)()", "attempt to assign to global 'q'");
    refused(vm, "rawset(_G, 'x', 1)", "rawset: attempt to modify frozen global 'x'");
    refused(vm, "rawset(_G, 'print', nil)", "frozen global 'print'");
    returns(vm, "return score, print ~= nil, rawget(_G, 'x')", ["1", "true", "nil"]);
    // Reading through the raw functions still works.
    returns(vm, "return rawget(_G, 'score'), type(next(_G)), rawlen(config.list)", [
      "1",
      "string",
      "2",
    ]);
    // Locals and new tables stay writable.
    returns(vm, "local t = {} t.x = 1 local s = 0 for i = 1, 3 do s = s + i end return t.x, s", [
      "1",
      "6",
    ]);
  }));

Deno.test("standard libraries, engine and modules are frozen deeply", () =>
  withVm((vm) => {
    vm.run("local u = require('lib.util')");
    vm.freezeGlobals();
    refused(vm, "string.rep = function() end", "attempt to modify field 'rep' of a frozen table");
    refused(vm, "string.evil = 1", "field 'evil'");
    refused(vm, "table.insert = nil", "field 'insert'");
    refused(vm, "math.pi = 3", "field 'pi'");
    refused(vm, "os.time = nil", "field 'time'");
    refused(vm, "coroutine.create = nil", "field 'create'");
    refused(vm, "engine.spawn = nil", "field 'spawn'");
    refused(vm, "engine.__meta.functions.x = 1", "field 'x'");
    refused(vm, "engine.new = 1", "field 'new'");
    refused(vm, "require('lib.util').two = 3", "field 'two'");
    refused(vm, "require('lib.util').nested.deep = false", "field 'deep'");
    refused(vm, "require('lib.util').list[1] = 9", "field '1'");
    refused(vm, "local l = require('lib.util').list l[#l] = nil", "field '3'");
    refused(vm, "setmetatable({}, { __newindex = string }).rep = print", "field 'rep'");
    refused(vm, "load('pi = 3', 'env', 't', math)()", "field 'pi'");
    refused(
      vm,
      "rawset(string, 'rep', print)",
      "rawset: attempt to modify frozen table field 'rep'",
    );
    refused(vm, "rawset(engine.__meta, 'x', 1)", "frozen table");
    refused(vm, "table.insert(engine.__meta.functions, 1)", "frozen table");
    refused(vm, "table.sort(require('lib.util').list)", "of a frozen table");
    refused(vm, "table.remove(require('lib.util').list)", "of a frozen table");
    returns(vm, "return table.concat(require('lib.util').list, ',')", ["3,1,2"]);
    // pairs on a frozen table must not hand out its hidden storage.
    refused(
      vm,
      "local _, state = pairs(string) rawset(state, 'rep', print)",
      "rawset: attempt to modify frozen table field 'rep'",
    );
    refused(
      vm,
      "for k, v in pairs(string) do if type(v) == 'table' then rawset(v, 'x', 1) end end error('no table')",
      "no table",
    );
    returns(vm, "local n = 0 for k in pairs(string) do n = n + 1 end return n > 10", ["true"]);
    returns(vm, "return #require('lib.util').nested == 0, engine.spawn()", ["true", "1"]);
    returns(vm, "return string.rep('ab', 2), table.concat({1, 2}, ',')", ["abab", "1,2"]);
  }));

Deno.test("pairs visits a frozen table's fields in the order of a copy made in next() order", () =>
  withVm((vm) => {
    // A table whose own order is not its copy's: it grew, lost keys, and took others.
    vm.run(`
      t = {}
      for i = 1, 40 do t["k" .. i] = i end
      for i = 1, 40, 2 do t["k" .. i] = nil end
      for i = 1, 10 do t["n" .. i] = i end
      function order(x) local o = {} for k in pairs(x) do o[#o + 1] = k end return table.concat(o, ",") end
      local c = {}
      for k, v in next, t do c[k] = v end
      own, copied = order(t), order(c)`);
    const [own, copied] = vm.run("return own, copied");
    assert(own !== copied);
    vm.freezeGlobals();
    assertEquals(vm.run("return order(t)"), [copied!]);
    returns(vm, "return t.k2, t.n10, t.k1", ["2", "10", "nil"]);
  }));

Deno.test("modules required after freezing are frozen too", async () => {
  const vm = await LuaVm.create({ files: new Map([["late.lua", "return { v = 1 }"]]) });
  try {
    vm.freezeGlobals();
    refused(vm, "require('late').v = 2", "field 'v'");
    returns(vm, "return require('late').v", ["1"]);
  } finally {
    vm.close();
  }
});

Deno.test("privileged code can still update frozen tables through priv", () =>
  withVm((vm) => {
    vm.freezeGlobals();
    vm.loadPrivileged(
      "local priv = ... priv.set_frozen(priv.G.engine, 'frame', 7) priv.register('f', function() return 'ok' end)",
    );
    returns(vm, "return engine.frame", ["7"]);
    refused(vm, "engine.frame = 8", "field 'frame'");
    assertEquals(new TextDecoder().decode(vm.callBinary("f", new Uint8Array())), "ok");
  }));

Deno.test("priv.share makes a generated function work on the variables of its anchor", () =>
  withVm((vm) => {
    vm.loadPrivileged(`
      local priv = ...
      local count, other = 0, "kept"
      local function anchor() return count, other end
      local f = load("local count, other\\nreturn function(n) count = count + n; return other end")()
      priv.share(f, anchor, { "count", "other" })
      priv.register("bump", function()
        local seen = f(2)
        count = count + 1
        return seen .. " " .. count .. " " .. tostring(pcall(priv.share, f, anchor, { "missing" }))
      end)
    `);
    // The generated function added 2 to the anchor's count; the anchor's code sees it and adds 1.
    assertEquals(new TextDecoder().decode(vm.callBinary("bump", new Uint8Array())), "kept 3 false");
    assertEquals(new TextDecoder().decode(vm.callBinary("bump", new Uint8Array())), "kept 6 false");
  }));

Deno.test("sandbox.lua stores its tables under the registry keys vm.ts reads", () => {
  const keys: Record<string, string> = {};
  for (const [, name, value] of SANDBOX_PRELUDE.matchAll(/^local KEY_(\w+) <const> = "(.*)"$/gm)) {
    // KEY_TOSTRING_ALL -> tostringAll
    keys[String(name).toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase())] = String(
      value,
    );
  }
  assertEquals(keys, { ...REGISTRY_KEYS });
});

/** A VM as the engine leaves it after loading `main` (baseline marked, globals frozen). */
async function withGame(
  main: string,
  files: Record<string, string>,
  body: (vm: LuaVm) => void,
): Promise<void> {
  const vm = await LuaVm.create({ files: new Map(Object.entries(files)) });
  try {
    vm.loadPrivileged("local priv = ... priv.G.engine = { version = 1 } priv.mark_baseline()");
    vm.run(main, "main.lua");
    vm.freezeGlobals();
    body(vm);
  } finally {
    vm.close();
  }
}

const GAME = `local lib = require("lib.util")
function on_hit() return "hit " .. lib.n end
SPEED = 3`;

Deno.test("a reload swaps in fresh globals and modules, frozen again, and keeps engine tables", () =>
  withGame(GAME, { "lib/util.lua": "return { n = 1 }" }, (vm) => {
    const engineBefore = vm.run("return tostring(engine)");
    const names = vm.prepareReload(
      `local lib = require("lib.util")
       function on_hit() return "HIT " .. lib.n end
       function on_miss() end
       rawset(_G, "RAW", true)`,
      "main.lua",
      new Map([["lib/util.lua", "return { n = 2 }"]]),
    );
    // The new globals' functions, sorted: the game's and the engine's.
    assertEquals(names.filter((n) => n.startsWith("on_")), ["on_hit", "on_miss"]);
    assertEquals(names, [...names].sort());
    assert(names.includes("print") && names.includes("require"));
    // Prepared, not yet live.
    returns(vm, "return on_hit(), SPEED", ["hit 1", "3"]);
    assertEquals(vm.finishReload(true), true);
    // The new top level ran from the engine's globals: SPEED is gone, the module was read again.
    returns(vm, "return on_hit(), SPEED, RAW, type(on_miss)", ["HIT 2", "nil", "true", "function"]);
    returns(vm, "return require('lib.util').n", ["2"]);
    returns(vm, "return tostring(engine), engine.version", [...engineBefore, "1"]);
    refused(vm, "SPEED = 4", "attempt to assign to global 'SPEED'");
    refused(vm, "require('lib.util').n = 5", "frozen table");
    assertEquals(vm.finishReload(true), false);
    // A module first required by a callback after the reload comes from the new files.
    vm.prepareReload("x = 1", "main.lua", new Map([["lib/late.lua", "return 'late'"]]));
    vm.finishReload(true);
    returns(vm, "return require('lib.late')", ["late"]);
  }));

Deno.test("a reload opened or closed with the memory cap nearly spent leaves the globals frozen", async () => {
  // The game holds memory up to a little below the cap at each step; whatever the reload then
  // does, the running globals stay in place, frozen.
  for (const headroomKb of [2, 16, 64, 256]) {
    const vm = await LuaVm.create({ maxMemoryMb: 4 });
    try {
      vm.loadPrivileged("local priv = ... priv.G.engine = { version = 1 } priv.mark_baseline()");
      const game = `local hog = {}
         function fill(kb)
           hog = {} collectgarbage()
           local i = 0
           while collectgarbage("count") < kb do i = i + 1 hog[i] = i .. "" end
         end
         function on_hit() return "hit" end`;
      vm.run(game, "main.lua");
      vm.freezeGlobals();
      vm.run(`fill(${4096 - headroomKb})`);
      try {
        vm.prepareReload(game, "main.lua", new Map());
        vm.finishReload(true);
      } catch (e) {
        if (!(e instanceof LuaRunError)) throw e;
      }
      vm.run("fill(0)");
      refused(vm, "GLOBAL_WRITE = 1", "attempt to assign to global 'GLOBAL_WRITE'");
      refused(vm, "string.probe = 1", "field 'probe'");
      refused(vm, "math.pi = 1", "field 'pi'");
      returns(vm, "return type(on_hit), type(fill), type(string.rep)", [
        "function",
        "function",
        "function",
      ]);
    } finally {
      vm.close();
    }
  }
});

Deno.test("an __index table a reload's top level gives a frozen table is frozen too", () =>
  withGame(GAME, { "lib/util.lua": "return { n = 1 }" }, (vm) => {
    vm.prepareReload(
      `local defaults = { speed = 1 }
       setmetatable(_G, { __index = defaults })
       function set_default(k, v) defaults[k] = v end`,
      "main.lua",
      new Map(),
    );
    vm.finishReload(true);
    returns(vm, "return speed", ["1"]);
    refused(vm, "set_default('speed', 5)", "field 'speed'");
    returns(vm, "return speed", ["1"]);
  }));

Deno.test("a failed or dropped reload leaves the running globals", () =>
  withGame(GAME, { "lib/util.lua": "return { n = 1 }" }, (vm) => {
    const syntax = assertThrows(
      () => vm.prepareReload("function on_hit() return 1 end\nx = = 2", "main.lua", new Map()),
      LuaRunError,
    );
    assertEquals([syntax.kind, syntax.message], [
      "syntax",
      "main.lua:2: unexpected symbol near '='",
    ]);
    const runtime = assertThrows(
      () => vm.prepareReload("function on_hit() end\nSPEED = nil + 1", "main.lua", new Map()),
      LuaRunError,
    );
    assertMatch(runtime.message, /^main\.lua:2: attempt to perform arithmetic on a nil value/);
    const missing = assertThrows(
      () => vm.prepareReload("require('lib.gone')", "main.lua", new Map()),
      LuaRunError,
    );
    assertMatch(missing.message, /module 'lib\.gone' not found in the game folder/);
    assertEquals(vm.finishReload(true), false);
    returns(vm, "return on_hit(), SPEED, require('lib.util').n", ["hit 1", "3", "1"]);
    // Prepared, then dropped.
    vm.prepareReload("function on_hit() return 'new' end", "main.lua", new Map());
    assertEquals(vm.finishReload(false), true);
    returns(vm, "return on_hit()", ["hit 1"]);
    refused(vm, "SPEED = 4", "attempt to assign to global 'SPEED'");
    // The files of a dropped reload are not require's.
    vm.prepareReload("x = 1", "main.lua", new Map([["lib/more.lua", "return 1"]]));
    vm.finishReload(false);
    refused(vm, "return require('lib.more')", "module 'lib.more' not found");
  }));

Deno.test("a reload before the game loaded, or without a baseline, is refused", async () => {
  const vm = await LuaVm.create();
  try {
    assertThrows(() => vm.prepareReload("x = 1", "main.lua", new Map()), LuaRunError, "reload:");
    vm.run("x = 1");
    vm.freezeGlobals();
    assertThrows(() => vm.prepareReload("x = 2", "main.lua", new Map()), LuaRunError, "reload:");
    returns(vm, "return x", ["1"]);
  } finally {
    vm.close();
  }
});

Deno.test("a reload rebuilds what the game added to standard tables, string methods included", () =>
  withGame(
    `function string.shout(s) return s:upper() end
     function math.clamp(x) return x end
     function on_hit() return ("hit"):shout() end`,
    {},
    (vm) => {
      returns(vm, "return on_hit(), type(math.clamp)", ["HIT", "function"]);
      vm.prepareReload(
        `function string.shout(s) return s .. "!" end
         rawset(math, "twice", function(x) return 2 * x end)
         local top = ("top"):shout()
         function on_hit() return ("hit"):shout() .. top end`,
        "main.lua",
        new Map(),
      );
      returns(vm, "return on_hit()", ["HIT"]);
      vm.finishReload(true);
      // The new definitions, and no leftovers of the old top level.
      returns(vm, "return on_hit(), math.twice(4), type(math.clamp)", ["hit!top!", "8", "nil"]);
      refused(vm, "string.shout = nil", "frozen table");
      refused(vm, "rawset(math, 'x', 1)", "rawset: attempt to modify frozen table field 'x'");
      // pairs and # see the new contents.
      returns(
        vm,
        `local seen = {}
          for k in pairs(math) do seen[#seen + 1] = k end
          for k in pairs(_G) do seen[#seen + 1] = k end
          local s = " " .. table.concat(seen, " ") .. " "
          return s:find(" twice ") ~= nil, s:find(" clamp ") ~= nil, s:find(" on_hit ") ~= nil`,
        ["true", "false", "true"],
      );
    },
  ));

Deno.test("a strict-mode metatable on _G works at load and is the new top level's after a reload", async () => {
  const vm = await LuaVm.create();
  try {
    // Engine code with a lazy field behind its table's __index, like engine.__meta.
    vm.loadPrivileged(`local priv = ...
      priv.G.engine = setmetatable({}, { __index = function(_, k) if k == "lazy" then return 7 end end })
      priv.mark_baseline()`);
    const strict = (what: string) =>
      `setmetatable(_G, { __index = function(_, k) error("${what} " .. k, 2) end })`;
    vm.run(`${strict("undefined global")}\nfunction f() return engine.lazy end`, "main.lua");
    vm.freezeGlobals();
    refused(vm, "return nope", "attack.lua:1: undefined global nope");
    vm.prepareReload(
      `${strict("no global")}\nfunction f() return engine.lazy end`,
      "main.lua",
      new Map(),
    );
    vm.finishReload(true);
    refused(vm, "return nope", "attack.lua:1: no global nope");
    returns(vm, "return f()", ["7"]);
    // A top level without it: undefined globals are nil again.
    vm.prepareReload("function f() return engine.lazy end", "main.lua", new Map());
    vm.finishReload(true);
    returns(vm, "return nope, f()", ["nil", "7"]);
  } finally {
    vm.close();
  }
});

Deno.test("the wrapped C functions name themselves in their argument errors", () =>
  withVm((vm) => {
    const bad = {
      "rawget(nil, 1)": "bad argument #1 to 'rawget' (table expected, got nil)",
      "rawlen(5)": "bad argument #1 to 'rawlen' (table or string expected, got number)",
      "next(5)": "bad argument #1 to 'next' (table expected, got number)",
      "string.upper()": "bad argument #1 to 'upper' (string expected, got no value)",
      "string.format()": "bad argument #1 to 'format' (string expected, got no value)",
      "string.pack()": "bad argument #1 to 'pack' (string expected, got no value)",
      "string.unpack()": "bad argument #1 to 'unpack' (string expected, got no value)",
      "string.char('x')": "bad argument #1 to 'char' (number expected, got string)",
      "utf8.char('x')": "bad argument #1 to 'char' (number expected, got string)",
      "tonumber()": "bad argument #1 to 'tonumber' (value expected)",
    };
    for (const frozen of [false, true]) {
      if (frozen) vm.freezeGlobals();
      for (const [source, message] of Object.entries(bad)) refused(vm, source, message);
    }
  }));

Deno.test("os.clock counts whole milliseconds from the state's start, and never goes back", () =>
  withVm((vm) => {
    const [first, steps, last] = vm.run(`
      local t0, distinct, prev = os.clock(), 0, nil
      local deadline = t0 + 0.02
      while os.clock() < deadline do
        local t = os.clock()
        if t < (prev or t) then error("went back") end
        if t ~= prev then distinct = distinct + 1 end
        prev = t
      end
      return t0, distinct, prev`);
    assert(Number(first) >= 0 && Number(first) < 60, `first reading ${first}`);
    for (const t of [first, last]) assertEquals(Math.round(Number(t) * 1000) / 1000, Number(t));
    // 20 ms in whole milliseconds: about 20 distinct readings, not thousands.
    assert(Number(steps) >= 2 && Number(steps) <= 40, `${steps} distinct readings`);
  }));
