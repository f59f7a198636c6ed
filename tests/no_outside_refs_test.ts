/**
 * The repository speaks for itself: code, docs and tests never point at
 * documents a reader of this repository does not have (a product spec, design
 * seeds, an issue tracker), and code comments tell no stories about the
 * machine a benchmark ran on.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SELF = relative(ROOT, fileURLToPath(import.meta.url));

/** Folders that are not the project's text (installed, generated or untracked output). */
const SKIP_DIRS = new Set([".git", "node_modules", "tests/artifacts", "bench/out"]);
/** Files larger than this are data, not text a reader follows. */
const MAX_BYTES = 2 * 1024 * 1024;

/** Mentions of documents outside the repository, in any text file. */
const OUTSIDE: readonly [string, RegExp][] = [
  ["the spec document", /\bSPEC\b/],
  ["a numbered seed document", /\bseeds?[ _-]?0\d\d\b/i],
  ["the seeds folder", /\bseeds\//i],
  ["the seed document", /\bas in the seed\b|\bthe seed comes from\b|\bthe seed's example\b/i],
  ["the steering repository", /\bsteering repo/i],
];

/** Remarks about a particular machine or tracker, in code (`.ts`, `.lua`). */
const CODE_ONLY: readonly [string, RegExp][] = [
  ["a machine remark", /\b\d+-core (VM|machine|box)\b|\bvCPUs?\b/i],
  ["an issue number", /\bissue #?\d+\b/i],
];

async function* textFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    const rel = relative(ROOT, path);
    if (entry.isDirectory) {
      if (!SKIP_DIRS.has(rel)) yield* textFiles(path);
    } else if (entry.isFile && !rel.endsWith(".log")) {
      yield rel;
    }
  }
}

/** Every `file:line: what` finding of the repository's text files. */
async function findings(): Promise<string[]> {
  const out: string[] = [];
  for await (const rel of textFiles(ROOT)) {
    if (rel === SELF) continue;
    const bytes = await Deno.readFile(join(ROOT, rel));
    if (bytes.length > MAX_BYTES || bytes.includes(0)) continue;
    const isCode = rel.endsWith(".ts") || rel.endsWith(".lua");
    const rules = isCode ? [...OUTSIDE, ...CODE_ONLY] : OUTSIDE;
    new TextDecoder().decode(bytes).split("\n").forEach((line, i) => {
      for (const [what, re] of rules) {
        if (re.test(line)) out.push(`${rel}:${i + 1}: ${what}: ${line.trim()}`);
      }
    });
  }
  return out.sort();
}

Deno.test("no text file refers to documents outside the repository", async () => {
  assertEquals(await findings(), []);
});

Deno.test("the scan sees the repository's files", async () => {
  // Guards the scan itself: a wrong root would find nothing and pass.
  const seen: string[] = [];
  for await (const rel of textFiles(ROOT)) seen.push(rel);
  for (const f of ["README.md", "mod.ts", "src/engine/engine.ts", "docs/api.md"]) {
    assertEquals(seen.includes(f), true, `${f} not scanned`);
  }
});
