import { assert, assertEquals } from "@std/assert";
import { withApi } from "./_lua_harness.ts";
import { COMPONENTS } from "./decl/components.ts";
import { COMPONENT_NAMES } from "./decl/modules.ts";
import { APPLY_ORDER } from "./types.ts";
import { BUILDERS, COMMAND_SPECS, FUNCTIONS, qualifiedName, RECORD_SPECS } from "./table.ts";

Deno.test("declarations are unique, optional params trail, opcodes fit <I2", () => {
  const names = FUNCTIONS.map(qualifiedName);
  assertEquals(new Set(names).size, names.length);
  assertEquals(new Set(BUILDERS.map((m) => m.name)).size, BUILDERS.length);
  for (const d of [...FUNCTIONS, ...BUILDERS]) {
    const firstOpt = d.params.findIndex((p) => p.optional);
    if (firstOpt >= 0) assert(d.params.slice(firstOpt).every((p) => p.optional), d.name);
    assertEquals(new Set(d.params.map((p) => p.name)).size, d.params.length, d.name);
  }
  assert(COMMAND_SPECS.length < 0xffff && RECORD_SPECS.length < 0xffff);
  assertEquals(COMMAND_SPECS.map((s) => s.op), COMMAND_SPECS.map((_, i) => i + 1));
});

Deno.test("apply order is the frame's category order, then cvar and console", () => {
  const order = "asset spawn clone entity signal group phase audio camera tilemap animation render";
  assertEquals(APPLY_ORDER.join(" "), `${order} cvar console`);
});

Deno.test("ecs.addComponent's choices match the component table", () => {
  assertEquals(COMPONENTS.map((c) => c.name), [...COMPONENT_NAMES]);
});

Deno.test("every example compiles as Lua", async () => {
  await withApi(async (api) => {
    const examples = [...FUNCTIONS, ...BUILDERS].map((d) => d.example);
    const r = await api.run(`
local bad = {}
for _, src in ipairs({${examples.map((e) => JSON.stringify(e)).join(",")}}) do
  local f, e = load(src, "=example")
  if not f then bad[#bad + 1] = e end
end
return table.concat(bad, "\\n")`);
    assertEquals(r.error, undefined);
    assertEquals(r.result, "");
  });
});
