import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertLess,
  assertMatch,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { LuaRunError, LuaVm, LuaVmClosedError } from "./vm.ts";

/** Run `body` with a fresh VM made with `options`, and close it after. */
async function withVm(
  body: (vm: LuaVm) => void | Promise<void>,
  options?: Parameters<typeof LuaVm.create>[0],
): Promise<void> {
  const vm = await LuaVm.create(options);
  try {
    await body(vm);
  } finally {
    vm.close();
  }
}

const ECHO = "local priv = ... priv.register('echo', function(s) return s end)";

Deno.test("run returns every result through tostring", () =>
  withVm((vm) => {
    assertEquals(vm.run("return 1 + 1, 'x', nil, true, 2.5"), ["2", "x", "nil", "true", "2.5"]);
    assertEquals(vm.run("local a = 1"), []);
    assertEquals(vm.run("return setmetatable({}, {__tostring = function() return 'obj' end})"), [
      "obj",
    ]);
    assertMatch(vm.run("return {}")[0] ?? "", /^table: 0x[0-9a-f]+$/);
    assertEquals(vm.run("return 'héllo ✓', #'✓'"), ["héllo ✓", "3"]);
    assertEquals(vm.run("return ...", "args.lua"), []);
  }));

Deno.test("globals persist between runs until frozen", () =>
  withVm((vm) => {
    vm.run("score = 41");
    assertEquals(vm.run("score = score + 1 return score"), ["42"]);
  }));

Deno.test("syntax and runtime errors carry file:line and a traceback", () =>
  withVm((vm) => {
    const syntax = assertThrows(() => vm.run("x = = 1", "main.lua"), LuaRunError);
    assertMatch(syntax.message, /^main\.lua:1: /);
    assertEquals(syntax.kind, "syntax");

    const err = assertThrows(
      () => vm.run("local function f()\n  error('boom')\nend\nf()", "main.lua"),
      LuaRunError,
    );
    assertEquals(err.message, "main.lua:2: boom");
    assertEquals(err.kind, "runtime");
    assertStringIncludes(err.traceback, "stack traceback:");
    assertStringIncludes(err.traceback, "main.lua:2: in");
    assertStringIncludes(err.traceback, "main.lua:4: in main chunk");

    const nonString = assertThrows(() => vm.run("error({})", "t.lua"), LuaRunError);
    assertEquals(nonString.message, "(error object is a table value)");
    const withToString = assertThrows(
      () => vm.run("error(setmetatable({}, {__tostring = function() return 'custom' end}))"),
      LuaRunError,
    );
    assertEquals(withToString.message, "custom");
    assertEquals(vm.run("return 'still fine'"), ["still fine"]);
  }));

Deno.test("callBinary round-trips arbitrary bytes, NUL and invalid UTF-8 included", () =>
  withVm((vm) => {
    vm.loadPrivileged(ECHO);
    vm.loadPrivileged(
      "local priv = ... priv.register('rev', function(s) return s:reverse() end)",
    );
    const all = new Uint8Array(256).map((_, i) => i);
    assertEquals(vm.callBinary("echo", all), all);
    assertEquals(vm.callBinary("rev", all), all.slice().reverse());
    const invalid = new Uint8Array([0xff, 0xfe, 0xc0, 0x80, 0, 0xed, 0xa0, 0x80]);
    assertEquals(vm.callBinary("echo", invalid), invalid);
    assertEquals(vm.callBinary("echo", new Uint8Array(0)), new Uint8Array(0));

    const big = new Uint8Array(1024 * 1024);
    for (let i = 0; i < big.length; i += 65536) crypto.getRandomValues(big.subarray(i, i + 65536));
    assertEquals(vm.callBinary("echo", big), big);
    assertEquals(vm.callBinary("rev", big), big.slice().reverse());
    // The length the Lua side sees is the byte length, not a C-string length.
    vm.loadPrivileged("local priv = ... priv.register('len', function(s) return tostring(#s) end)");
    assertEquals(new TextDecoder().decode(vm.callBinary("len", big)), String(big.length));
  }));

