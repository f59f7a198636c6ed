import { assertEquals } from "@std/assert";
import { pathToFileURL } from "node:url";
import { EMBEDDED_LUA, embeddedConstantName, embeddedModulePath, embedLua } from "./embed_lua.ts";

const ROOT = new URL("../", import.meta.url);

const hasLuacheck = await new Deno.Command("luacheck", { args: ["--version"], stdout: "null" })
  .output().then((o) => o.success, () => false);
if (!hasLuacheck) {
  console.warn(
    "embed_lua_test: luacheck SKIPPED, luacheck is not installed (apt-get install lua-check)",
  );
}

Deno.test("every generated Lua module is up to date with its .lua file", async () => {
  for (const luaPath of EMBEDDED_LUA) {
    const expected = embedLua(luaPath, await Deno.readTextFile(new URL(luaPath, ROOT)));
    const actual = await Deno.readTextFile(new URL(embeddedModulePath(luaPath), ROOT));
    assertEquals(
      actual === expected,
      true,
      `${embeddedModulePath(luaPath)} is out of date with ${luaPath}: run deno task embed-lua`,
    );
  }
});

Deno.test("a generated module holds its source exactly, whatever the characters", async () => {
  const source = "local s = `x` .. '${y}' .. \"\\n\\\\\"\r\nlocal t = '\t\x01\u2028'\n";
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/tricky_lua.ts`;
    await Deno.writeTextFile(file, embedLua("tricky.lua", source));
    const mod: Record<string, unknown> = await import(pathToFileURL(file).href);
    assertEquals(mod[embeddedConstantName("tricky.lua")], source);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "the engine's Lua files pass luacheck with .luacheckrc",
  ignore: !hasLuacheck,
  fn: async () => {
    const out = await new Deno.Command("luacheck", {
      args: ["--config", ".luacheckrc", "--formatter", "plain", "--codes", ...EMBEDDED_LUA],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b).trim();
    assertEquals(decode(out.stdout) + decode(out.stderr), "");
    assertEquals(out.code, 0);
  },
});
