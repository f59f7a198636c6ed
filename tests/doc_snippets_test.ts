/**
 * Every Lua snippet of README.md and docs/guide.md runs through the engine
 * without an error or a warning (the convention is in `_doc_snippets.ts`),
 * and the README's first game draws something that moves.
 */
import { assert, assertEquals, assertThrows } from "@std/assert";
import { luaSnippets, runSnippet, SnippetSyntaxError } from "./_doc_snippets.ts";

const ROOT = new URL("../", import.meta.url);

async function snippetsOf(file: string) {
  return luaSnippets(await Deno.readTextFile(new URL(file, ROOT)), file);
}

// At least this many: a parser that found none would pass every check below.
const EXPECTED = { "README.md": 1, "docs/guide.md": 12 };

for (const [file, least] of Object.entries(EXPECTED)) {
  Deno.test(`every Lua snippet of ${file} runs without errors or warnings`, async (t) => {
    const snippets = await snippetsOf(file);
    assert(snippets.length >= least, `${file}: only ${snippets.length} lua snippets`);
    for (const s of snippets) {
      await t.step(s.where, async () => {
        const { problems } = await runSnippet(s.program);
        assertEquals(problems, [], `${s.where} failed:\n${s.code}`);
      });
    }
  });
}

Deno.test("README's first game draws boxes and something moves", async () => {
  const [first] = await snippetsOf("README.md");
  assert(first !== undefined && !first.fragment);
  const { start: loaded, dump, frames, problems } = await runSnippet(first.program, 120);
  assertEquals(problems, []);
  // The world moved: an entity of the dump is elsewhere after 120 frames.
  const was = new Map(loaded!.entities.map((e) => [e.id, e.position.join()]));
  assert(dump.entities.some((e) => was.has(e.id) && was.get(e.id) !== e.position.join()));
  const start = frames[0]!, end = frames.at(-1)!;
  // Drawn: filled boxes inside the 800 x 600 view.
  assert(start.drawables.length >= 2, `${start.drawables.length} drawables`);
  for (const d of end.drawables) {
    assert(d.w > 0 && d.h > 0, `drawable ${d.id} has no size`);
    assert(d.x + d.w > 0 && d.x < 800 && d.y + d.h > 0 && d.y < 600, `drawable ${d.id} off view`);
  }
  // Moving: some entity is elsewhere at the end, and stays inside the walls.
  const at = new Map(start.drawables.map((d) => [d.id, [d.x, d.y]]));
  const moved = end.drawables.filter((d) => {
    const p = at.get(d.id);
    return p !== undefined && (p[0] !== d.x || p[1] !== d.y);
  });
  assert(moved.length >= 1, "nothing moved in 120 frames");
});

Deno.test("a snippet that fails to load, raises an error or warns is reported", async () => {
  const broken = await runSnippet("function on_setup() engine.set_integer('n', 'x') end\n", 1);
  assert(broken.problems[0]?.startsWith("the game did not load"), broken.problems.join("\n"));
  const raising = await runSnippet("function on_update_menu(input, dt) error('boom') end\n", 3);
  assertEquals(
    raising.problems.filter((p) => p.includes("on_update_menu: main.lua:1: boom")).length,
    3,
  );
  const warning = await runSnippet("function on_update_menu() engine.log_warn('careful') end\n", 2);
  assertEquals(warning.problems, ["frame 0, warn: careful", "frame 1, warn: careful"]);
  const clean = await runSnippet("function on_update_menu() print('fine') end\n", 2);
  assertEquals(clean.problems, []);
});

Deno.test("a fragment runs after the complete block above it; unknown tags are refused", () => {
  const md = [
    "```lua",
    "function a() end",
    "```",
    "```lua fragment",
    "function b() end",
    "```",
    "```sh",
    "not lua",
    "```",
  ].join("\n");
  const [whole, part, ...rest] = luaSnippets(md, "x.md");
  assertEquals(rest, []);
  assertEquals(whole?.program, "function a() end\n");
  assertEquals(part?.where, "x.md:4");
  assertEquals(part?.program, "function a() end\n\nfunction b() end\n");
  assertThrows(() => luaSnippets("```lua fragment\nx()\n```\n", "y.md"), SnippetSyntaxError);
  assertThrows(() => luaSnippets("```lua partial\nx()\n```\n", "y.md"), SnippetSyntaxError);
});
