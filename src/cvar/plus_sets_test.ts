import { assertEquals, assertThrows } from "@std/assert";
import { applyPlusSets, parsePlusSets, PlusSetError } from "./plus_sets.ts";
import { CVarRegistry } from "./registry.ts";

Deno.test("parsePlusSets takes out every triple and keeps the rest in order", () => {
  assertEquals(
    parsePlusSets(["run", "+set", "r_fov", "90", "game", "+set", "name", "Ada L", "--frames", "5"]),
    {
      sets: [{ name: "r_fov", value: "90" }, { name: "name", value: "Ada L" }],
      rest: ["run", "game", "--frames", "5"],
    },
  );
  assertEquals(parsePlusSets([]), { sets: [], rest: [] });
  // A value may look like a flag or a number with a sign.
  assertEquals(parsePlusSets(["+set", "x", "-1"]).sets, [{ name: "x", value: "-1" }]);
  assertEquals(parsePlusSets(["+set", "x", ""]).sets, [{ name: "x", value: "" }]);
});

Deno.test("arguments after -- are not parsed", () => {
  assertEquals(parsePlusSets(["a", "--", "+set", "x", "1"]), {
    sets: [],
    rest: ["a", "--", "+set", "x", "1"],
  });
});

Deno.test("a +set without a name or value is an error", () => {
  const msg = (args: string[]) => assertThrows(() => parsePlusSets(args), PlusSetError).message;
  const noName = "+set is missing a name: use +set NAME VALUE";
  for (const args of [["+set"], ["+set", "--frames", "3"], ["+set", "+set", "a", "1"]]) {
    assertEquals(msg(args), noName, args.join(" "));
  }
  const noValue = "+set r_fov is missing a value: use +set NAME VALUE";
  for (const next of [[], ["+set", "a", "1"], ["--frames", "3"]]) {
    assertEquals(msg(["+set", "r_fov", ...next]), noValue, next.join(" "));
  }
});

Deno.test("applyPlusSets uses the console's set path and goes on past a rejection", () => {
  const reg = new CVarRegistry();
  reg.define({ name: "r_fov", type: "int", default: 75, min: 45, max: 120 });
  reg.define({ name: "r_show_fps", type: "bool", default: false });
  const { sets } = parsePlusSets([
    "+set",
    "r_fov",
    "200",
    "+set",
    "r_show_fps",
    "on",
    "+set",
    "nope",
    "1",
  ]);
  assertEquals(applyPlusSets(reg, sets), [
    { level: "error", text: "r_fov: 200 is above the maximum 120" },
    { level: "info", text: "r_show_fps = true" },
    { level: "error", text: 'unknown cvar "nope"' },
  ]);
  assertEquals([reg.get("r_fov"), reg.get("r_show_fps")], [75, true]);
});
