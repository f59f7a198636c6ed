import { assertEquals } from "@std/assert";
import { luaStubs } from "../api/mod.ts";
import { checkGame, runLuacheck } from "./check_game.ts";

async function withGame(source: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/main.lua`, source);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const hasLuacheck = await new Deno.Command("luacheck", { args: ["--version"], stdout: "null" })
  .output().then(() => true, () => false);

Deno.test("check reports syntax errors, unknown engine names and undefined callbacks", async () => {
  await withGame(
    [
      "function on_setup()",
      "  engine.log('ok') -- engine.fine_in_a_comment()",
      '  engine.spawn():with_lua_timer(1, "tick"):with_phase({ initial = \'a\', callbacks = { a = { enter = "gone" } } }):build()',
      "  engine.explode()",
      "end",
      "function tick(ctx) end",
      "local x = = 1",
    ].join("\n"),
    async (dir) => {
      const problems = (await checkGame(dir)).problems.filter((p) => !p.startsWith("luacheck:"));
      assertEquals(problems, [
        "main.lua:7: unexpected symbol near '='",
        "main.lua:3: callback 'gone' is not defined by the game",
        "main.lua:4: unknown engine function engine.explode",
      ]);
    },
  );
});

Deno.test("check names the fix of each common mistake: errors fail, silent mistakes warn", async () => {
  const dir = new URL("../../tests/games/mistakes", import.meta.url).pathname;
  const { problems, warnings } = await checkGame(dir);
  const ours = (list: readonly string[]) => list.filter((l) => !l.startsWith("luacheck:"));
  assertEquals(ours(problems), [
    "main.lua:18: unknown engine function engine.entity_set_velocty; did you mean `engine.entity_set_velocity`?",
    "main.lua:22: unknown builder method with_positon; did you mean `with_position`?",
    "main.lua:26: callback 'on_hitt' is not defined by the game; did you mean `on_hit`?",
  ]);
  const NEVER_BUILT =
    "engine.spawn() makes a builder that is never built; end its chain with :build()";
  assertEquals(ours(warnings), [
    "main.lua:2: engine calls at the top level of main.lua are ignored; move them into on_setup",
    `main.lua:5: ${NEVER_BUILT}`,
    `main.lua:13: ${NEVER_BUILT}`,
    "main.lua:31: `on_update` is never called; did you mean `on_update_menu`?",
    "main.lua:33: `on_updte_menu` is never called; did you mean `on_update_menu`?",
    "main.lua:35: `on_start` is never called; did you mean `on_setup`?",
  ]);
  // luacheck's "undefined field" (W143) on line 18 would repeat the first problem without the fix.
  assertEquals([...problems, ...warnings].filter((l) => l.startsWith("luacheck:")), []);
});

Deno.test({
  name: "the example games pass luacheck with the generated engine globals",
  ignore: !hasLuacheck,
  fn: async () => {
    for (const game of ["breakout", "shooter", "shader_lab"]) {
      const dir = new URL(`../../examples/${game}`, import.meta.url).pathname;
      assertEquals(await checkGame(dir), { problems: [], warnings: [] });
    }
  },
});

Deno.test({
  name: "luacheck with the generated globals flags unknown engine fields",
  ignore: !hasLuacheck,
  fn: async () => {
    await withGame("function f() engine.nope() end\n", async (dir) => {
      const found = await runLuacheck(dir);
      assertEquals(found?.length, 1);
      assertEquals(found?.[0]?.includes("nope"), true);
    });
  },
});

Deno.test({
  name: "luacheck style findings are warnings; undefined globals are problems",
  ignore: !hasLuacheck,
  fn: async () => {
    const source = "local unused = 1\nfunction on_setup() undefined_helper() end\n";
    await withGame(source, async (dir) => {
      const { problems, warnings } = await checkGame(dir);
      assertEquals(problems.length, 1);
      assertEquals(problems[0]?.includes("(W113)"), true);
      assertEquals(warnings.length, 1);
      assertEquals(warnings[0]?.includes("(W211) unused variable 'unused'"), true);
    });
  },
});

Deno.test({
  name:
    "the game's own .luacheckrc is read after the engine's globals; a generated one adds nothing",
  ignore: !hasLuacheck,
  fn: async () => {
    await withGame("local unused = 1\nfunction on_setup() engine.log('x') end\n", async (dir) => {
      assertEquals((await checkGame(dir)).warnings.length, 1, "W211 without a config");
      // Their `ignore` replaces the engine's, as any later assignment in a luacheck config does.
      await Deno.writeTextFile(`${dir}/.luacheckrc`, 'ignore = { "211", "131" }\n');
      assertEquals(await checkGame(dir), { problems: [], warnings: [] });
    });
  },
});

Deno.test("check warns about a first scene with no update and about keys the terminal keeps", async () => {
  await withGame("function on_update_menu() end\nfunction on_update_play() end\n", async (dir) => {
    await Deno.writeTextFile(`${dir}/moonglow.json`, '{ "scene": "paly" }');
    const { problems, warnings } = await checkGame(dir);
    assertEquals(problems, []);
    assertEquals(warnings.filter((w) => w.startsWith("moonglow.json")), [
      'moonglow.json: the first scene "paly" has no on_update_paly; did you mean `play`?',
    ]);
    await Deno.writeTextFile(`${dir}/moonglow.json`, '{ "scene": "play" }');
    assertEquals((await checkGame(dir)).warnings.filter((w) => w.startsWith("moonglow")), []);
    // A key the terminal renderer keeps (q quits, ` opens the console) never reaches the game.
    await Deno.writeTextFile(`${dir}/moonglow.json`, '{ "bindings": { "q": "action_1" } }');
    assertEquals((await checkGame(dir)).warnings.filter((w) => w.startsWith("moonglow")), [
      "moonglow.json: bindings.q: the terminal renderer keeps this key for itself, " +
      "so the game never gets it there",
    ]);
  });
});

Deno.test("check reports a bad moonglow.json as a problem naming the field", async () => {
  await withGame("function on_setup() end\n", async (dir) => {
    await Deno.writeTextFile(`${dir}/moonglow.json`, '{ "view": { "width": 0 } }');
    const { problems } = await checkGame(dir);
    assertEquals(problems, [
      `In ${dir}/moonglow.json, "view.width" must be a whole number of pixels from 1 to 8192, got 0`,
    ]);
  });
});

Deno.test("check skips LuaLS definition files such as the stubs, wherever they are", async () => {
  await withGame("function on_setup() engine.log('hi') end\n", async (dir) => {
    await Deno.writeTextFile(`${dir}/engine.lua`, luaStubs());
    await Deno.mkdir(`${dir}/.moonglow`);
    await Deno.writeTextFile(`${dir}/.moonglow/engine.lua`, luaStubs());
    assertEquals(await checkGame(dir), { problems: [], warnings: [] });
  });
});
