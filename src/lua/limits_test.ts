import { assertEquals, assertLess, assertStringIncludes, assertThrows } from "@std/assert";
import { Limits } from "./limits.ts";
import { LuaRunError, LuaVm } from "./vm.ts";
import { ownCpuMs } from "./_test_helpers.ts";

const BUDGET = 1_000_000;

/**
 * Run a hostile chunk on `vm`, expect a LuaRunError of `kind` within `maxMs` of this thread's CPU
 * time (not wall time, which a busy machine stretches), then check the same VM still runs a normal
 * call correctly.
 */
function hostile(
  vm: LuaVm,
  source: string,
  kind: LuaRunError["kind"],
  fragment: string,
  maxMs = 5000,
): LuaRunError {
  const t0 = ownCpuMs();
  const e = assertThrows(() => vm.run(source, "hostile.lua"), LuaRunError, undefined, source);
  const ms = t0 === undefined ? 0 : ownCpuMs()! - t0;
  assertEquals(e.kind, kind, `${source}: ${e.message}`);
  assertStringIncludes(e.message, fragment, source);
  assertLess(ms, maxMs, `${source} took ${ms.toFixed(0)} ms of CPU`);
  assertEquals(vm.run("local s = 0 for i = 1, 100 do s = s + i end return s, ('ok'):rep(2)"), [
    "5050",
    "okok",
  ]);
  return e;
}

async function withVm(
  body: (vm: LuaVm) => void,
  options: { maxInstructions?: number; maxMemoryMb?: number } = {},
): Promise<void> {
  const vm = await LuaVm.create({ maxInstructions: BUDGET, ...options });
  try {
    body(vm);
  } finally {
    vm.close();
  }
}

const BUDGET_MSG = `instruction budget exceeded (${BUDGET})`;

/** Each chunk of `sources` ends with the budget error (see `hostile`). */
function overBudget(vm: LuaVm, sources: string | readonly string[]): void {
  for (const source of typeof sources === "string" ? [sources] : sources) {
    hostile(vm, source, "budget", BUDGET_MSG);
  }
}

Deno.test("an endless loop hits the budget with file:line and the default budget is 10 M", async () => {
  await withVm((vm) => {
    const e = hostile(vm, "local x = 0\nwhile true do x = x + 1 end", "budget", BUDGET_MSG);
    assertEquals(e.message, `hostile.lua:2: ${BUDGET_MSG}`);
    assertStringIncludes(e.traceback, "hostile.lua:2: in main chunk");
  });
  const vm = await LuaVm.create();
  try {
    hostile(vm, "while true do end", "budget", "instruction budget exceeded (10000000)");
  } finally {
    vm.close();
  }
});

// Chunks that try to keep running past the budget, by the way out they try.
const ESCAPES: Record<string, string[]> = {
  "pcall and xpcall cannot swallow the budget": [
    "while true do pcall(function() while true do end end) end",
    "while true do pcall(error, 'x') end",
    "while true do xpcall(function() while true do end end, function(e) return e end) end",
    "xpcall(function() error('x') end, function() while true do end end)",
    "while true do xpcall(function() while true do end end, function() while true do end end) end",
    "local function f() pcall(f) while true do end end f()",
  ],
  "coroutines cannot escape the budget": [
    "coroutine.resume(coroutine.create(function() while true do end end)) while true do end",
    "while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
    "coroutine.wrap(function() while true do end end)()",
    "local co = coroutine.wrap(function() while true do coroutine.yield() end end) while true do co() end",
    // Many short coroutines, each dying before its own hook would fire.
    "while true do coroutine.wrap(function() for i = 1, 300 do end end)() end",
    // Nested coroutines.
    `local function nest(n) if n == 0 then while true do end end
         return coroutine.wrap(function() return nest(n - 1) end)() end
       while true do pcall(nest, 50) end`,
    // Loops in __close handlers, run by coroutine.close and by error unwinding.
    `local co = coroutine.create(function()
         local x <close> = setmetatable({}, { __close = function() while true do end end })
         coroutine.yield()
       end)
       coroutine.resume(co)
       while true do pcall(coroutine.close, co) end`,
    `do local x <close> = setmetatable({}, { __close = function() while true do end end })
         error('first') end`,
  ],
};
for (const [name, sources] of Object.entries(ESCAPES)) {
  Deno.test(name, () => withVm((vm) => overBudget(vm, sources)));
}

