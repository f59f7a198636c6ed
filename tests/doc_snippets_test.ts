/**
 * Every Lua snippet of README.md and docs/guide.md runs through the engine
 * without an error or a warning (the convention is in `_doc_snippets.ts`),
 * the README's first game draws something that moves, and the messages the
 * guide quotes for common mistakes are the ones the engine prints.
 */
import { assert, assertEquals, assertThrows } from "@std/assert";
import { luaSnippets, runSnippet, SnippetSyntaxError } from "./_doc_snippets.ts";
import { MAX_NAME_LENGTH, MAX_VIEW_SIZE } from "../src/engine/manifest.ts";

const ROOT = new URL("../", import.meta.url);

async function snippetsOf(file: string) {
  return luaSnippets(await Deno.readTextFile(new URL(file, ROOT)), file);
}

// At least this many: a parser that found none would pass every check below.
const EXPECTED = { "README.md": 1, "docs/guide.md": 16 };

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

Deno.test("the guide quotes the running engine's own words for the mistakes it points out", async () => {
  const guide = await Deno.readTextFile(new URL("docs/guide.md", ROOT));
  const said = async (program: string) => (await runSnippet(program, 2)).problems.join("\n");
  const warnings = await said(
    [
      "function on_tick(ctx, input) end",
      "function on_start() end",
      "function on_update(input, dt) end",
      "function on_switch_scene(scene)",
      "  engine.spawn():with_position(1, 1)",
      "  engine.spawn():with_lua_timer(1, 'on_tick'):build()",
      "end",
      "function on_update_menu(input, dt)",
      "  engine.entity_set_velocty(1, 10, 0)",
      "end",
      'engine.set_integer("score", 0)',
    ].join("\n"),
  );
  const builder = await said(
    "function on_switch_scene(scene) engine.spawn():with_velocty(10, 0):build() end\n",
  );
  const callback = await said(
    "function on_tick() end\nfunction on_switch_scene(scene)\n" +
      "  engine.spawn():with_lua_timer(1, 'on_tik'):build()\nend\n",
  );
  const quoted: Array<[string, string]> = [
    [
      warnings,
      "unknown engine function engine.entity_set_velocty; did you mean `engine.entity_set_velocity`?",
    ],
    [builder, "unknown builder method with_velocty; did you mean `with_velocity`?"],
    [
      callback,
      'with_lua_timer: argument 2 (callback) must be the name of a global function, got "on_tik"; did you mean `on_tick`?',
    ],
    [warnings, "engine.spawn() makes a builder that is never built; end its chain with :build()"],
    [warnings, "`on_update` is never called; did you mean `on_update_menu`?"],
    [warnings, "`on_start` is never called; did you mean `on_setup`?"],
    [warnings, "engine calls at the top level of main.lua are ignored; move them into on_setup"],
  ];
  for (const [run, text] of quoted) {
    assert(guide.includes(text), `docs/guide.md does not quote: ${text}`);
    assert(run.includes(text), `the engine did not say: ${text}\nit said:\n${run}`);
  }
});

Deno.test("the guide's manifest section gives the manifest's limits", async () => {
  const guide = await Deno.readTextFile(new URL("docs/guide.md", ROOT));
  const section = guide.slice(guide.indexOf("## The manifest"), guide.indexOf("## The view"));
  for (const field of ["title", "view.width", "view.height", "scene", "bindings"]) {
    assert(section.includes(`| \`${field}\``), `no row for ${field}`);
  }
  assert(section.includes(`from 1 to ${MAX_VIEW_SIZE}`), "view size limit");
  assert(section.includes(`1 to ${MAX_NAME_LENGTH} characters`), "name length limit");
});
