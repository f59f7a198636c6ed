// Entity contexts filled by the runs' fillers (priv.unpacker with destinations, fixed_unpack.c):
// the first context of a run is filled by the generated Lua, the others by the filler, so every
// callback of a run must see its own values exactly as the first sees its own.
import { assert, assertEquals } from "@std/assert";
import {
  CallbackKind,
  type CallbackRequest,
  type CallbackResult,
  type EntityContextData,
} from "./batch_types.ts";
import { everyFieldContext, run, seed, withRuntime } from "./runtime_test_helpers.ts";

// show(ctx): every field of the context, nested tables too, as `key=value` in sorted key order
// (numbers with their Lua subtype), then the keys of every table in pairs order.
const GAME = `
local function value(v)
  local t = type(v)
  if t == "number" then return (math.type(v) == "integer" and "i:" or "f:") .. string.format("%.17g", v) end
  if t == "string" then return "s:" .. string.format("%q", v) end
  return t .. ":" .. tostring(v)
end
local function walk(t, prefix, out, order)
  local keys, seen = {}, {}
  for k in pairs(t) do keys[#keys + 1] = k; seen[#seen + 1] = tostring(k) end
  order[#order + 1] = prefix .. "[" .. table.concat(seen, ",") .. "]"
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  for _, k in ipairs(keys) do
    local v = t[k]
    if type(v) == "table" then walk(v, prefix .. tostring(k) .. ".", out, order)
    else out[#out + 1] = prefix .. tostring(k) .. "=" .. value(v) end
  end
end
function show(ctx)
  local out, order = {}, {}
  walk(ctx, "", out, order)
  return table.concat(out, "\\n") .. "\\n--\\n" .. table.concat(order, "\\n")
end
-- A collision callback's two contexts and sides.
function pair(ctx)
  return "a:\\n" .. show(ctx.a) .. "\\nb:\\n" .. show(ctx.b) .. "\\nsides:" ..
    table.concat(ctx.sides.a, ",") .. "/" .. table.concat(ctx.sides.b, ",")
end
`;

// Deterministic numbers for the values (so a failure reproduces).
function numbers(seedValue: number): () => number {
  let x = seedValue >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const ODD = [0, -0, 1, -7, 1.5, 2 ** 53, -(2 ** 31), 1e-300, 1e300, Infinity, -Infinity];
const TEXTS = ["", "walk", "ü日本", "a\0b", "x".repeat(50)];

// A context with `base`'s fields (its layout: which fields, which signal keys) and values drawn
// from `rnd`.
function varied(base: EntityContextData, id: number, rnd: () => number): EntityContextData {
  const n = () => rnd() < 0.3 ? ODD[Math.floor(rnd() * ODD.length)]! : (rnd() - 0.5) * 1000;
  const whole = () => Math.floor((rnd() - 0.5) * 1e6);
  // Texts repeat from one context to the next as often as not (a filler keeps a text it holds).
  const t = () => TEXTS[Math.floor(rnd() * TEXTS.length)]! + (rnd() < 0.5 ? "" : id);
  const b = () => rnd() < 0.5;
  const pair = (p: readonly [number, number] | undefined): [number, number] | undefined =>
    p && [n(), n()];
  const signals = base.signals && {
    scalars: Object.fromEntries(Object.keys(base.signals.scalars).map((k) => [k, n()])),
    integers: Object.fromEntries(Object.keys(base.signals.integers).map((k) => [k, whole()])),
    strings: Object.fromEntries(Object.keys(base.signals.strings).map((k) => [k, t()])),
    flags: base.signals.flags,
  };
  return {
    id,
    group: base.group === undefined ? undefined : t(),
    pos: pair(base.pos),
    screenPos: pair(base.screenPos),
    vel: pair(base.vel),
    frozen: base.frozen === undefined ? undefined : b(),
    rotation: base.rotation === undefined ? undefined : n(),
    scale: pair(base.scale),
    rect: base.rect && { x: n(), y: n(), w: n(), h: n() },
    phase: base.phase && {
      name: t(),
      time: n(),
      previous: base.phase.previous === undefined ? undefined : t(),
    },
    timer: base.timer && { duration: n(), elapsed: n(), callback: t() },
    signals,
    sprite: base.sprite && { texture: t(), flipH: b(), flipV: b() },
    animation: base.animation && { key: t(), frame: rnd() < 0.5 ? whole() : n(), elapsed: n() },
  };
}

const LAYOUTS: readonly [string, EntityContextData][] = [
  ["every field", everyFieldContext()],
  ["screen position, no signal keys", {
    id: 1,
    screenPos: [1, 2],
    rotation: 3,
    signals: { scalars: {}, integers: {}, strings: {}, flags: [] },
  }],
  ["a phase without a previous one, and many keys", {
    id: 1,
    pos: [0, 0],
    vel: [0, 0],
    frozen: false,
    phase: { name: "run", time: 0 },
    signals: {
      scalars: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`s${i}`, 0])),
      integers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`i${i}`, 0])),
      strings: { a: "", ["k".repeat(60)]: "" },
      flags: ["f"],
    },
  }],
];

