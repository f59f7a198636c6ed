/**
 * Test helpers for the Lua host: the CPU time each thread of this process
 * spends over a window, read from Linux's `/proc/self/task/<tid>/schedstat`
 * (nanoseconds on the CPU). A worker that was given up on but still runs
 * shows up here even though nothing answers for it any more.
 *
 * @module
 */
import { assert, assertEquals, assertLess } from "@std/assert";
import type { LuaHostOptions } from "./host_options.ts";
import { LuaHost } from "./lua_host.ts";
import { LuaVm } from "./vm.ts";
import { LUA_OK, RawHelpers } from "./raw_api.ts";
import { loadLuaModule } from "./wasm_module.ts";

/**
 * CPU time one thread spent in a window.
 *
 * @example
 * ```ts
 * import type { ThreadCpu } from "./_test_helpers.ts";
 * const t: ThreadCpu = { tid: "4242", name: "worker-1", ms: 998 };
 * ```
 */
export interface ThreadCpu {
  /** Thread id. */
  tid: string;
  /** Thread name (`comm`). */
  name: string;
  /** Milliseconds on a CPU during the window. */
  ms: number;
}

/**
 * CPU nanoseconds so far of every thread, by thread id (undefined where
 * `/proc/self/task` cannot be read).
 *
 * @example
 * ```ts
 * import { threadCpuNs } from "./_test_helpers.ts";
 * console.log(threadCpuNs()?.size);
 * ```
 */
export function threadCpuNs(): Map<string, { name: string; ns: number }> | undefined {
  let tasks: Iterable<Deno.DirEntry>;
  try {
    tasks = Deno.readDirSync("/proc/self/task");
  } catch {
    return undefined;
  }
  const out = new Map<string, { name: string; ns: number }>();
  for (const task of tasks) {
    try {
      const ns = Number(
        Deno.readTextFileSync(`/proc/self/task/${task.name}/schedstat`).split(" ")[0],
      );
      const name = Deno.readTextFileSync(`/proc/self/task/${task.name}/comm`).trim();
      out.set(task.name, { name, ns });
    } catch {
      // The thread ended while we read the list.
    }
  }
  return out;
}

/**
 * CPU milliseconds the calling thread has used so far; undefined where the
 * kernel does not say. Unlike wall time, it does not grow while other
 * processes have the cores.
 *
 * @example
 * ```ts
 * import { ownCpuMs } from "./_test_helpers.ts";
 * const before = ownCpuMs();
 * // ... work on this thread ...
 * const used = before === undefined ? undefined : ownCpuMs()! - before;
 * ```
 */
