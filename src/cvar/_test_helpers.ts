// Fixtures shared by the cvar tests.
import type { CVarDefinition } from "./types.ts";

/** An int cvar with a range and a description, as most tests define it. */
export const FOV = {
  name: "r_fov",
  type: "int",
  default: 75,
  min: 45,
  max: 120,
  description: "Field of view",
} as const satisfies CVarDefinition;