Deno.test("error objects with looping or failing __tostring give a clean error", () =>
  withVm((vm) => {
    // An error object whose __tostring loops, fails, or gives no string.
    const [e] = [
      "error(setmetatable({}, { __tostring = function() while true do end end }))",
      "error(setmetatable({}, { __tostring = function() error('again') end }))",
      "error(setmetatable({}, { __tostring = function() return {} end }))",
    ].map((source) => hostile(vm, source, "runtime", "(error object is a table value)"));
    assertStringIncludes(e!.traceback, "stack traceback:");
    overBudget(vm, [
      "while true do pcall(error, setmetatable({}, { __tostring = function() while true do end end })) end",
      // tostring of results runs under the budget too.
      "return setmetatable({}, { __tostring = function() while true do end end })",
    ]);
  }));

Deno.test("C functions with large inputs are charged to the budget", () =>
  withVm((vm) => {
    hostile(vm, "table.move({}, 1, 1e14, 1)", "budget", BUDGET_MSG, 2000);
    hostile(vm, "table.move({}, 1, 1e14, 2, {})", "budget", BUDGET_MSG, 2000);
    overBudget(vm, [
      "while true do collectgarbage() end",
      "local s = string.rep('a', 4e6) while true do local _ = s:find('b', 1, true) end",
      "local t = {} for i = 1, 1e5 do t[i] = i end while true do table.insert(t, 1, 0) table.remove(t, 1) end",
      "local s = string.rep('a', 8e6) while true do local _ = s .. 'b' end",
    ]);
    // An empty string repeated many times would loop in C; it is answered at once.
    assertEquals(vm.run("return #string.rep('', 1e15), #string.rep('', 1e15, '')"), ["0", "0"]);
  }));

Deno.test("memory bombs hit the cap cleanly and the memory is given back", () =>
  withVm((vm) => {
    const before = vm.memoryUsed;
    const msg = "memory limit exceeded (16 MB)";
    hostile(vm, "local s = string.rep('x', 1e9)", "memory", msg);
    const tooLarge = hostile(vm, "local s = string.rep('x', 2^40)", "runtime", "too large");
    assertEquals(tooLarge.message, "hostile.lua:1: resulting string too large");
    // The message names the game line that asked for the block the cap refused.
    const grown = hostile(vm, "local s = 'x'\nwhile true do s = s .. s end", "memory", msg);
    assertEquals(grown.message, `hostile.lua:2: ${msg}`);
    hostile(vm, "local t = {} for i = 1, 1e9 do t[i] = i end", "memory", msg);
    hostile(vm, "local t = {} for i = 1, 1e9 do t[i] = { i } end", "memory", msg);
    hostile(vm, "local t = {} for i = 1, 1e9 do t['k' .. i] = true end", "memory", msg);
    hostile(
      vm,
      "local t = {} for i = 1, 1e9 do t[#t + 1] = ('x'):rep(1000) .. i end",
      "memory",
      msg,
    );
    // A table constructor allocates without saving its position itself: the error still names its
    // line, not the call on the line before (the last to save one).
    const big = "i, ".repeat(100);
    const made = hostile(
      vm,
      `local keep, n = {}, 0\nlocal function count() n = n + 1 end\nfor i = 1, 1e9 do\n  count()\n  keep[i] = { ${big}}\nend`,
      "memory",
      msg,
    );
    assertEquals(made.message, `hostile.lua:5: ${msg}`);
    // Caught by the game's own pcall: the game sees Lua's message and may carry on, bounded.
    assertEquals(vm.run("return pcall(string.rep, 'x', 1e9)"), ["false", "not enough memory"]);
    // Carried up by a coroutine, it is still the cap, named where the game resumed it.
    const wrapped = hostile(
      vm,
      "local f = coroutine.wrap(function() return string.rep('x', 1e9) end)\nreturn f()",
      "memory",
      msg,
    );
    assertEquals(wrapped.message, `hostile.lua:2: ${msg}`);
    // Caught by coroutine.resume, it is the game's: a later error is the game's own.
    const after = hostile(
      vm,
      "local co = coroutine.create(function() return string.rep('x', 1e9) end)\n" +
        "local ok, e = coroutine.resume(co)\nerror('after ' .. e)",
      "runtime",
      "after not enough memory",
    );
    assertEquals(after.message, "hostile.lua:3: after not enough memory");
    // A game error that reads like a limit is still the game's.
    hostile(vm, "error('instruction budget exceeded (1)')", "runtime", "budget exceeded (1)");
    vm.run("collectgarbage()");
    assertLess(vm.memoryUsed, before + 256 * 1024);
  }, { maxInstructions: 200_000_000, maxMemoryMb: 16 }));

