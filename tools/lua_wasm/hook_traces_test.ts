// The engine's patches to Lua's VM (count_hook.patch, sealed_tables.patch) must not change what
// hooks see: stock Lua 5.4.7 and the patched sources, built natively, print the same hook traces
// (hook_traces.lua). Needs a C compiler, make, curl and patch; skipped without them.
import { assert, assertEquals } from "@std/assert";

const HERE = new URL("./", import.meta.url);
const BUILD = await Deno.readTextFile(new URL("build.sh", HERE));
const field = (name: string) => BUILD.match(new RegExp(`^${name}="([^"]+)"`, "m"))?.[1];
const VERSION = field("LUA_VERSION"), SHA256 = field("LUA_SHA256");
const URL_TEMPLATE = field("LUA_URL");
const PATCHES = [...BUILD.matchAll(/"\$here\/([a-z_]+\.patch)"/g)].map((m) => m[1]!);

async function run(cmd: string, args: string[], cwd?: string): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr).slice(-2000)}`,
    );
  }
  return text;
}

const tools = await Promise.all(
  ["cc", "make", "curl", "patch"].map((t) =>
    new Deno.Command("sh", { args: ["-c", `command -v ${t}`], stdout: "null" }).output().then(
      (o) => o.success,
      () => false,
    )
  ),
);
const ARCHIVE = URL_TEMPLATE?.replace("${LUA_VERSION}", VERSION ?? "");
// Offline, the archive is out of reach: nothing to compare.
const canBuild = tools.every(Boolean) && ARCHIVE !== undefined &&
  await new Deno.Command("curl", { args: ["-fsIL", "--max-time", "20", ARCHIVE], stdout: "null" })
    .output().then((o) => o.success, () => false);
if (!canBuild) {
  console.warn(
    "hook_traces_test: SKIPPED, needs cc, make, curl, patch and Debian's Lua source archive",
  );
}

Deno.test({
  name: "hooks see the same events in stock Lua and in Lua with the engine's patches",
  ignore: !canBuild,
  async fn() {
    assert(VERSION && SHA256 && ARCHIVE, "build.sh names the Lua version, its hash and URL");
    assertEquals(PATCHES, ["count_hook.patch", "sealed_tables.patch"]);
    const dir = await Deno.makeTempDir();
    try {
      const tarball = `${dir}/lua.tar.gz`;
      await run("curl", ["-fsSL", ARCHIVE, "-o", tarball]);
      const sum = (await run("sha256sum", [tarball])).split(" ")[0];
      assertEquals(sum, SHA256);
      const traces: string[] = [];
      for (const patched of [false, true]) {
        const at = `${dir}/${patched ? "patched" : "stock"}`;
        await Deno.mkdir(at);
        await run("tar", ["-xzf", tarball, "-C", at]);
        const src = `${at}/lua-${VERSION}`;
        if (patched) {
          for (const p of PATCHES) {
            await run("patch", ["-s", "-p1", "-i", new URL(p, HERE).pathname], src);
          }
        }
        await run("make", ["-s", "-C", `${src}/src`, "linux"]);
        traces.push(await run(`${src}/src/lua`, [new URL("hook_traces.lua", HERE).pathname]));
      }
      const [stock, patched] = traces;
      assert(Number(stock!.split("\n")[0]) > 10000, "the program records its events");
      assertEquals(patched, stock);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
