/**
 * Test helpers for the Lua host: the CPU time each thread of this process
 * spends over a window, read from Linux's `/proc/self/task/<tid>/schedstat`
 * (nanoseconds on the CPU). A worker that was given up on but still runs
 * shows up here even though nothing answers for it any more.
 *
 * @module
 */
import { assert, assertEquals, assertLess } from "@std/assert";
import { LuaFactory } from "wasmoon";
import { LuaVm } from "./vm.ts";
import { resolveGlueWasmPath } from "./wasmoon_path.ts";

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
 * plain wasmoon state and in a sandboxed {@linkcode LuaVm}, and assert that
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
  const plain = await new LuaFactory(resolveGlueWasmPath()).createEngine({ enableProxy: false });
  let expected: string;
  try {
    expected = String(plain.doStringSync(program));
  } finally {
    plain.global.close();
  }
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
