// ecs.getComponent's reader (tools/lua_wasm/component_read.c): a component of a components part
// decoded into a read-only copy.
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { CallbackKind, type CallbackResult } from "./batch_types.ts";
import {
  COMPONENT_LAYOUT,
  componentBit,
  ComponentsPart,
  ComponentsWriter,
} from "./components_part.ts";
import { EMPTY_SNAPSHOT, engineBatch } from "./runtime_test_helpers.ts";

// show(id, name): the component as `k=value;...` in pairs order (a value as `i:<integer>`,
// `f:<hex of its double>` or `s:<hex of its bytes>`), "nil" when absent; fill(...): the order
// pairs visits keys filled one by one into a fresh table, as Lua code decoding them would.
const GAME = `
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
local function value(v)
  if math.type(v) == "integer" then return "i:" .. v end
  if type(v) == "number" then return "f:" .. hex(string.pack("<d", v)) end
  return "s:" .. hex(v)
end
function show(id, name)
  local c = ecs.getComponent(id, name)
  if c == nil then return "nil" end
  local out = {}
  for k, v in pairs(c) do out[#out + 1] = k .. "=" .. value(v) end
  return table.concat(out, ";")
end
function fill(...)
  local t = {}
  for _, k in ipairs({ ... }) do t[k] = true end
  local out = {}
  for k in pairs(t) do out[#out + 1] = k end
  return table.concat(out, ",")
end
function attacks(id)
  local c = ecs.getComponent(id, "Velocity")
  local out = {}
  for _, f in ipairs({
    function() c.x = 1 end,
    function() c.fresh = 1 end,
    function() rawset(c, "x", 1) end,
    function() setmetatable(c, nil) end,
    function() table.insert(c, 1) end,
  }) do
    local ok, err = pcall(f)
    out[#out + 1] = tostring(ok) .. " " .. tostring(err)
  end
  out[#out + 1] = tostring(getmetatable(c)) .. " " .. tostring(rawget(c, "x")) .. " " ..
    tostring(next(c) ~= nil) .. " " .. rawlen(c) .. " " .. tostring(c ~= ecs.getComponent(id, "Velocity"))
  return table.concat(out, "\\n")
end
-- Keep n copies (texts and numbers) while making garbage, so that the collector runs between and
-- during the reads; then check every copy still holds what was read.
function hoard(id, n)
  local kept = {}
  for i = 1, n do
    kept[i] = ecs.getComponent(id, i % 2 == 0 and "Animation" or "Transform")
    local junk = {}
    for k = 1, 8 do junk[k] = { tostring(i * k) } end
  end
  for i = 1, n do
    local c = kept[i]
    if i % 2 == 0 and c.key ~= "walk" .. string.rep("!", 40) then return "copy " .. i .. ": " .. tostring(c.key) end
    if i % 2 == 1 and (c.x ~= 1.5 or c.y ~= 2 or c.rotation ~= 0 or c.sx ~= 1) then return "copy " .. i end
  end
  return "ok"
end
`;

// Run `calls` (a global function and its arguments each) as one batch with `part` in the snapshot.
function run(
  part: ComponentsPart,
  calls: readonly (readonly [string, (number | string)[]])[],
): Promise<CallbackResult[]> {
  return engineBatch(
    GAME,
    { ...EMPTY_SNAPSHOT, components: part },
    calls.map(([fn, args], index) => ({ index, seed: [1, 2], kind: CallbackKind.Call, fn, args })),
    10_000_000,
  );
}

function returned(r: CallbackResult | undefined): string {
  if (!r?.ok) throw new Error(`callback failed: ${r?.error}`);
  return r.returned ?? "";
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

// A value as show() writes it: whole numbers within 2^53 as integers (-0 as 0), as the runtime
// gives every number.
function shown(v: number | string): string {
  if (typeof v === "string") return `s:${hex(new TextEncoder().encode(v))}`;
  if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) return `i:${v === 0 ? 0 : v}`;
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, v, true);
  return `f:${hex(new Uint8Array(d.buffer))}`;
}

const NUMBERS = [
  0,
  -0,
  1,
  -7,
  1.5,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
  2 ** 53,
  2 ** 60,
  1e-300,
  1e300,
  NaN,
  Infinity,
  -Infinity,
];
const TEXTS = ["", "walk", "ü日本", "a\0b", "x".repeat(300)];

