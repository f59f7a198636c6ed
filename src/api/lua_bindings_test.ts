import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { withApi } from "./_lua_harness.ts";
import { sampleArgs } from "./_samples.ts";
import { decodeCommands } from "./codec.ts";
import { COMMAND_SPECS, RECORD_SPECS } from "./table.ts";

const CALLER = (spec: (typeof COMMAND_SPECS)[number]) =>
  spec.decl.module === "engine" ? `engine.${spec.luaName}` : spec.luaName;

Deno.test("every command round trips from Lua to decoded args (with and without optionals)", async () => {
  await withApi(async (api) => {
    let checked = 0;
    for (const spec of COMMAND_SPECS) {
      if (spec.decl.kind !== "command") continue;
      for (const full of [true, false]) {
        const { lua, ts } = sampleArgs(spec.decl.params, full, spec.name);
        const r = await api.run(`${CALLER(spec)}(${lua.join(", ")})`);
        assertEquals(r.error, undefined, spec.luaName);
        assertEquals(decodeCommands(r.bytes), [{
          op: spec.op,
          name: spec.name,
          category: spec.decl.category,
          collision: spec.collision,
          args: ts,
        }], `${spec.luaName} full=${full}`);
        checked++;
      }
    }
    assert(checked > 200, `only ${checked} round trips`);
  });
});

Deno.test("every builder method round trips inside spawn, clone and their collision twins", async () => {
  await withApi(async (api) => {
    const calls = RECORD_SPECS.map((r) => {
      const { lua } = sampleArgs(r.decl.params, true, r.decl.name);
      return `:${r.decl.name}(${lua.join(", ")})`;
    }).join("\n  ");
    const records = RECORD_SPECS.map((r) => ({
      method: r.decl.name,
      args: sampleArgs(r.decl.params, true, r.decl.name).ts,
    }));
    const r = await api.run(`
local a = engine.spawn()
  ${calls}
  :build()
local b = engine.collision_clone("tpl")${calls.replaceAll("\n  ", "")}:build()
local c = engine.clone("tpl2"):build()
local d = engine.collision_spawn():with_group("g"):build()
engine.entity_set_velocity(a, 1, 2)
return a .. "," .. b .. "," .. c .. "," .. d`);
    assertEquals(r.error, undefined);
    assertEquals(r.result, "-1,-2,-3,-4");
    const cmds = decodeCommands(r.bytes);
    assertEquals(cmds.map((c) => [c.name, c.collision]), [
      ["spawn", false],
      ["clone", true],
      ["clone", false],
      ["spawn", true],
      ["entity_set_velocity", false],
    ]);
    assertEquals(cmds[0]!.args, { provisionalId: -1, records });
    assertEquals(cmds[1]!.args, { provisionalId: -2, sourceKey: "tpl", records });
    assertEquals(cmds[2]!.args, { provisionalId: -3, sourceKey: "tpl2", records: [] });
    assertEquals(cmds[3]!.args, {
      provisionalId: -4,
      records: [{ method: "with_group", args: { name: "g" } }],
    });
    assertEquals(cmds[4]!.args, { id: -1, vx: 1, vy: 2 });
  });
});

Deno.test("build emits nothing until called, and a builder can be changed and built again", async () => {
  await withApi(async (api) => {
    let r = await api.run(`local b = engine.spawn():with_position(1, 2)`);
    assertEquals(r.bytes.length, 0);
    r = await api.run(
      `local b = engine.spawn():with_group("brick")\nfor i = 1, 2 do b:with_position(i, 0):build() end`,
    );
    assertEquals(r.error, undefined);
    const group = { method: "with_group", args: { name: "brick" } };
    const at = (x: number) => ({ method: "with_position", args: { x, y: 0 } });
    assertEquals(decodeCommands(r.bytes).map((c) => c.args), [
      { provisionalId: -1, records: [group, at(1)] },
      { provisionalId: -2, records: [group, at(1), at(2)] },
    ]);
    r = await api.run(`engine.spawn().with_position(1, 2)`);
    assertEquals(
      r.error,
      "main.lua:1: with_position: call it as a method on a builder (builder:with_position(...))",
    );
  });
});