export function ownCpuMs(): number | undefined {
  try {
    return Number(Deno.readTextFileSync("/proc/thread-self/schedstat").split(" ")[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/**
 * Wait until some thread named `prefix…` (`worker-` for Deno workers) has
 * spent `ms` of CPU since `since` (a {@linkcode threadCpuNs} reading): it is
 * running, not waiting for a message. False after `timeoutMs`; undefined
 * where the kernel does not say.
 *
 * @example
 * ```ts
 * import { threadCpuNs, waitForBusyThread } from "./_test_helpers.ts";
 * const since = threadCpuNs();
 * // ... start a worker spinning ...
 * await waitForBusyThread("worker-", 50, since);
 * ```
 */
export function waitForBusyThread(
  prefix: string,
  ms: number,
  since: ReadonlyMap<string, { ns: number }> | undefined,
  timeoutMs = 10_000,
): Promise<boolean | undefined> {
  if (!since) return Promise.resolve(undefined);
  return waitFor(
    () =>
      [...threadCpuNs() ?? []].some(([tid, t]) =>
        t.name.startsWith(prefix) && t.ns - (since.get(tid)?.ns ?? 0) >= ms * 1e6
      ),
    timeoutMs,
  );
}

/**
 * Poll `condition` until it holds or `timeoutMs` passes; resolves to whether
 * it held. Tests wait for what they are about to check instead of sleeping,
 * and assert on it afterwards, so a condition that never comes fails with
 * the test's own message.
 *
 * @example
 * ```ts
 * import { waitFor } from "./_test_helpers.ts";
 * let ready = false;
 * setTimeout(() => (ready = true), 5);
 * console.assert(await waitFor(() => ready));
 * ```
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (performance.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Wait `ms` milliseconds (the caller stays idle) and return the CPU time of
 * every thread over that window, busiest first; undefined where the kernel
 * does not say.
 *
 * @example
 * ```ts
 * import { cpuDuring } from "./_test_helpers.ts";
 * const busy = await cpuDuring(1000); // busiest thread first
 * ```
 */
export async function cpuDuring(ms: number): Promise<ThreadCpu[] | undefined> {
  const before = threadCpuNs();
  if (!before) return undefined;
  await new Promise((r) => setTimeout(r, ms));
  const after = threadCpuNs() ?? new Map();
  const out: ThreadCpu[] = [];
  for (const [tid, { name, ns }] of after) {
    out.push({ tid, name, ms: (ns - (before.get(tid)?.ns ?? 0)) / 1e6 });
  }
  return out.sort((a, b) => b.ms - a.ms);
}

/**
 * Assert that over an idle second (the caller does nothing meanwhile) the
 * threads of this process spend less than `limitMs` of CPU in all: after a
 * worker was given up on, neither it, nor the main thread, nor its
 * replacement may keep a core. Passes where the kernel does not say.
 *
 * @example
 * ```ts
 * import { assertThreadsIdle } from "./_test_helpers.ts";
 * await assertThreadsIdle("after a reply timeout");
 * ```
 */
export async function assertThreadsIdle(what: string, limitMs = 250): Promise<void> {
  const threads = await cpuDuring(1000);
  if (!threads) return;
  const total = threads.reduce((sum, t) => sum + t.ms, 0);
  const busiest = threads.slice(0, 3).map((t) => `${t.name} ${t.ms.toFixed(0)} ms`).join(", ");
  assertLess(
    total,
    limitMs,
    `${what}: CPU over an idle second ${total.toFixed(0)} ms (${busiest})`,
  );
}

/**
 * Run `program` (a chunk returning one string, its results one per line) in a
 * plain Lua state (standard libraries, no sandbox, no limits) and in a sandboxed {@linkcode LuaVm}, and assert that
 * every line is the same: the sandbox's replacements of library functions
 * must give exactly what Lua's C functions give. `minLines` guards against a
 * program that stopped early on both sides.
 *
 * @example
 * ```ts
 * import { assertSameAsPlainLua } from "./_test_helpers.ts";
 * await assertSameAsPlainLua("return tostring(('x'):rep(3))", 1);
 * ```
 */
export async function assertSameAsPlainLua(program: string, minLines: number): Promise<void> {
  const expected = await runPlainLua(program);
  const vm = await LuaVm.create({ maxInstructions: 1e9 });
  let actual: string;
  try {
    actual = vm.run(program, "differential.lua")[0] ?? "";
  } finally {
    vm.close();
  }
  const [want, got] = [expected.split("\n"), actual.split("\n")];
  assert(want.length > minLines, `only ${want.length} cases`);
  for (let i = 0; i < want.length; i++) assertEquals(got[i], want[i], `case ${i + 1}`);
  assertEquals(got.length, want.length);
}

/**
 * The first result of `program`, run in a plain Lua state of the engine's wasm build with the
 * standard libraries and no sandbox or limits, as a string.
 *
 * @example
 * ```ts
 * import { runPlainLua } from "./_test_helpers.ts";
 * console.log(await runPlainLua("return 1 + 1")); // "2"
 * ```
 */
export async function runPlainLua(program: string): Promise<string> {
  const m = await loadLuaModule();
  const h = new RawHelpers(m);
  const L = m._luaL_newstate();
  try {
    m._luaL_openlibs(L);
    let st = h.loadString(L, program, "=plain");
    if (st === LUA_OK) st = m._lua_pcallk(L, 0, 1, 0, 0, 0);
    const text = h.readString(L, -1);
    if (st !== LUA_OK) throw new Error(`plain Lua failed: ${text}`);
    return text;
  } finally {
    m._lua_close(L);
    h.dispose();
  }
}

/** The engine chunk of {@linkcode startTestHost}: binary functions the host tests call. */
export const TEST_ENGINE = {
  name: "engine.lua",
  source: `
local priv = ...
priv.register("echo", function(s) return s end)
priv.register("rev", function(s) return s:reverse() end)
priv.register("fail", function(s) error("bad input " .. #s) end)
priv.register("spin", function(s) while true do end end)
priv.register("say", function(s) priv.G.print("said " .. s) return s end)
local spun = 0
priv.register("spin_for", function(s)
  local t = os.clock() while os.clock() - t < tonumber(s) do end
  spun = spun + 1
  return s
end)
priv.register("spun", function() return tostring(spun) end)
`,
};

/** The game chunk of {@linkcode startTestHost}. */
export const TEST_MAIN = {
  name: "main.lua",
  source: `
greeting = "hello"
function shout(s) return s:upper() end
print("main loaded")
`,
};

/**
 * A {@linkcode LuaHost} for tests (one worker with one frozen state unless
 * `options` say otherwise) whose states hold the test engine functions
 * (`echo`, `rev`, `fail`, `spin`, `say`, `spin_for`, `spun`) and a `main.lua`
 * defining `greeting` and `shout`; `using` closes it.
 *
 * @example
 * ```ts
 * import { startTestHost } from "./_test_helpers.ts";
 * using host = await startTestHost({ workers: 2 });
 * await host.run(host.handle(1, 0), "return shout(greeting)"); // { ok: true, values: ["HELLO"] }
 * ```
 */
export async function startTestHost(options: LuaHostOptions = {}): Promise<LuaHost & Disposable> {
  const host = await LuaHost.start({
    workers: 1,
    statesPerWorker: 1,
    setup: { privileged: [TEST_ENGINE], main: TEST_MAIN, freeze: true, files: {} },
    ...options,
  });
  return Object.assign(host, { [Symbol.dispose]: () => host.close() });
}

/**
 * Run `body` with a fresh VM that has loaded the privileged chunk `chunk`
 * (named `name`), given a caller of the functions it registered that
 * returns their output as text; close the VM after.
 *
 * @example
 * ```ts ignore
 * await withRegistered("local priv = ... priv.register('f', function() return 'ok' end)", "=t",
 *   (call) => console.assert(call("f", new Uint8Array()) === "ok"));
 * ```
 */
export async function withRegistered(
  chunk: string,
  name: string,
  body: (call: (fn: string, req: Uint8Array) => string) => void,
): Promise<void> {
  const vm = await LuaVm.create();
  try {
    vm.loadPrivileged(chunk, name);
    body((fn, req) => new TextDecoder().decode(vm.callBinary(fn, req)));
  } finally {
    vm.close();
  }
}
