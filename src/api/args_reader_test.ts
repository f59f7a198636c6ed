import { assert, assertEquals } from "@std/assert";
import { compileArgsReader } from "./args_reader.ts";
import { argsReader, readArgsGeneric } from "./codec.ts";
import { COMMAND_SPECS, RECORD_SPECS } from "./table.ts";
import type { ParamDecl } from "./types.ts";
import { Reader } from "./wire.ts";
import { Prng } from "../systems/prng.ts";

const NUMBERS = [0, 1, -1, 2.5, 255, 256, -0, 1e300, NaN, Infinity, -Infinity, 2 ** 53, 7];
const STRINGS = ["", "ball", "linear", "once", "count", "\u00e9t\u00e9", "x".repeat(40)];

// Bytes for one argument of `p`: usually well formed (with edge values), sometimes not.
function argBytes(p: ParamDecl, next: () => number): number[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const roll = next();
  if (roll < 0.05) return Array.from({ length: Math.floor(next() * 6) }, () => pick([0, 1, 255]));
  const f64 = (v: number) => [...new Uint8Array(new Float64Array([v]).buffer)];
  const u32 = (v: number) => [...new Uint8Array(new Uint32Array([v]).buffer)];
  const str = (s: string) => {
    const b = [...new TextEncoder().encode(s)];
    return [...u32(roll < 0.1 ? b.length + 9 : b.length), ...b];
  };
  switch (p.type) {
    case "number":
    case "integer":
    case "id":
      return f64(roll < 0.3 && p.min !== undefined ? p.min - 1 : pick(NUMBERS));
    case "boolean":
      return [pick([0, 1, 2])];
    case "table":
    case "any":
    case "shader_list":
      return [pick([0, 1, 2, 3, 4, 5, 9])]; // a tag byte, often of a value cut short
    default:
      return str(p.choices && roll < 0.5 ? pick(p.choices) : pick(STRINGS));
  }
}

function outcome(read: (r: Reader) => unknown, bytes: Uint8Array): unknown {
  const r = new Reader(bytes);
  try {
    return { ok: read(r), pos: r.pos };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

Deno.test("compiled argument readers decode exactly what the generic reader does", () => {
  const decls = [
    ...COMMAND_SPECS.map((s) => ({ where: s.luaName, params: s.decl.params })),
    ...RECORD_SPECS.map((s) => ({ where: s.decl.name, params: s.decl.params })),
  ];
  const prng = new Prng(15); // seeded: a failure replays
  const next = () => prng.next();
  let compiled = 0, errors = 0;
  for (const { where, params } of decls) {
    const whats = params.map((p) => `${where} argument ${p.name}`);
    const fast = compileArgsReader(params, whats, () => {
      throw new Error("unused");
    });
    if (fast === undefined) continue;
    compiled++;
    const reader = argsReader(where, params);
    for (let round = 0; round < 60; round++) {
      const bytes = new Uint8Array(params.flatMap((p) => argBytes(p, next)));
      const expected = outcome((r) => readArgsGeneric(r, params, where, whats), bytes);
      assertEquals(outcome(reader, bytes), expected, `${where} on [${bytes.join(",")}]`);
      if ("error" in (expected as object)) errors++;
    }
  }
  // Most declarations compile, and the rounds reach both outcomes.
  assert(compiled > decls.length / 2, `${compiled} of ${decls.length} compiled`);
  assert(errors > 100, `only ${errors} malformed rounds`);
});

Deno.test("a declaration with an optional parameter keeps the generic reader", () => {
  const params: ParamDecl[] = [
    { name: "id", type: "id", description: "Id." },
    { name: "loud", type: "boolean", optional: true, description: "Loud." },
  ];
  assertEquals(compileArgsReader(params, ["f argument id", "f argument loud"], () => 0), undefined);
});

Deno.test("where compiling code is refused, commands decode the same through the generic reader", async () => {
  const codec = new URL("./codec.ts", import.meta.url).href;
  const commands = [
    { name: "entity_set_velocity", category: "entity", args: { id: 3, vx: 1.5, vy: -2 } },
    { name: "set_string", category: "signal", args: { key: "scene", value: "play" } },
    { name: "entity_despawn", category: "entity", args: { id: 7 } },
  ];
  const script = `
    import { decodeCommands, encodeCommand } from ${JSON.stringify(codec)};
    let refused = false;
    try { new Function("return 1"); } catch { refused = true; }
    const commands = ${JSON.stringify(commands)};
    const decoded = commands.map((c) => decodeCommands(encodeCommand({ op: 0, collision: false, ...c }))[0]?.args);
    console.log(JSON.stringify({ refused, decoded }));
  `;
  const config = new URL("../../deno.json", import.meta.url).pathname;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      "--config",
      config,
      "--v8-flags=--disallow-code-generation-from-strings",
      script,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(code, 0, new TextDecoder().decode(stderr));
  const out = JSON.parse(new TextDecoder().decode(stdout));
  assert(out.refused, "the child process must refuse to compile code");
  assertEquals(out.decoded, commands.map((c) => c.args));
});
