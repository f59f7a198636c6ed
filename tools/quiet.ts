/**
 * Run command lines one after another and keep a passing run short: one line
 * per command while they pass, and the whole output of the first that fails
 * (then exit with its code). `deno task check` and `deno task test` use it, so
 * a green run is a handful of lines and a red one shows everything.
 *
 *   deno run -A tools/quiet.ts "deno fmt --check" "deno lint"
 *
 * Each argument is one command, split on spaces (no quoting); `deno` is the
 * Deno running this script, so `npx deno@x task test` uses that version
 * throughout.
 *
 * @module
 */
import { concatBytes as concat } from "../src/lua/bytes.ts";

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** What one command did. */
export interface StepResult {
  /** Exit code. */
  code: number;
  /** Its stdout and stderr, interleaved in the order the chunks arrived. */
  output: string;
  /** The last line each stream wrote (a tool's summary is the last of one of them). */
  lastLines: string[];
  /** Wall time, milliseconds. */
  ms: number;
}

/**
 * Run one command line, capturing its output.
 *
 * @example
 * ```ts
 * import { runStep } from "./quiet.ts";
 * const r = await runStep("deno --version");
 * r.code; // 0
 * ```
 */
export async function runStep(line: string): Promise<StepResult> {
  const [name, ...args] = line.split(" ").filter((w) => w !== "");
  if (name === undefined) throw new TypeError("Empty command line");
  const t0 = performance.now();
  const child = new Deno.Command(name === "deno" ? Deno.execPath() : name, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const chunks: Uint8Array[] = [];
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const own: Uint8Array[] = [];
    for await (const chunk of stream) chunks.push(chunk), own.push(chunk);
    return lastLine(new TextDecoder().decode(concat(own)));
  };
  const [status, ...lastLines] = await Promise.all([
    child.status,
    collect(child.stdout),
    collect(child.stderr),
  ]);
  const output = new TextDecoder().decode(concat(chunks));
  return { code: status.code, output, lastLines, ms: performance.now() - t0 };
}

function lastLine(text: string): string {
  return text.replace(ANSI, "").trim().split("\n").at(-1)?.trim() ?? "";
}

/**
 * The one line shown for a passing command: its command line, time, and the
 * tool's own summary when the last line of its stdout or stderr is one
 * (`ok | 798 passed | ...`, `Checked 393 files`).
 *
 * @example
 * ```ts
 * import { summary } from "./quiet.ts";
 * summary("deno lint", { code: 0, output: "", lastLines: ["", "Checked 3 files"], ms: 1200 });
 * // "ok    deno lint (1.2 s): Checked 3 files"
 * ```
 */
export function summary(line: string, r: StepResult): string {
  const told = r.lastLines.find((l) => /\bpassed\b|^Checked \d+ files?$/.test(l));
  return `ok    ${line} (${(r.ms / 1000).toFixed(1)} s)${told ? `: ${told}` : ""}`;
}

/**
 * Run `lines` in order; resolves to the exit code of the first that failed,
 * or 0. `write` receives what to show.
 *
 * @example
 * ```ts
 * import { runQuietly } from "./quiet.ts";
 * const code = await runQuietly(["deno --version"], (text) => console.log(text));
 * ```
 */
export async function runQuietly(
  lines: readonly string[],
  write: (text: string) => void,
): Promise<number> {
  for (const line of lines) {
    const r = await runStep(line);
    if (r.code !== 0) {
      write(r.output.trimEnd());
      write(`FAILED ${line} (exit ${r.code})`);
      return r.code;
    }
    write(summary(line, r));
  }
  return 0;
}

if (import.meta.main) {
  if (Deno.args.length === 0) {
    console.error('Usage: deno run -A tools/quiet.ts "command line" ...');
    Deno.exit(2);
  }
  Deno.exit(await runQuietly(Deno.args, (text) => console.log(text)));
}
