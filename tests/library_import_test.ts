/**
 * Another project maps `@moonglow/engine` with the README's `deno.json`
 * snippet and runs the README's TypeScript example on the README's first
 * game, in a separate Deno process: what a user who follows the README does.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { luaSnippets } from "./_doc_snippets.ts";

const ROOT = new URL("../", import.meta.url);

/** The fenced blocks of `markdown` whose info string is `lang`, in order. */
function blocks(markdown: string, lang: string): string[] {
  const out: string[] = [];
  const re = /^```(\S*)[^\n]*\n([\s\S]*?)^```/gm;
  for (const m of markdown.matchAll(re)) if (m[1] === lang) out.push(m[2]!);
  return out;
}

Deno.test("a project that maps @moonglow/engine as the README says runs a game with it", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const config = blocks(readme, "json").find((b) => b.includes('"@moonglow/engine"'));
  const program = blocks(readme, "ts").find((b) => b.includes('from "@moonglow/engine"'));
  const [game] = luaSnippets(readme, "README.md");
  assert(config && program && game, "README lacks the deno.json, the TypeScript or the game");

  // The snippet's npm versions are the ones Moonglow itself uses.
  const imports: Record<string, string> = JSON.parse(config).imports;
  const own = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT))).imports;
  for (const [name, target] of Object.entries(imports)) {
    if (name !== "@moonglow/engine") assertEquals(target, own[name], `version of ${name}`);
  }
  assertMatch(imports["@moonglow/engine"]!, /^\.\.\/moonglow\/mod\.ts$/);

  const dir = await Deno.makeTempDir({ prefix: "moonglow_user_" });
  try {
    // The clone sits beside the project, as the snippet's "../moonglow/" says.
    await Deno.symlink(new URL(".", ROOT).pathname, `${dir}/moonglow`);
    await Deno.mkdir(`${dir}/project/mygame`, { recursive: true });
    await Deno.writeTextFile(`${dir}/project/deno.json`, config);
    await Deno.writeTextFile(`${dir}/project/main.ts`, program);
    await Deno.writeTextFile(`${dir}/project/mygame/main.lua`, game.program);
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts"],
      cwd: `${dir}/project`,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = new TextDecoder().decode(stdout);
    const err = new TextDecoder().decode(stderr);
    assertEquals(code, 0, `exit ${code}\n${err}`);
    // The program prints the final world's hash after 600 frames.
    assertMatch(out.trim(), /^[0-9a-f]{64}$/, `stdout: ${out}\nstderr: ${err}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