Deno.test("deep recursion is a clean stack overflow", () =>
  withVm((vm) => {
    hostile(vm, "local function f() return 1 + f() end return f()", "runtime", "stack overflow");
    hostile(
      vm,
      "local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x",
      "runtime",
      "stack overflow",
    );
    hostile(
      vm,
      "local function f(s) return (s:gsub('.', f)) end return f('ab')",
      "runtime",
      "stack overflow",
    );
    hostile(
      vm,
      "local function f() return tostring(setmetatable({}, { __tostring = f })) end return f()",
      "runtime",
      "stack overflow",
    );
    hostile(
      vm,
      "local function f() coroutine.wrap(f)() end f()",
      "runtime",
      "stack overflow",
    );
    // Nested pcalls stop at the C stack limit; the innermost one reports it.
    assertEquals(
      vm.run(
        "local msg local function f() local ok, e = pcall(f) if not ok then msg = msg or e end end f() return msg",
      ),
      ["C stack overflow"],
    );
  }, { maxInstructions: 100_000_000, maxMemoryMb: 256 }));

Deno.test("the budget is per call, restored after a spent one, and adjustable", () =>
  withVm((vm) => {
    // About 60% of the budget each: passes twice in a row (the budget resets per call).
    const loop = "local x = 0 for i = 1, 150000 do x = x + i end return x";
    assertEquals(vm.run(loop), [String(150000 * 150001 / 2)]);
    assertEquals(vm.run(loop), [String(150000 * 150001 / 2)]);
    overBudget(vm, "while true do pcall(function() while true do end end) end");
    // After a spent budget the interval hook is restored: a near-full call still passes.
    assertEquals(vm.run(loop), [String(150000 * 150001 / 2)]);
    vm.setLimits({ maxInstructions: 100_000 });
    hostile(vm, loop, "budget", "instruction budget exceeded (100000)");
    vm.setLimits({ maxInstructions: BUDGET });
    assertEquals(vm.run(loop), [String(150000 * 150001 / 2)]);
    assertThrows(() => vm.setLimits({ maxInstructions: 0 }), RangeError);
    assertThrows(() => vm.setLimits({ maxMemoryMb: Number.NaN }), RangeError);
  }));

Deno.test("callBinary enforces the budget per call", () =>
  withVm((vm) => {
    vm.loadPrivileged(
      `local priv = ...
       priv.register('work', function(s)
         local n = tonumber(s)
         local x = 0
         for i = 1, n do x = x + 1 end
         return tostring(x)
       end)`,
    );
    const enc = new TextEncoder(), dec = new TextDecoder();
    for (let i = 0; i < 5; i++) {
      assertEquals(dec.decode(vm.callBinary("work", enc.encode("200000"))), "200000");
    }
    assertThrows(() => vm.callBinary("work", enc.encode("1e9")), LuaRunError, BUDGET_MSG);
    assertEquals(dec.decode(vm.callBinary("work", enc.encode("200000"))), "200000");
  }));

/** Lua: whether an error a privileged call caught is a limit's (tests read the text). */
const IS_LIMIT = `local function is_limit(err)
         return type(err) == "string" and (err:find("exceeded (", 1, true) ~= nil
           or err == "not enough memory")
       end`;

Deno.test("priv.xpcall isolates callbacks: a spent budget fails only that callback", () =>
  withVm((vm) => {
    vm.loadPrivileged(
      `local priv = ...
       local G = priv.G
       ${IS_LIMIT}
       local callbacks = {
         function() return 'first' end,
         function() while true do end end,
         function() while true do pcall(function() while true do end end) end end,
         function() local s = 'x' while true do s = s .. s end end,
         function() return 'last' end,
       }
       priv.register('batch', function()
         local out = {}
         for i = 1, #callbacks do
           priv.reset_budget()
           local ok, err = priv.xpcall(callbacks[i], priv.traceback)
           out[#out + 1] = ok and err or (is_limit(err) and 'LIMIT' or 'ERR')
         end
         return table.concat(out, ',')
       end)`,
    );
    vm.setLimits({ maxMemoryMb: 16 });
    const out = new TextDecoder().decode(vm.callBinary("batch", new Uint8Array()));
    assertEquals(out, "first,LIMIT,LIMIT,LIMIT,last");
    vm.loadPrivileged(
      `local priv = ...
       ${IS_LIMIT}
       priv.register('one', function()
         local ok, err = priv.pcall(function() while true do end end)
         return tostring(ok) .. ' ' .. tostring(is_limit(err))
       end)`,
    );
    assertEquals(new TextDecoder().decode(vm.callBinary("one", new Uint8Array())), "false true");
  }));

