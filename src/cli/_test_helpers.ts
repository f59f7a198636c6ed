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

/** The text of a byte stream, read on demand. */
export class StreamText {
  #reader: ReadableStreamDefaultReader<string>;
  #text = "";

  /** Reads `stream` (e.g. a spawned child's `stderr`) as UTF-8. */
  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** Everything read so far. */
  get text(): string {
    return this.#text;
  }

  /** Reads until the text includes `needle`; fails with the text if the stream ends first. */
  async until(needle: string): Promise<string> {
    while (!this.#text.includes(needle)) {
      const { value, done } = await this.#reader.read();
      if (done) {
        throw new Error(`the stream ended without ${JSON.stringify(needle)}:\n${this.#text}`);
      }
      this.#text += value;
    }
    return this.#text;
  }

  /** Reads to the end of the stream (the process closed it, usually by exiting); all the text. */
  async rest(): Promise<string> {
    for (;;) {
      const { value, done } = await this.#reader.read();
      if (done) return this.#text;
      this.#text += value;
    }
  }
}
