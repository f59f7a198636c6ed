/**
 * Test helper: valid sample arguments for a parameter list, as Lua source and
 * as the value `decodeCommands` must produce. Derived from the declarations so
 * every function gets a round trip without hand-written cases.
 *
 * @example
 * ```ts
 * import { sampleArgs } from "./_samples.ts";
 * sampleArgs([{ name: "x", type: "number", description: "" }], true).lua; // ["2.5"]
 * ```
 *
 * @module
 */
import type { LuaValue, ParamDecl } from "./types.ts";

/** Keys present in the harness's default snapshot, per asset kind. */
export const KNOWN_ASSETS: Readonly<Record<string, string>> = {
  texture: "ball",
  font: "main",
  sound: "bounce",
  music: "theme",
  shader: "crt",
  tilemap: "level1",
  animation: "walk",
};

/** Per-function overrides where a generic sample would be rejected by a check. */
const OVERRIDES: Readonly<Record<string, { lua: string[]; ts: Record<string, unknown> }>> = {
  "cvar.set": { lua: ['"r_fov"', "100"], ts: { name: "r_fov", value: 100 } },
  with_phase: {
    lua: ['{ initial = "idle", callbacks = { idle = "on_cb" } }'],
    ts: {
      def: new Map<string, LuaValue>([
        ["callbacks", new Map<string, LuaValue>([["idle", "on_cb"]])],
        ["initial", "idle"],
      ]),
    },
  },
  with_animation_rule: {
    lua: ['{ scalar = "speed", gt = 1 }', '"walk"'],
    ts: {
      condition: new Map<string, LuaValue>([["gt", 1], ["scalar", "speed"]]),
      anim: "walk",
    },
  },
  "cvar.define": {
    lua: ['"g_lives"', '{ type = "int", default = 3 }'],
    ts: { name: "g_lives", def: new Map<string, LuaValue>([["default", 3], ["type", "int"]]) },
  },
};

function clamp(v: number, p: ParamDecl): number {
  return Math.min(Math.max(v, p.min ?? -Infinity), p.max ?? Infinity);
}

function one(p: ParamDecl, i: number): { lua: string; ts: unknown } {
  if (p.choices) {
    const c = p.choices[p.choices.length - 1]!;
    return { lua: JSON.stringify(c), ts: c };
  }
  switch (p.type) {
    case "number": {
      const v = clamp(2.5 + i, p);
      return { lua: String(v), ts: v };
    }
    case "integer": {
      const v = clamp(3 + i, p);
      return { lua: String(v), ts: v };
    }
    case "id":
      return { lua: String(7 + i), ts: 7 + i };
    case "boolean":
      return { lua: i % 2 ? "false" : "true", ts: i % 2 === 1 ? false : true };
    case "callback":
      return { lua: '"on_cb"', ts: "on_cb" };
    case "table":
      return {
        lua: '{ a = 1, [2] = "x", n = { true, 0.5 } }',
        ts: new Map<number | string, LuaValue>([
          [2, "x"],
          ["a", 1],
          ["n", new Map<number, LuaValue>([[1, true], [2, 0.5]])],
        ]),
      };
    case "any":
      return { lua: '"v"', ts: "v" };
    case "shader_list":
      return { lua: '{ "crt", "glow" }', ts: ["crt", "glow"] };
    case "string":
      return { lua: JSON.stringify(`s_${p.name}`), ts: `s_${p.name}` };
    default:
      return { lua: JSON.stringify(KNOWN_ASSETS[p.type]), ts: KNOWN_ASSETS[p.type] };
  }
}

/**
 * Valid arguments for `params`: with `full`, optional params are passed too.
 */
export function sampleArgs(
  params: readonly ParamDecl[],
  full: boolean,
  name?: string,
): { lua: string[]; ts: Record<string, unknown> } {
  const o = name !== undefined ? OVERRIDES[name] : undefined;
  if (o) return o;
  const lua: string[] = [];
  const ts: Record<string, unknown> = {};
  params.forEach((p, i) => {
    if (p.optional && !full) return;
    const s = one(p, i);
    lua.push(s.lua);
    ts[p.name] = s.ts;
  });
  return { lua, ts };
}
