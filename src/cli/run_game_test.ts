import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { defaultDeps } from "./default_deps.ts";
import { type CliIo, main } from "./main.ts";

/** The CLI in this process with the real engine; what it wrote to stderr. */
async function run(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const io: CliIo = { out: () => {}, err: (t) => err.push(t) };
  const code = await main(["run", ...args], defaultDeps(), io);
  return { code, err: err.join("\n") };
}

/** A temp game folder with `main.lua`, removed after `fn`. */
async function withGame(source: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "moonglow_run_" });
  try {
    await Deno.writeTextFile(`${dir}/main.lua`, source);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const HEADLESS = ["--renderer", "headless", "--frames", "2", "--workers", "1"];
const INTERNAL = /worker|state|moonglow_runtime|\[C\]/i;

/** Run the game in `dir` headless with `extra` switches; it must fail. Resolves to its stderr. */
async function failure(dir: string, ...extra: string[]): Promise<string> {
  const { code, err } = await run([dir, ...HEADLESS, ...extra]);
  assertEquals(code, 1);
  return err;
}

Deno.test("a failure at load names the game's line, with worker and state only under --verbose", async () => {
  const source = "local function helper()\n  return foo.bar\nend\nhelper()\n";
  await withGame(source, async (dir) => {
    const plain = await failure(dir);
    assertEquals(
      plain,
      [
        "moonglow: main.lua:2: attempt to index a nil value (global 'foo')",
        "stack traceback:",
        "\tmain.lua:2: in local 'helper'",
        "\tmain.lua:4: in main chunk",
        // The code ran: `check`, which does not run it, would not find this.
        "The code outside functions runs when the game loads; the error above stopped it.",
      ].join("\n"),
    );
    assert(!INTERNAL.test(plain), plain);
    const verbose = await failure(dir, "--verbose");
    assertStringIncludes(verbose, "Setting up Lua state 0 of worker 0 failed: main.lua:2:");
  });
});

Deno.test("a file that does not compile points to check", async () => {
  await withGame("function on_setup()\n  x = = 1\nend\n", async (dir) => {
    assertEquals(
      await failure(dir),
      [
        "moonglow: main.lua:2: unexpected symbol near '='",
        `Run "moonglow check ${dir}" to list every syntax error.`,
      ].join("\n"),
    );
  });
});

Deno.test("a callback failing while loading shows the game's frames and no check hint", async () => {
  const source =
    "local function helper()\n  error({})\nend\nfunction on_setup()\n  helper()\nend\n";
  await withGame(source, async (dir) => {
    const plain = await failure(dir);
    assertEquals(
      plain,
      [
        "moonglow: on_setup failed: main.lua:2: (error object is a table value)",
        "stack traceback:",
        "\tmain.lua:2: in upvalue 'helper'",
        "\tmain.lua:5: in function <main.lua:4>",
      ].join("\n"),
    );
    const verbose = await failure(dir, "--verbose");
    assertMatch(verbose, /=moonglow_runtime:\d+: in /);
    assertStringIncludes(verbose, "[C]: in global 'error'");
  });
});

Deno.test("a missing texture is in the dump's errors with the line that asked for it", async () => {
  const source = 'function on_setup()\n  engine.load_texture("ship", "assets/ship.png")\nend\n';
  await withGame(source, async (dir) => {
    const { code } = await run([dir, ...HEADLESS, "--dump-state", `${dir}/dump.json`]);
    assertEquals(code, 0);
    const dump = JSON.parse(await Deno.readTextFile(`${dir}/dump.json`));
    assertEquals(dump.errors, [{
      frame: 0,
      callback: "load_texture",
      entity: null,
      message:
        'main.lua:2: load_texture: texture "ship": file "assets/ship.png" does not exist in the game folder',
    }]);
  });
});

Deno.test("callback errors in the dump keep only the game's frames, all of them under --verbose", async () => {
  const source = "function on_update_menu(input, dt)\n  local t = nil\n  return t.x\nend\n";
  await withGame(source, async (dir) => {
    const errors = async (...extra: string[]) => {
      assertEquals(
        (await run([dir, ...HEADLESS, "--dump-state", `${dir}/d.json`, ...extra])).code,
        0,
      );
      return JSON.parse(await Deno.readTextFile(`${dir}/d.json`)).errors as { message: string }[];
    };
    const plain = await errors();
    assertEquals(plain.length, 2);
    assertEquals(
      plain[0]?.message,
      "main.lua:3: attempt to index a nil value (local 't')\nstack traceback:\n\tmain.lua:3: in function <main.lua:1>",
    );
    const verbose = await errors("--verbose");
    assertMatch(verbose[0]?.message ?? "", /\n\t=moonglow_runtime:\d+: in /);
  });
});
