import { assertEquals } from "@std/assert";
import type { Command } from "../api/mod.ts";
import { MAX_MIRRORED_WRITES } from "../lua/batch_types.ts";
import { commandReach } from "./reach.ts";

const command = (name: string, category: Command["category"], args: object): Command =>
  ({ op: 0, name, category, collision: true, args }) as Command;

Deno.test("commandReach names the entities and world-signal writes of its commands, in order", () => {
  const reach = commandReach([
    command("entity_set_velocity", "entity", { id: 4, vx: 1, vy: 0 }),
    command("play_sound", "audio", { id: "hit" }),
    command("set_integer", "signal", { key: "score", value: -0 }),
    command("set_scalar", "signal", { key: "heat", value: -0 }),
    command("set_string", "signal", { key: "last", value: "élan" }),
    command("set_flag", "signal", { key: "odd" }),
    command("clear_flag", "signal", { key: "odd" }),
    command("clear_integer", "signal", { key: "lives" }),
    command("entity_despawn", "entity", { id: 9 }),
    command("phase_transition", "phase", { id: 5, phase: "hurt" }),
    command("set_camera", "camera", { x: 1, y: 2 }),
    command("spawn", "spawn", { provisionalId: -1, records: [] }),
    command("clone", "clone", { provisionalId: -2, sourceKey: "enemy", records: [] }),
  ]);
  assertEquals(reach?.entities, [4, 9, 5]);
  // An integer is kept with -0 as 0; a scalar as it is.
  assertEquals(reach?.writes, [
    { part: "integers", key: "score", value: 0 },
    { part: "scalars", key: "heat", value: -0 },
    { part: "strings", key: "last", value: "élan" },
    { part: "flags", key: "odd", value: true },
    { part: "flags", key: "odd", value: undefined },
    { part: "integers", key: "lives", value: undefined },
  ]);
  assertEquals(Object.is(reach?.writes[0]?.value, 0), true);
  assertEquals(Object.is(reach?.writes[1]?.value, -0), true);
});

Deno.test("commandReach gives undefined for what may reach anything", () => {
  const cases: Command[] = [
    command("track_group", "group", { group: "a" }),
    command("load_sound", "asset", { id: "boom", path: "boom.wav" }),
    command("cvar.set", "cvar", { name: "x", value: 1 }),
    command("set_entity", "signal", { key: "player", id: 3 }),
    // Text that may have been other bytes in Lua.
    command("set_integer", "signal", { key: "sc\uFFFDre", value: 1 }),
    command("set_string", "signal", { key: "last", value: "\uFFFD" }),
  ];
  for (const c of cases) assertEquals(commandReach([c]), undefined, c.name);
  assertEquals(commandReach([]), { entities: [], writes: [] });
});

Deno.test("commandReach gives undefined past the writes the runtime keeps for later callbacks", () => {
  const writes = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => command("set_integer", "signal", { key: `k${i}`, value: i }),
    );
  assertEquals(commandReach(writes(MAX_MIRRORED_WRITES))?.writes.length, MAX_MIRRORED_WRITES);
  assertEquals(commandReach(writes(MAX_MIRRORED_WRITES + 1)), undefined);
});