Deno.test("builders keep their state private", async () => {
  await withApi(async (api) => {
    const r = await api.run(`
local b = engine.spawn()
b.n = 99; b[1] = "junk"
assert(getmetatable(b) == false)
b:with_position(1, 2):build()`);
    assertEquals(r.error, undefined);
    assertEquals(decodeCommands(r.bytes)[0]!.args, {
      provisionalId: -1,
      records: [{ method: "with_position", args: { x: 1, y: 2 } }],
    });
  });
});

Deno.test("reads see the snapshot; missing keys give nil", async () => {
  await withApi(async (api) => {
    const cases: [string, string | undefined][] = [
      ['engine.get_scalar("speed")', "2.5"],
      ['engine.get_scalar("nope")', undefined],
      ['engine.get_integer("score")', "7"],
      ['engine.get_string("scene")', "menu"],
      ['engine.has_flag("paused")', "true"],
      ['engine.has_flag("nope")', "false"],
      ['engine.get_group_count("brick")', "3"],
      ['engine.get_group_count("ghost")', undefined],
      ['engine.has_tracked_group("brick")', "true"],
      ['engine.has_tracked_group("ghost")', "false"],
      ['engine.get_entity("player")', "4"],
      ['cvar.get("r_fov")', "90"],
      ['cvar.get("nope")', undefined],
      ['input.isKeyPressed("left")', "true"],
      ['input.isKeyPressed("right")', "false"],
      ['input.isKeyPressed("space")', "true"],
      ['input.isKeyPressed("z")', "false"],
      [
        'select("#", input.getMousePos()) .. ":" .. table.concat({input.getMousePos()}, ",")',
        "2:12,34",
      ],
      ['ecs.getComponent(4, "Transform").y', "2"],
      ['ecs.getComponent(5, "Transform")', undefined],
    ];
    for (const [expr, want] of cases) {
      const r = await api.run(`return ${expr}`);
      assertEquals(r.error, undefined, expr);
      assertEquals(r.result, want, expr);
      assertEquals(r.bytes.length, 0, expr);
    }
  });
});

Deno.test("reads survive an empty snapshot", async () => {
  await withApi(async (api) => {
    const r = await api.run(`
assert(engine.get_scalar("a") == nil and engine.has_flag("a") == false)
assert(engine.get_group_count("g") == nil and engine.has_tracked_group("g") == false)
assert(cvar.get("x") == nil and input.isKeyPressed("up") == false)
local x, y = input.getMousePos(); assert(x == nil and y == nil)
assert(ecs.getComponent(1, "Transform") == nil)`);
    assertEquals(r.error, undefined);
  }, "{}");
});

Deno.test("logs go through rt.log with their level", async () => {
  await withApi(async (api) => {
    const r = await api.run(
      `engine.log("a"); engine.log_info("b"); engine.log_warn("c"); engine.log_error("d"); console.log("debug", "e")`,
    );
    assertEquals(r.error, undefined);
    assertEquals(r.logs, [["info", "a"], ["info", "b"], ["warn", "c"], ["error", "d"], [
      "debug",
      "e",
    ]]);
    assertEquals(r.bytes.length, 0);
  });
});

Deno.test("the collision twins of world-signal commands hand the runtime their writes", async () => {
  await withApi(async (api) => {
    const r = await api.run(
      `engine.collision_set_integer("score", 3.0); engine.collision_set_scalar("heat", 2)
       engine.collision_set_string("last", "x"); engine.collision_set_flag("odd")
       engine.collision_clear_flag("odd"); engine.collision_clear_integer("lives")
       engine.collision_clear_scalar("heat"); engine.collision_clear_string("last")
       engine.set_integer("score", 4); engine.set_flag("odd")`,
    );
    assertEquals(r.error, undefined);
    assertEquals(r.logs.map(([, text]) => text), [
      "integers score 3.0",
      "scalars heat 2",
      "strings last x",
      "flags odd true",
      "flags odd nil",
      "integers lives nil",
      "scalars heat nil",
      "strings last nil",
    ]);
  });
});

