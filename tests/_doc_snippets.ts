/**
 * Runs the Lua snippets of the user documentation (README.md, docs/guide.md)
 * through the engine, so a snippet that stops working fails a test.
 *
 * The convention, by the info string of a fenced block:
 *
 * - ` ```lua `: a complete `main.lua`. It is run headless with
 *   {@linkcode SNIPPET_INPUT} for {@linkcode SNIPPET_FRAMES} frames in a game
 *   folder holding the files of {@linkcode writeSnippetAssets}.
 * - ` ```lua fragment `: a piece of a game, appended to the nearest complete
 *   block above it in the same file and run the same way (so a fragment may
 *   replace a function of that game, or add callbacks and helpers to it).
 *
 * A snippet passes when the game loads and its run records no error and logs
 * no warning or error. Other blocks (`sh`, `json`, `ts`) are not run here.
 *
 * @module
 */
import { Engine } from "../src/engine/engine.ts";
import type { DumpState, LogDump } from "../src/engine/dump_state.ts";
import type { InputLogEntry } from "../src/input/input_log.ts";
import type { Renderer, RenderFrame } from "../src/core/render_types.ts";
import { encodePngRgba } from "../src/assets/png.ts";

/** A Lua block of a Markdown file and the program that runs it. */
export interface LuaSnippet {
  /** `file:line` of the block's opening fence. */
  where: string;
  /** Whether it is a fragment of the complete block above it. */
  fragment: boolean;
  /** The block's own text. */
  code: string;
  /** The `main.lua` that is run: the block, or the complete block above plus the fragment. */
  program: string;
}

/** A fenced block whose info string says `lua` but not in a form this runner knows. */
export class SnippetSyntaxError extends Error {
  /**
   * Create the error.
   *
   * @param message What is wrong and where.
   */
  constructor(message: string) {
    super(message);
    this.name = "SnippetSyntaxError";
  }
}

/**
 * The Lua snippets of a Markdown text, in order.
 *
 * @throws {SnippetSyntaxError} for a `lua` block with an unknown tag, or a
 * fragment with no complete block above it.
 */
export function luaSnippets(markdown: string, file: string): LuaSnippet[] {
  const out: LuaSnippet[] = [];
  const lines = markdown.split("\n");
  let game: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const info = open[2]!.trim().split(/\s+/);
    const body: string[] = [];
    const start = i;
    for (i++; i < lines.length && !lines[i]!.startsWith(fence); i++) body.push(lines[i]!);
    if (info[0] !== "lua") continue;
    const where = `${file}:${start + 1}`;
    const tags = info.slice(1);
    if (tags.some((t) => t !== "fragment")) {
      throw new SnippetSyntaxError(`${where}: unknown tag in "${open[2]!.trim()}" (only fragment)`);
    }
    const code = body.join("\n") + "\n";
    const fragment = tags.includes("fragment");
    if (fragment && game === undefined) {
      throw new SnippetSyntaxError(`${where}: a fragment needs a complete lua block above it`);
    }
    if (!fragment) game = code;
    out.push({ where, fragment, code, program: fragment ? `${game}\n${code}` : code });
  }
  return out;
}

/** Frames each snippet runs for: 2.5 seconds of game time. */
export const SNIPPET_FRAMES = 150;

/**
 * The input every snippet is run with, so code behind a key press runs too:
 * space taps at frames 5 and 90, right held 10-40, left 45-60, a down tap at
 * 70, back at 120, and the mouse moving.
 */
export const SNIPPET_INPUT: readonly InputLogEntry[] = [
  { frame: 5, press: ["action_1"], mouse: [400, 300] },
  { frame: 7, release: ["action_1"] },
  { frame: 10, press: ["right"] },
  { frame: 40, release: ["right"], mouse: [420, 310] },
  { frame: 45, press: ["left"] },
  { frame: 60, release: ["left"] },
  { frame: 70, press: ["down"] },
  { frame: 72, release: ["down"] },
  { frame: 90, press: ["action_1"] },
  { frame: 92, release: ["action_1"] },
  { frame: 120, press: ["back"] },
  { frame: 122, release: ["back"] },
];