Deno.test("callBinary replies with what priv.out streamed (section 0, then 1) before the returned string", () =>
  withVm((vm) => {
    vm.loadPrivileged(`local priv = ...
      priv.register('parts', function(s)
        priv.out(1, "C")
        priv.out(0, "A")
        priv.out(1, "D\\0")
        priv.out(0, "B")
        return s
      end)
      priv.register('fails', function() priv.out(0, "lost") error("boom") end)
      priv.register('bad', function() priv.out(2, "x") end)`);
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    assertEquals(text(vm.callBinary("parts", new TextEncoder().encode("E"))), "ABCD\0E");
    assertEquals(text(vm.callBinaryView("parts", new TextEncoder().encode("F"))), "ABCD\0F");
    // A failed call's parts are dropped; the next reply has none of them.
    assertThrows(() => vm.callBinary("fails", new Uint8Array(0)), LuaRunError);
    assertEquals(text(vm.callBinary("parts", new Uint8Array(0))), "ABCD\0");
    assertThrows(
      () => vm.callBinary("bad", new Uint8Array(0)),
      LuaRunError,
      "out: section must be 0 or 1",
    );
  }));

Deno.test("callBinary falls back to globals and reports bad targets", () =>
  withVm((vm) => {
    vm.run("function upper(s) return s:upper() end function count(s) return #s end");
    assertEquals(
      new TextDecoder().decode(vm.callBinary("upper", new TextEncoder().encode("abc"))),
      "ABC",
    );
    assertThrows(() => vm.callBinary("nope", new Uint8Array(1)), LuaRunError, "'nope'");
    assertThrows(() => vm.callBinary("count", new Uint8Array(1)), LuaRunError, "number");
    vm.run("function none() end");
    assertEquals(vm.callBinary("none", new Uint8Array(3)), new Uint8Array(0));
    vm.run("function fails(s) error('bad input ' .. #s) end", "api.lua");
    const e = assertThrows(() => vm.callBinary("fails", new Uint8Array(7)), LuaRunError);
    assertEquals(e.message, "api.lua:1: bad input 7");
  }));

Deno.test("priv.register does not expose the function as a global", () =>
  withVm((vm) => {
    vm.loadPrivileged(ECHO);
    assertEquals(vm.run("return echo, rawget(_G, 'echo')"), ["nil", "nil"]);
    assertEquals(vm.callBinary("echo", new Uint8Array([9])), new Uint8Array([9]));
  }));

Deno.test("1000 consecutive mixed calls stay healthy and do not leak", () =>
  withVm((vm) => {
    vm.loadPrivileged(
      "local priv = ... priv.register('tick', function(s) return s .. string.rep('!', #s % 7) end)",
    );
    const enc = new TextEncoder();
    let baseline = 0;
    for (let i = 0; i < 1000; i++) {
      const input = enc.encode(`frame ${i}`);
      const out = vm.callBinary("tick", input);
      assertEquals(out.length, input.length + (input.length % 7));
      if (i % 10 === 0) assertEquals(vm.run(`return ${i} * 2`), [String(i * 2)]);
      if (i % 50 === 0) assertThrows(() => vm.run("error('x')"), LuaRunError);
      if (i % 100 === 0) assertThrows(() => vm.run("while true do end"), LuaRunError, "budget");
      if (i === 100) {
        vm.run("collectgarbage()");
        baseline = vm.memoryUsed;
      }
    }
    vm.run("collectgarbage()");
    assertLess(vm.memoryUsed, baseline + 64 * 1024);
  }, { maxInstructions: 200_000 }));

Deno.test("require loads files of the map, caches them and refuses everything else", async () => {
  const files = new Map([
    ["main.lua", "return 'main'"],
    ["lib/util.lua", "loads = (loads or 0) + 1 return { two = 2, name = ... }"],
    ["lib/pkg/init.lua", "return 'pkg init'"],
    ["lib/broken.lua", "return 1 +"],
    ["lib/fails.lua", "error('module failed')"],
    ["lib/cycle_a.lua", "return require('lib.cycle_b')"],
    ["lib/cycle_b.lua", "return require('lib.cycle_a')"],
  ]);
  const vm = await LuaVm.create({ files });
  try {
    assertEquals(vm.run("return require('lib.util').two, require('lib.util').name"), [
      "2",
      "lib.util",
    ]);
    assertEquals(vm.run("return require('lib.util') == require('lib.util'), loads"), [
      "true",
      "1",
    ]);
    assertEquals(vm.run("return require('lib.pkg')"), ["pkg init"]);
    assertEquals(vm.run("return require('main')"), ["main"]);
    const syntax = assertThrows(() => vm.run("require('lib.broken')"), LuaRunError);
    assertMatch(syntax.message, /lib\/broken\.lua:1:/);
    assertThrows(
      () => vm.run("require('lib.fails')"),
      LuaRunError,
      "lib/fails.lua:1: module failed",
    );
    assertThrows(() => vm.run("require('lib.cycle_a')"), LuaRunError, "in a loop");
    for (
      const bad of [
        "../secret",
        "..secret",
        "lib..util",
        "/etc/passwd",
        "lib/util",
        "lib\\\\util",
        ".lib",
        "lib.",
        "",
        "lib.util.lua",
        "missing",
      ]
    ) {
      const e = assertThrows(() => vm.run(`local m = require('${bad}')`, "r.lua"), LuaRunError);
      assertMatch(e.message, /^r\.lua:1: module '.*' (has an invalid name|not found)/, bad);
    }
    assertThrows(() => vm.run("require(42)"), LuaRunError, "string expected");
  } finally {
    vm.close();
  }
});