Deno.test("a read gives each component's fields as the record holds them, in Lua's fill order", async () => {
  let seed = 11;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const names = [...COMPONENT_LAYOUT.map((c) => c.name), "Transform", "Nope", "position"];
  // Per entity: the fields written for each component it has.
  const entities: { id: number; values: Map<string, (number | string)[]> }[] = [];
  const w = new ComponentsWriter();
  for (let i = 0; i < 60; i++) {
    const id = 3 * i + 1, values = new Map<string, (number | string)[]>();
    let mask = 0;
    for (const c of COMPONENT_LAYOUT) if (next(3) > 0) mask |= componentBit(c.name);
    w.entity(id, mask);
    for (const c of COMPONENT_LAYOUT) {
      if ((mask & componentBit(c.name)) === 0) continue;
      const fields = c.fields.map(() =>
        c.text
          ? TEXTS[next(TEXTS.length)]!
          : next(4) === 0
          ? next(1000) / 8
          : NUMBERS[next(NUMBERS.length)]!
      );
      for (const f of fields) typeof f === "string" ? w.text(f) : w.number(f);
      values.set(c.name, fields);
    }
    entities.push({ id, values });
  }
  const calls: [string, (number | string)[]][] = [];
  for (const e of entities) for (const name of names) calls.push(["show", [e.id, name]]);
  for (const c of COMPONENT_LAYOUT) calls.push(["fill", [...c.fields]]);
  const transformKeys = ["rotation", "sx", "sy", "x", "y"];
  calls.push(["fill", transformKeys]);
  const results = await run(w.finish(), calls);
  // The order a fresh table filled in the layout's (sorted) order gives.
  const order = new Map<string, string[]>();
  const tail = results.slice(entities.length * names.length).map(returned);
  COMPONENT_LAYOUT.forEach((c, i) => order.set(c.name, tail[i]!.split(",").filter((k) => k)));
  order.set("Transform", tail[COMPONENT_LAYOUT.length]!.split(","));

  let at = 0;
  for (const { id, values } of entities) {
    for (const name of names) {
      const got = returned(results[at++]);
      let fields: Map<string, number | string> | undefined;
      if (name === "Transform") {
        const pos = values.get("Position"), rot = values.get("Rotation"), sc = values.get("Scale");
        if (pos) {
          fields = new Map<string, number | string>([
            ["rotation", rot?.[0] ?? 0],
            ["sx", sc?.[0] ?? 1],
            ["sy", sc?.[1] ?? 1],
            ["x", pos[0]!],
            ["y", pos[1]!],
          ]);
        }
      } else {
        const c = COMPONENT_LAYOUT.find((c) => c.name === name), v = values.get(name);
        if (c && v) fields = new Map(c.fields.map((f, i) => [f, v[i]!]));
      }
      const want = fields === undefined
        ? "nil"
        : order.get(name)!.map((k) => `${k}=${shown(fields.get(k)!)}`).join(";");
      assertEquals(got, want, `entity ${id}, ${name}`);
    }
  }
});

Deno.test("an entity's record is found by its id among any ids, and no other key finds one", async () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let round = 0; round < 12; round++) {
    const n = round % 5 === 0 ? 1 : next() % 50 + 1;
    const ids = [...new Set(Array.from({ length: n }, () => next() * 2 % 4294967295 + 1))]
      .sort((a, b) => a - b);
    // Each entity's Position names its place in the part.
    const w = new ComponentsWriter();
    ids.forEach((id, k) => (w.entity(id, componentBit("Position")), w.number(k), w.number(0)));
    const part = w.finish();
    const asked = [...ids, ...ids.map((id) => id + 1), 4294967295, 2 ** 40, -3];
    const results = await run(part, asked.map((id) => ["show", [id, "Position"]] as const));
    asked.forEach((id, i) => {
      const k = ids.indexOf(id);
      assertEquals(returned(results[i]), k < 0 ? "nil" : `x=i:${k};y=i:0`, `id ${id} of ${ids}`);
    });
    // A part too short for the ids and positions it counts has no records.
    const short = new ComponentsPart(part.bytes.subarray(0, 4 + 8 * ids.length - 1));
    assertEquals(returned((await run(short, [["show", [ids[0]!, "Position"]]]))[0]), "nil");
  }
});

Deno.test("a read is a fresh read-only table: no write reaches it, every read of it works", async () => {
  const w = new ComponentsWriter();
  w.entity(5, componentBit("Velocity"));
  w.number(3);
  w.number(4);
  const [r] = await run(w.finish(), [["attacks", [5]]]);
  const lines = returned(r).split("\n");
  assertEquals(lines.length, 6);
  for (const line of lines.slice(0, 5)) {
    assert(line.startsWith("false "), line);
    assertStringIncludes(line, "read-only");
  }
  // getmetatable, rawget, next and rawlen read it; each read is a new table.
  assertEquals(lines[5], "read-only 3 true 0 true");
});

Deno.test("copies outlive the collections made while they are read", async () => {
  const w = new ComponentsWriter();
  w.entity(4, componentBit("Position") | componentBit("Animation"));
  w.number(1.5);
  w.number(2);
  w.text("walk" + "!".repeat(40)); // a long string: not interned
  const [r] = await run(w.finish(), [["hoard", [4, 20_000]]]);
  assertEquals(returned(r), "ok");
});

Deno.test("a record cut short is an error naming the part, not a read past it", async () => {
  const w = new ComponentsWriter();
  w.entity(2, componentBit("Position"));
  w.number(1);
  w.number(2);
  w.entity(9, componentBit("Position") | componentBit("Animation"));
  w.number(1);
  w.number(2);
  w.text("walk");
  const whole = w.finish().bytes;
  // The index still lists both records; the last one loses its text's last bytes.
  const cut = new ComponentsPart(whole.subarray(0, whole.length - 3));
  const [ok, anim, transform] = await run(cut, [
    ["show", [2, "Position"]],
    ["show", [9, "Animation"]],
    ["show", [9, "Transform"]],
  ]);
  assertEquals(returned(ok), "x=i:1;y=i:2");
  // Transform steps over every component, so it sees the cut too.
  for (const r of [anim, transform]) {
    assert(r !== undefined && !r.ok);
    assertStringIncludes(r.error, "components part: a record runs past the end of the part");
  }
});
