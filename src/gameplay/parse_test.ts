import { assertEquals } from "@std/assert";
import type { LuaValue } from "../api/mod.ts";
import {
  parseCondition,
  parseMenuItems,
  parseParticleEmitter,
  parsePhaseDef,
  parseUniforms,
} from "./mod.ts";

type Plain = LuaValue | Plain[] | { [k: string]: Plain };

// Lua table from plain JS: arrays get keys 1..n.
function lua(value: Plain): LuaValue {
  if (Array.isArray(value)) return new Map(value.map((v, i) => [i + 1, lua(v)]));
  if (value !== null && typeof value === "object" && !(value instanceof Map)) {
    return new Map(Object.entries(value).map(([k, v]) => [k, lua(v)]));
  }
  return value;
}
const t = (value: Plain) => lua(value) as ReadonlyMap<string | number, LuaValue>;

Deno.test("parsePhaseDef reads the callbacks shape", () => {
  const p = parsePhaseDef(
    t({ initial: "a", callbacks: { a: "on_a", b: { enter: "in_b", exit: "out_b" } } }),
  );
  assertEquals(p.ok && p.value.callbacks, {
    a: { update: "on_a" },
    b: { enter: "in_b", exit: "out_b" },
  });
});

Deno.test("parsePhaseDef reads the phases shape", () => {
  const p = parsePhaseDef(
    t({ initial: "idle", phases: { idle: { on_enter: "e", on_update: "u", on_exit: "x" } } }),
  );
  assertEquals(p.ok && [p.value.current, p.value.callbacks], ["idle", {
    idle: { enter: "e", update: "u", exit: "x" },
  }]);
});

Deno.test("parsePhaseDef explains what is wrong", () => {
  assertEquals(parsePhaseDef(t({})), {
    ok: false,
    error: "the phase table has no string 'initial'",
  });
  assertEquals(
    parsePhaseDef(t({ initial: "a", callbacks: { a: 3 } })),
    { ok: false, error: "phase 'a' must be a function name or a table" },
  );
});

Deno.test("parseCondition reads every condition shape", () => {
  assertEquals(parseCondition(t({ has_flag: "jump" })), { kind: "has_flag", key: "jump" });
  assertEquals(parseCondition(t({ integer: "hp", lt: 2 })), {
    kind: "integer",
    key: "hp",
    op: "lt",
    value: 2,
  });
  assertEquals(parseCondition(t({ any: [{ has_flag: "a" }, { scalar: "s", eq: 1 }] })), {
    kind: "any",
    of: [{ kind: "has_flag", key: "a" }, { kind: "scalar", key: "s", op: "eq", value: 1 }],
  });
  assertEquals(parseCondition(t({ not: { has_flag: "a" } })), {
    kind: "not",
    of: { kind: "has_flag", key: "a" },
  });
  assertEquals(parseCondition(t({ all: [{ bogus: 1 }] })), undefined);
  assertEquals(parseCondition(t({ scalar: "s" })), undefined);
});

Deno.test("parseUniforms maps numbers, pairs and quads, and reports the rest", () => {
  const { uniforms, rejected } = parseUniforms(
    t({ f: 1, v: [1, 2], q: [1, 2, 3, 4], bad: [1, 2, 3] }),
  );
  assertEquals(Object.fromEntries(uniforms), {
    f: { type: "float", value: 1 },
    v: { type: "vec2", value: [1, 2] },
    q: { type: "vec4", value: [1, 2, 3, 4] },
  });
  assertEquals(rejected, ["bad"]);
});

Deno.test("menu items need ids; particle emitters need templates", () => {
  assertEquals(parseMenuItems(t([{ id: "a", label: "A" }, { id: "b" }])), [
    { id: "a", label: "A" },
    { id: "b", label: "b" },
  ]);
  assertEquals(parseMenuItems(t([{ label: "no id" }])), undefined);
  assertEquals(
    parseParticleEmitter(t({ rate: 1 })),
    { ok: false, error: "the emitter has no 'templates' (or 'template') to clone" },
  );
  const e = parseParticleEmitter(
    t({ template: "spark", count: 8, ttl: { min: 0.2, max: 0.4 }, angle: 90 }),
  );
  assertEquals(e.ok && [e.value.templates, e.value.count, e.value.ttl, e.value.arc], [
    ["spark"],
    8,
    [
      0.2,
      0.4,
    ],
    [90, 90],
  ]);
});

Deno.test("particle emitters read the long field names, defaults and shapes", () => {
  const e = parseParticleEmitter(t({
    templates: ["a", "b"],
    shape: { kind: "rect", width: 8, height: 4 },
    offset: { x: 1, y: -2 },
    particles_per_emission: 3,
    emissions_per_second: 20,
    emissions_remaining: 5,
    arc: [60, 30],
    speed: [10, 20],
    ttl: 1.5,
  }));
  assertEquals(e.ok && e.value, {
    templates: ["a", "b"],
    shape: { kind: "rect", width: 8, height: 4 },
    offset: [1, -2],
    rate: 20,
    count: 3,
    remaining: 5,
    arc: [30, 60],
    speed: [10, 20],
    ttl: [1.5, 1.5],
    elapsed: 0,
    warned: false,
  });
  const d = parseParticleEmitter(t({ template: "a" }));
  assertEquals(
    d.ok &&
      [d.value.shape, d.value.rate, d.value.count, d.value.remaining, d.value.arc, d.value.ttl],
    [
      { kind: "point" },
      10,
      1,
      100,
      [0, 360],
      null,
    ],
  );
  assertEquals(
    parseParticleEmitter(t({ template: "a", shape: "circle" })),
    { ok: false, error: "unknown shape (expected 'point' or {kind='rect', width=, height=})" },
  );
  assertEquals(
    parseParticleEmitter(t({ template: "a", count: 2.5 })),
    { ok: false, error: "particles_per_emission must be a non-negative integer" },
  );
  assertEquals(
    parseParticleEmitter(t({ template: "a", ttl: "forever" })),
    { ok: false, error: "ttl must be a number, {min=, max=} or 'none'" },
  );
});