Deno.test("print and warn go to onLog", async () => {
  const logs: [string, string][] = [];
  const vm = await LuaVm.create({ onLog: (level, msg) => logs.push([level, msg]) });
  try {
    vm.run("print('a', 1, nil, true) print() warn('careful', '!') warn('@on')");
    assertEquals(logs, [["info", "a\t1\tnil\ttrue"], ["info", ""], ["warn", "careful\t!"]]);
  } finally {
    vm.close();
  }
});

Deno.test("an exception thrown by onLog becomes a Lua error", () =>
  withVm((vm) => {
    const e = assertThrows(() => vm.run("print('x')", "p.lua"), LuaRunError);
    assertStringIncludes(e.message, "sink down");
    assertEquals(vm.run("return pcall(print, 'y')"), ["false", "sink down"]);
  }, {
    onLog: () => {
      throw new Error("sink down");
    },
  }));

Deno.test("loadPrivileged hands priv to the chunk and reports its errors", () =>
  withVm((vm) => {
    vm.loadPrivileged(
      `local priv = ...
       assert(type(priv.reset_budget) == "function" and type(priv.traceback) == "function")
       assert(type(priv.pcall) == "function" and type(priv.xpcall) == "function")
       assert(type(priv.memory_hit) == "function" and type(priv.set_limits) == "function")
       assert(priv.G == _G)
       priv.G.engine = { version = 3 }`,
      "engine.lua",
    );
    assertEquals(vm.run("return engine.version"), ["3"]);
    assertEquals(vm.run("return ..."), []);
    const e = assertThrows(
      () => vm.loadPrivileged("local priv = ...\nerror('engine bug')", "bind.lua"),
      LuaRunError,
    );
    assertEquals(e.message, "bind.lua:2: engine bug");
  }));

Deno.test("a closed VM refuses calls and close is idempotent", async () => {
  const vm = await LuaVm.create();
  vm.close();
  vm.close();
  assertThrows(() => vm.run("return 1"), LuaVmClosedError);
  assertThrows(() => vm.callBinary("x", new Uint8Array()), LuaVmClosedError);
});

Deno.test("several VMs are independent", async () => {
  const a = await LuaVm.create();
  const b = await LuaVm.create();
  try {
    a.run("x = 'a'");
    b.run("x = 'b'");
    assertEquals(a.run("return x"), ["a"]);
    assertEquals(b.run("return x"), ["b"]);
    assertThrows(() => a.run("while true do end"), LuaRunError);
    assertEquals(b.run("return x"), ["b"]);
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("LuaVm cannot be constructed directly", () => {
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => new (LuaVm as any)(Symbol("fake"), {}, {}),
    TypeError,
    "LuaVm.create",
  );
  assertInstanceOf(new LuaRunError("m", "t"), Error);
  assert(new LuaRunError("m", "t").kind === "runtime");
});

Deno.test("callBinaryView returns the same bytes without a copy", async () => {
  const vm = await LuaVm.create();
  try {
    vm.loadPrivileged(ECHO);
    const input = new Uint8Array([0, 200, 13, 0, 255]);
    const view = vm.callBinaryView("echo", input);
    assertEquals(view.slice(), input);
    assertEquals(vm.callBinaryView("echo", new Uint8Array(0)).length, 0);
    assertEquals(vm.callBinary("echo", input), input);
  } finally {
    vm.close();
  }
});