Deno.test("Limits validates and formats its values", () => {
  const l = new Limits({ maxInstructions: 5, maxMemoryMb: 2 });
  assertEquals(l.budgetMessage(), "instruction budget exceeded (5)");
  assertEquals(l.memoryMessage(), "memory limit exceeded (2 MB)");
  l.used = 6;
  assertEquals(l.exceeded, true);
  l.reset();
  assertEquals(l.exceeded, false);
  assertThrows(() => l.set({ maxInstructions: -1 }), RangeError, "maxInstructions");
  assertThrows(() => l.set({ maxMemoryMb: Infinity }), RangeError, "maxMemoryMb");
});

Deno.test("a stop flag set by another thread fails the running call and every later one", async () => {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  // The log callback stands in for the other thread: it sets the flag while Lua runs.
  const vm = await LuaVm.create({
    maxInstructions: 1e15,
    stop,
    onLog: () => Atomics.store(stop, 0, 1),
  });
  try {
    assertEquals(vm.run("return 1"), ["1"]);
    const t0 = ownCpuMs();
    const e = assertThrows(
      () => vm.run("print('go') while true do pcall(function() while true do end end) end"),
      LuaRunError,
    );
    assertEquals(e.kind, "stopped");
    assertStringIncludes(e.message, "stopped by the engine");
    if (t0 !== undefined) assertLess(ownCpuMs()! - t0, 2000, "CPU ms until the stop was seen");
    const again = assertThrows(() => vm.run("return 1"), LuaRunError);
    assertEquals(again.kind, "stopped");
  } finally {
    vm.close();
  }
});

Deno.test("slow instructions get the hook on every instruction, and the budget still fails at the same point", async () => {
  // A loop with allocations and a pcall (charged between hooks), a coroutine resumed now and
  // then, and short coroutines made by a thread hooked on every instruction.
  const program = `
    n = 0
    local co = coroutine.wrap(function()
      for k = 1, 1e9 do n = n + 1 if k % 333 == 0 then coroutine.yield() end end
    end)
    while true do
      n = n + 1
      if n % 37 == 0 then local _ = ("x"):rep(200) end
      if n % 101 == 0 then co() end
      if n % 997 == 0 then pcall(error, "caught") end
      if n % 50 == 0 then coroutine.wrap(function() for _ = 1, 700 do n = n + 1 end end)() end
    end`;
  const ends: string[] = [];
  // 0: every thousand instructions count as slow, so every thread is hooked on every instruction.
  for (const slowHookMs of [undefined, 0]) {
    const vm = await LuaVm.create({ maxInstructions: 300_000, slowHookMs });
    try {
      const e = assertThrows(() => vm.run(program, "loop.lua"), LuaRunError);
      assertEquals(e.kind, "budget");
      ends.push(`${e.message} after ${vm.run("return n")[0]}`);
      // The next call has its budget and its interval back.
      assertEquals(vm.run("local s = 0 for i = 1, 1000 do s = s + i end return s"), ["500500"]);
    } finally {
      vm.close();
    }
  }
  assertEquals(ends[0], ends[1]);
  assertStringIncludes(ends[0] ?? "", "instruction budget exceeded (300000)");
});

Deno.test("once a thousand instructions are slow, a stop is seen at the next instruction", async () => {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  // slowHookMs 0: every thousand instructions count as slow, however fast this machine runs them.
  // The one print sets the flag; after it the loop calls nothing that checks the flag itself, so
  // only the count hook can see it.
  const vm = await LuaVm.create({
    maxInstructions: 1e15,
    stop,
    slowHookMs: 0,
    onLog: () => Atomics.store(stop, 0, 1),
  });
  try {
    const e = assertThrows(
      () => vm.run("n = 0 while true do n = n + 1 if n == 10000 then print('stop') end end"),
      LuaRunError,
    );
    assertEquals(e.kind, "stopped");
    // Clear the flag to read how far the loop got (the state is otherwise stopped for good).
    Atomics.store(stop, 0, 0);
    const after = Number(vm.run("return n - 10000")[0]);
    // A thousand-instruction interval would let about 200 more iterations run.
    assertLess(after, 2, `${after} iterations after the stop`);
  } finally {
    vm.close();
  }
});
