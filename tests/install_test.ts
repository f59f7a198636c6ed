/**
 * The first steps of a new user, as a test: `deno task install` into a
 * temporary DENO_INSTALL_ROOT, then, with the installed `moonglow` command,
 * `moonglow new mygame`, and from inside the game's folder
 * `moonglow check .` and `moonglow run .` (headless, so the test needs no
 * terminal). The starter game must show things moving.
 */
import { assert, assertEquals, assertNotEquals } from "@std/assert";
import { dirname, join } from "node:path";
import type { DumpState } from "../src/engine/dump_state.ts";

const ROOT = new URL("..", import.meta.url).pathname;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function exec(cmd: string, args: string[], cwd: string, env: Record<string, string>) {
  const out = await new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "piped" })
    .output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) } satisfies Ran;
}

function ok(ran: Ran, what: string): Ran {
  assertEquals(ran.code, 0, `${what} failed:\n${ran.stdout}\n${ran.stderr}`);
  return ran;
}

Deno.test("deno task install, then moonglow new, check and run from the game's folder", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "moonglow_install" });
  try {
    const root = join(tmp, "root");
    // The installed shim calls `deno` by name: the one running this test.
    const env = {
      DENO_INSTALL_ROOT: root,
      PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`,
      NO_COLOR: "1",
    };
    ok(await exec(Deno.execPath(), ["task", "install"], ROOT, env), "deno task install");
    const moonglow = join(root, "bin", "moonglow");
    assert((await Deno.stat(moonglow)).isFile, "no moonglow command installed");

    const created = ok(await exec(moonglow, ["new", "mygame"], tmp, env), "moonglow new");
    assertEquals(created.stdout.split("\n")[1], "next: cd mygame && moonglow run .");
    const game = join(tmp, "mygame");
    assertEquals(ok(await exec(moonglow, ["check", "."], game, env), "check").stdout, ".: ok\n");

    const dumps: DumpState[] = [];
    for (const frames of ["0", "30"]) {
      const file = join(tmp, `dump${frames}.json`);
      const args = ["run", ".", "--renderer", "headless", "--frames", frames, "--dump-state", file];
      ok(await exec(moonglow, args, game, env), `moonglow run --frames ${frames}`);
      dumps.push(JSON.parse(await Deno.readTextFile(file)));
    }
    const [start, later] = dumps as [DumpState, DumpState];
    assertEquals([later.frame, later.scene, later.errors], [30, "menu", []]);
    const moving = later.entities.filter((e) => e.groups.includes("drifter"));
    assert(moving.length > 0, "the starter game shows no drifting squares");
    for (const e of moving) {
      const before = start.entities.find((s) => s.id === e.id);
      assertNotEquals(e.position, before?.position, `entity ${e.id} did not move`);
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
