import { assertEquals } from "@std/assert";
import { Console } from "./console.ts";
import { CONSOLE_COMMANDS, consoleSetTarget } from "./console_target.ts";
import { CVarRegistry } from "./registry.ts";

Deno.test("the command words are the console's", () => {
  assertEquals([...CONSOLE_COMMANDS], new Console(new CVarRegistry()).commands);
});

Deno.test("consoleSetTarget names the cvar a line would set, as the console reads it", () => {
  const cases: [string, string | undefined][] = [
    ["set lua_max_instructions 1e9", "lua_max_instructions"],
    ["  set   r_fov   90  ", "r_fov"],
    ['set player_name "Grace Hopper"', "player_name"],
    ["set r_fov", "r_fov"], // a usage error, but still aimed at r_fov
    ["lua_max_memory_mb 2048", "lua_max_memory_mb"],
    ["lua_max_memory_mb\t2048", "lua_max_memory_mb"],
    ["lua_max_memory_mb", undefined], // shows it
    ["get lua_max_memory_mb", undefined],
    ["help set", undefined],
    ["list lua", undefined],
    ['exec cvar.set("r_fov", 90)', undefined],
    ["set", undefined],
    ["", undefined],
  ];
  for (const [line, name] of cases) assertEquals(consoleSetTarget(line), name, line);
});

Deno.test("consoleSetTarget agrees with what the console really sets", async () => {
  for (const line of ["set r_fov 90", "r_fov 91", "  r_fov\t92 ", "set  r_fov  '93'"]) {
    const reg = new CVarRegistry();
    reg.define({ name: "r_fov", type: "int", default: 75 });
    await new Console(reg).execute(line);
    assertEquals(reg.takePendingChanges().map((c) => c.name), [consoleSetTarget(line)], line);
  }
});