const returned = (r: CallbackResult | undefined) => r?.ok ? r.returned : `ERROR ${r?.error}`;

// Callbacks per batch: a run this long is filled by fillers (MIN_FILL in batch_callbacks.lua).
const RUN = 8;

const request = (ctx: EntityContextData, index: number): CallbackRequest => ({
  index,
  seed,
  kind: CallbackKind.PhaseUpdate,
  fn: "show",
  ctx,
});

// A collision request of contexts `a` and `b`, with sides from `rnd`.
const collision = (a: EntityContextData, b: EntityContextData, index: number, side: number) => ({
  index,
  seed,
  kind: CallbackKind.Collision,
  fn: "pair",
  a,
  b,
  sides: { a: side % 16, b: (side >> 4) % 16 },
} as const);

type Request = Parameters<typeof run>[1][number];

// What each request returns run alone, in a state of its own (its context filled by the generated
// Lua).
async function aloneResults(requests: readonly Request[]): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (const r of requests) {
    await withRuntime(GAME, (fresh) => void out.push(returned(run(fresh, [r])[0])));
  }
  return out;
}

// What `items` return made into requests (`make`, given each one's index in its batch) and run in
// one state, in batches of RUN.
function batchResults<T>(
  vm: Parameters<typeof run>[0],
  items: readonly T[],
  make: (item: T, index: number) => Request,
): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (let at = 0; at < items.length; at += RUN) {
    out.push(...run(vm, items.slice(at, at + RUN).map(make)).map(returned));
  }
  return out;
}

for (const [name, layout] of LAYOUTS) {
  Deno.test(`contexts filled after a run's first read their own values: ${name}`, async () => {
    const rnd = numbers(name.length);
    const contexts = Array.from({ length: RUN + RUN }, (_, i) => varied(layout, i + 1, rnd));
    const alone = await aloneResults(contexts.map((ctx) => request(ctx, 0)));
    assert(alone.every((t) => /(^|\n)id=i:/.test(t ?? "")), alone[0]);
    // In one run, all but the first are filled by the filler; the next batch's run binds it at its
    // start.
    await withRuntime(GAME, (vm) => assertEquals(batchResults(vm, contexts, request), alone));
  });
}

// A collision request of `pair`, as the `index`th of its batch.
const pairRequest = (
  pair: { a: EntityContextData; b: EntityContextData; side: number },
  index: number,
) => collision(pair.a, pair.b, index, pair.side);

for (const [nameA, layoutA] of LAYOUTS) {
  const [nameB, layoutB] = LAYOUTS[(LAYOUTS.findIndex(([n]) => n === nameA) + 1) % LAYOUTS.length]!;
  Deno.test(`collision contexts filled after a run's first read their own values: ${nameA} with ${nameB}`, async () => {
    const rnd = numbers(nameA.length * 31 + nameB.length);
    const pairs = Array.from({ length: RUN + RUN }, (_, i) => ({
      a: varied(layoutA, 2 * i + 1, rnd),
      b: varied(layoutB, 2 * i + 2, rnd),
      side: Math.floor(rnd() * 256),
    }));
    const alone = await aloneResults(pairs.map((pair) => pairRequest(pair, 0)));
    assert(alone.every((t) => t?.startsWith("a:\n")), alone[0]);
    await withRuntime(GAME, (vm) => assertEquals(batchResults(vm, pairs, pairRequest), alone));
  });
}

Deno.test("contexts of interleaved layouts, in runs of one, read their own values", async () => {
  // Each layout's pool keeps its tables and, once it has run RUN callbacks, its filler's binding
  // (see run_entities): the later batches' runs of one are filled by the fillers.
  const rnd = numbers(7);
  const contexts = Array.from(
    { length: 4 * RUN },
    (_, i) => varied(LAYOUTS[i % LAYOUTS.length]![1], i + 1, rnd),
  );
  const alone = await aloneResults(contexts.map((ctx) => request(ctx, 0)));
  await withRuntime(GAME, (vm) => assertEquals(batchResults(vm, contexts, request), alone));
});

Deno.test("collision contexts whose side a alternates layouts, in runs of one, read their own values", async () => {
  // Each side's pool per layout keeps its tables and its fillers' bindings (see run_collisions).
  const rnd = numbers(11);
  const pairs = Array.from({ length: 4 * RUN }, (_, i) => ({
    a: varied(LAYOUTS[i % 2]![1], 2 * i + 1, rnd),
    b: varied(LAYOUTS[2]![1], 2 * i + 2, rnd),
    side: Math.floor(rnd() * 256),
  }));
  const alone = await aloneResults(pairs.map((pair) => pairRequest(pair, 0)));
  await withRuntime(GAME, (vm) => assertEquals(batchResults(vm, pairs, pairRequest), alone));
});
