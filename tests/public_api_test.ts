/**
 * `mod.ts` is a curated API: what a TypeScript program needs to run a game
 * and write systems, each symbol documented with an example, and none of the
 * engine's internals (codecs, protocol, Lua hosts, processors).
 */
import { assert, assertEquals } from "@std/assert";

interface DocSymbol {
  name: string;
  declarations: { jsDoc?: { doc?: string; tags?: { kind: string }[] } }[];
}

async function publicSymbols(): Promise<DocSymbol[]> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "mod.ts"],
    cwd: new URL("../", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(code, 0, new TextDecoder().decode(stderr));
  const doc = JSON.parse(new TextDecoder().decode(stdout));
  const [mod] = Object.values(doc.nodes) as { symbols: DocSymbol[] }[];
  return mod!.symbols;
}

Deno.test("mod.ts exports a curated, documented API without the engine's internals", async () => {
  const symbols = await publicSymbols();
  const names = new Set(symbols.map((s) => s.name));
  // What a program needs to run a game and add a system.
  for (
    const name of [
      "Engine",
      "EngineOptions",
      "EngineFrame",
      "HeadlessRenderer",
      "TerminalRenderer",
      "WebRenderer",
      "Renderer",
      "CVarRegistry",
      "Console",
      "FixedTimestep",
      "readInputLog",
      "DumpState",
      "Stage",
      "World",
      "getComponent",
      "setComponent",
      "Position",
      "Velocity",
    ]
  ) assert(names.has(name), `mod.ts does not export ${name}`);
  // Internals stay internal.
  for (
    const name of [
      "encodeBatch",
      "handlerChunk",
      "LuaHost",
      "StatePool",
      "LuaVm",
      "applyCommand",
      "engineLuaSource",
      "FUNCTIONS",
      "GameState",
      "ByteWriter",
    ]
  ) assert(!names.has(name), `mod.ts exports the internal ${name}`);
  assert(symbols.length <= 130, `${symbols.length} symbols: curate mod.ts`);
  const undocumented = symbols.filter((s) =>
    !s.declarations.some((d) => d.jsDoc?.doc && d.jsDoc.tags?.some((t) => t.kind === "example"))
  ).map((s) => s.name);
  assertEquals(undocumented, [], "symbols without a description and an @example");
});
