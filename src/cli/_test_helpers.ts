/**
 * Test helpers for the command line: fake deps that record their calls,
 * a runner that collects what `main` prints, and a temporary folder.
 *
 * @module
 */
import type { CliDeps, RunLaunch } from "./cli_deps.ts";
import { type CliIo, main } from "./main.ts";

/** Fake deps and what they were asked to do. */
export interface Harness {
  /** Deps that record each call in `calls` and each run in `launches`. */
  deps: CliDeps;
  /** `run <dir>`, `stubs <path>`, `docs <path>`, `check <dir>`, in order. */
  calls: string[];
  /** What `runGame` received. */
  launches: RunLaunch[];
}

/** Recording deps; `over` replaces some of them. */
export function harness(over: Partial<CliDeps> = {}): Harness {
  const calls: string[] = [];
  const launches: RunLaunch[] = [];
  const deps: CliDeps = {
    runGame: (launch) => {
      calls.push(`run ${launch.gameDir}`);
      launches.push(launch);
      return Promise.resolve(0);
    },
    writeStubs: (path) => (calls.push(`stubs ${path}`), Promise.resolve()),
    writeDocs: (path) => (calls.push(`docs ${path}`), Promise.resolve()),
    checkGame: (
      dir,
    ) => (calls.push(`check ${dir}`), Promise.resolve({ problems: [], warnings: [] })),
    ...over,
  };
  return { deps, calls, launches };
}

/** Run `main` with `args`; resolves to its exit code and the lines it printed. */
export async function cli(
  args: string[],
  deps: CliDeps,
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(args, deps, io);
  return { code, out, err };
}

/** Run `fn` with a new temporary folder, removed afterwards. */
export async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