Deno.test("assets loaded earlier in the same callback validate later uses", async () => {
  await withApi(async (api) => {
    let r = await api.run(`
engine.load_texture("fresh", "a.png")
engine.register_animation("spin", "fresh", 0, 0, 8, 0, 4, 10, true)
engine.spawn():with_sprite("fresh", 8, 8, 4, 4):with_animation("spin"):build()`);
    assertEquals(r.error, undefined);
    assertEquals(decodeCommands(r.bytes).map((c) => c.name), [
      "load_texture",
      "register_animation",
      "spawn",
    ]);
    // a new callback does not see them (local_assets is per callback)
    r = await api.run(`engine.spawn():with_sprite("fresh", 8, 8, 4, 4):build()`);
    assertStringIncludes(r.error ?? "", 'must be a loaded texture key, got "fresh"');
  });
});

Deno.test("ecs.createEntity and ecs.addComponent map onto spawn and entity commands", async () => {
  await withApi(async (api) => {
    const r = await api.run(`
local id = ecs.createEntity()
ecs.addComponent(id, "Transform", { x = 1, y = 2, z = 3 })
ecs.addComponent(id, "Transform", { x = 1, y = 2, sx = 2, sy = 3, rotation = 90 })
ecs.addComponent(id, "Velocity", { x = 5, y = 6 })
ecs.addComponent(id, "Tint", { r = 1, g = 2, b = 3, a = 4 })
ecs.addComponent(id, "Frozen", {})
return id`);
    assertEquals(r.error, undefined);
    assertEquals(r.result, "-1");
    const cmds = decodeCommands(r.bytes).map((c) => [c.name, c.args]);
    assertEquals(cmds, [
      ["spawn", { provisionalId: -1, records: [] }],
      ["entity_set_position", { id: -1, x: 1, y: 2 }],
      ["entity_set_position", { id: -1, x: 1, y: 2 }],
      ["entity_set_rotation", { id: -1, degrees: 90 }],
      ["entity_set_scale", { id: -1, sx: 2, sy: 3 }],
      ["entity_set_velocity", { id: -1, vx: 5, vy: 6 }],
      ["entity_set_tint", { id: -1, r: 1, g: 2, b: 3, a: 4 }],
      ["entity_freeze", { id: -1 }],
    ]);
  });
});

Deno.test("cvar.set coerces console-style strings and checks range, type and choices", async () => {
  await withApi(async (api) => {
    const r = await api.run(`
cvar.set("r_fov", "100"); cvar.set("r_gamma", 2); cvar.set("r_vsync", "false"); cvar.set("r_mode", "pretty")
assert(cvar.get("g_lives") == nil)
cvar.define("g_lives", { type = "int", default = 3, min = 1, max = 9 })
assert(cvar.get("g_lives") == 3, "a CVar defined in this callback reads as its default")
cvar.set("g_lives", 5)
cvar.set("r_vsync", " On ")
assert(not pcall(cvar.set, "r_fov", "0x64"), "hex is not console text")
assert(not pcall(cvar.set, "lua_max_instructions", 1e8), "a safety limit is refused")
assert(cvar.get("lua_max_instructions") == 10000000, "and reads as the value in force")
console.execute("get lua_max_instructions"); console.execute("lua_max_instructions")
console.execute("help lua_max_instructions"); console.execute("set r_fov 100")`);
    assertEquals(r.error, undefined);
    assertEquals(
      decodeCommands(r.bytes).filter((c) => c.name === "cvar.set").map((c) => c.args),
      [
        { name: "r_fov", value: 100 },
        { name: "r_gamma", value: 2 },
        { name: "r_vsync", value: false },
        { name: "r_mode", value: "pretty" },
        { name: "g_lives", value: 5 },
        { name: "r_vsync", value: true },
      ],
    );
    // Lines that only read a safety limit are queued like any other.
    assertEquals(
      decodeCommands(r.bytes).filter((c) => c.name === "console.execute").map((c) => c.args.cmd),
      [
        "get lua_max_instructions",
        "lua_max_instructions",
        "help lua_max_instructions",
        "set r_fov 100",
      ],
    );
  });
});
