import { assertEquals, assertThrows } from "@std/assert";
import { checkDefinition } from "./definition.ts";
import { CVarDefinitionError } from "./errors.ts";
import type { CVarDefinition } from "./types.ts";
import { FOV } from "./_test_helpers.ts";

function refused(def: unknown, message: string): void {
  const err = assertThrows(() => checkDefinition(def as CVarDefinition), CVarDefinitionError);
  assertEquals(err.message, message);
}

Deno.test("a valid definition becomes a frozen spec with canonical flag order", () => {
  const fov = { ...FOV, type: "float" } as const;
  const spec = checkDefinition({ ...fov, flags: ["saved", "cheat", "saved"] });
  assertEquals(spec, { ...fov, flags: ["cheat", "saved"] });
  assertEquals(Object.isFrozen(spec), true);
  assertEquals(checkDefinition({ name: "a", type: "bool", default: false }).description, "");
});

Deno.test("names must match ^[a-z][a-z0-9_]*$", () => {
  const rule =
    "use lower-case letters, digits and underscores, starting with a letter, at most 64 characters";
  refused({ name: "R_fov", type: "bool", default: true }, `Invalid cvar name "R_fov": ${rule}`);
  refused({ name: "1x", type: "bool", default: true }, `Invalid cvar name "1x": ${rule}`);
  refused({ name: "a-b", type: "bool", default: true }, `Invalid cvar name "a-b": ${rule}`);
  refused({ name: "", type: "bool", default: true }, `Invalid cvar name "": ${rule}`);
  refused(
    { name: "a".repeat(65), type: "bool", default: true },
    `Invalid cvar name "${"a".repeat(65)}": ${rule}`,
  );
  refused({ name: 3, type: "bool", default: true }, "A cvar name must be a string, got 3");
  refused(null, "A cvar definition must be an object");
});

Deno.test("type, description and flags are checked", () => {
  refused(
    { name: "x", type: "double", default: 1 },
    'CVar "x": unknown type "double" (use bool, int, float or string)',
  );
  refused(
    { name: "x", type: "int", default: 1, description: 5 },
    'CVar "x": description must be a string',
  );
  refused({ name: "x", type: "int", default: 1, flags: "saved" }, 'CVar "x": flags must be a list');
  refused(
    { name: "x", type: "int", default: 1, flags: ["hidden"] },
    'CVar "x": unknown flag "hidden" (use read_only, cheat, saved, engine, restart, protected)',
  );
  refused(
    { name: "x", type: "int", default: 1, flags: ["read_only", "saved"] },
    'CVar "x": a read_only cvar cannot be saved',
  );
  refused(
    { name: "x", type: "int", default: 1, flags: ["protected", "saved"] },
    'CVar "x": a protected cvar cannot be saved',
  );
});

Deno.test("ranges: numeric only, typed, ordered, and containing the default", () => {
  refused(
    { name: "x", type: "bool", default: true, min: 0 },
    'CVar "x": min and max apply only to int and float cvars',
  );
  refused({ name: "x", type: "int", default: 1, min: 0.5 }, 'CVar "x": min 0.5 is not an integer');
  refused({ name: "x", type: "float", default: 1, max: "9" }, 'CVar "x": max "9" is not a number');
  refused(
    { name: "x", type: "int", default: 5, min: 10, max: 5 },
    'CVar "x": min 10 is greater than max 5',
  );
  refused(
    { name: "x", type: "float", default: 5, min: 10, max: 5 },
    'CVar "x": min 10.0 is greater than max 5.0',
  );
  refused(
    { name: "r_fov", type: "int", default: 200, min: 45, max: 120 },
    'CVar "r_fov": default 200 is above the maximum 120',
  );
  refused(
    { name: "x", type: "int", default: 0, min: 1 },
    'CVar "x": default 0 is below the minimum 1',
  );
});

Deno.test("choices: not for bools, not with ranges, typed, distinct, containing the default", () => {
  refused(
    { name: "x", type: "bool", default: true, choices: [true] },
    'CVar "x": choices apply only to int, float and string cvars',
  );
  refused(
    { name: "x", type: "int", default: 1, min: 0, choices: [1] },
    'CVar "x": use either choices or min/max, not both',
  );
  refused(
    { name: "x", type: "int", default: 1, choices: [] },
    'CVar "x": choices must be a non-empty list',
  );
  refused(
    { name: "x", type: "int", default: 1, choices: [1, "2"] },
    'CVar "x": choice "2" is not a number',
  );
  refused(
    { name: "x", type: "string", default: "a", choices: ["a", "a"] },
    'CVar "x": choice "a" is listed twice',
  );
  refused(
    { name: "x", type: "string", default: "c", choices: ["a", "b"] },
    'CVar "x": default "c" is not one of "a", "b"',
  );
  refused(
    { name: "x", type: "float", default: 3, choices: [1, 2.5] },
    'CVar "x": default 3.0 is not one of 1.0, 2.5',
  );
});

Deno.test("the default must have the CVar's type", () => {
  refused({ name: "x", type: "int", default: "60" }, 'CVar "x": default "60" is not a number');
  refused({ name: "x", type: "bool", default: 1 }, 'CVar "x": default 1 is not a boolean');
  refused(
    { name: "x", type: "string", default: undefined },
    'CVar "x": default undefined is not a string',
  );
});
