import { assertEquals } from "@std/assert";

const ROOT = new URL("../../", import.meta.url);

/** The Emscripten that built the committed lua.wasm; another one builds other bytes. */
const EMSCRIPTEN_VERSION = "3.1.6";

const version = await new Deno.Command("em++", { args: ["--version"], stdout: "piped" })
  .output().then(
    (o) => o.success ? new TextDecoder().decode(o.stdout).match(/\d+\.\d+\.\d+/)?.[0] : undefined,
    () => undefined,
  );
const hasEmscripten = version === EMSCRIPTEN_VERSION;
if (!hasEmscripten) {
  console.warn(
    `lua_wasm build_test: SKIPPED, ${
      version ? `Emscripten ${version} is not ${EMSCRIPTEN_VERSION}` : "Emscripten is not installed"
    } (apt-get install emscripten node-acorn on Debian bookworm)`,
  );
}

Deno.test({
  name: "the committed lua.wasm is what tools/lua_wasm/build.sh builds",
  ignore: !hasEmscripten,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const out = `${dir}/lua.wasm`;
      const built = await new Deno.Command("bash", {
        args: [new URL("tools/lua_wasm/build.sh", ROOT).pathname, out],
        stdout: "null",
        stderr: "piped",
      }).output();
      const err = new TextDecoder().decode(built.stderr);
      assertEquals(built.success, true, `build.sh failed: ${err.slice(-2000)}`);
      const committed = await Deno.readFile(new URL("src/lua/wasm/lua.wasm", ROOT));
      const fresh = await Deno.readFile(out);
      assertEquals(
        committed.length === fresh.length && committed.every((b, i) => b === fresh[i]),
        true,
        "src/lua/wasm/lua.wasm differs from a fresh build: run tools/lua_wasm/build.sh",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