/** A mono 8-bit WAV of a short beep. */
function beepWav(): Uint8Array {
  const rate = 8000, n = 800;
  const bytes = new Uint8Array(44 + n);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, "RIFF");
  view.setUint32(4, 36 + n, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  text(36, "data");
  view.setUint32(40, n, true);
  for (let i = 0; i < n; i++) bytes[44 + i] = 128 + Math.round(60 * Math.sin(i / 8));
  return bytes;
}

/**
 * The files a snippet's game folder holds besides `main.lua`:
 * `assets/ship.png` (16x16), `assets/beep.wav` and `assets/font.ttf` (a
 * stand-in: the headless renderer never opens fonts, loading only checks
 * that the file exists).
 */
export async function writeSnippetAssets(gameDir: string): Promise<void> {
  await Deno.mkdir(`${gameDir}/assets`, { recursive: true });
  const data = new Uint8Array(16 * 16 * 4);
  for (let i = 0; i < 16 * 16; i++) data.set([120 + (i % 16) * 8, 200, 255, 255], i * 4);
  await Deno.writeFile(
    `${gameDir}/assets/ship.png`,
    encodePngRgba({ width: 16, height: 16, data }),
  );
  await Deno.writeFile(`${gameDir}/assets/beep.wav`, beepWav());
  await Deno.writeTextFile(`${gameDir}/assets/font.ttf`, "stand-in font for headless runs\n");
}

/** Keeps every frame the engine drew. */
class FrameLog implements Renderer {
  frames: RenderFrame[] = [];
  start = () => Promise.resolve();
  draw = (f: RenderFrame) => void this.frames.push(f);
  poll = () => [];
  consoleOutput = () => {};
  stop = () => Promise.resolve();
}

/** What a snippet's run left. */
export interface SnippetRun {
  /** The world right after loading (before the first frame); undefined when it did not load. */
  start: DumpState | undefined;
  /** The world after the last frame. */
  dump: DumpState;
  /** Every frame drawn, in order. */
  frames: RenderFrame[];
  /** Problems: load failure, error records, warning and error log lines. */
  problems: string[];
}

/** Run `program` as a game's `main.lua` headless and collect what went wrong. */
export async function runSnippet(
  program: string,
  frames = SNIPPET_FRAMES,
): Promise<SnippetRun> {
  const gameDir = await Deno.makeTempDir({ prefix: "moonglow_snippet_" });
  try {
    await Deno.writeTextFile(`${gameDir}/main.lua`, program);
    await writeSnippetAssets(gameDir);
    const renderer = new FrameLog();
    let engine: Engine;
    try {
      engine = await Engine.load({
        gameDir,
        workers: 1,
        seed: 1,
        inputLog: SNIPPET_INPUT,
        renderer,
      });
    } catch (e) {
      const dump = (e as { dump?: DumpState }).dump;
      const details = dump ? dump.errors.map((r) => r.message.split("\n")[0] ?? "") : [];
      return {
        start: undefined,
        dump: dump!,
        frames: [],
        problems: [`the game did not load: ${(e as Error).message}`, ...details],
      };
    }
    try {
      const start = engine.dump();
      while (engine.frame < frames && !engine.quitRequested) await engine.step();
      const dump = engine.dump();
      // A failed callback is an error record and also an error line in the log: report it once.
      const first = (text: string) => text.split("\n")[0] ?? "";
      const recorded = (l: LogDump) =>
        dump.errors.some((r) => r.frame === l.frame && l.message.includes(first(r.message)));
      const problems = [
        ...dump.errors.map((r) => `frame ${r.frame}, ${r.callback}: ${first(r.message)}`),
        ...dump.log.filter((l) => l.level === "warn" || (l.level === "error" && !recorded(l)))
          .map((l) => `frame ${l.frame}, ${l.level}: ${l.message}`),
      ];
      return { start, dump, frames: renderer.frames, problems };
    } finally {
      engine.close();
    }
  } finally {
    await Deno.remove(gameDir, { recursive: true });
  }
}
