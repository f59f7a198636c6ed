import { assert, assertAlmostEquals } from "@std/assert";
import { EASINGS } from "../gameplay/mod.ts";
import { ease, EASING_FUNCTIONS } from "./easing.ts";

// Known values at t = 0.5 (and a quarter for the in-out curves' first half).
const AT_HALF: Record<string, number> = {
  linear: 0.5,
  quad_in: 0.25,
  quad_out: 0.75,
  cubic_in: 0.125,
  cubic_out: 0.875,
  sine_in: 1 - Math.cos(Math.PI / 4),
  sine_out: Math.sin(Math.PI / 4),
  expo_in: 2 ** -5,
  expo_out: 1 - 2 ** -5,
  back_in: (2.70158 * 0.125) - 1.70158 * 0.25,
  bounce_out: 0.765625,
};

Deno.test("every easing starts at 0 and ends at 1", () => {
  for (const name of EASINGS) {
    assertAlmostEquals(EASING_FUNCTIONS[name](0), 0, 1e-12, name);
    assertAlmostEquals(EASING_FUNCTIONS[name](1), 1, 1e-12, name);
  }
});

Deno.test("easings match their curves at t = 0.5", () => {
  for (const [name, value] of Object.entries(AT_HALF)) {
    assertAlmostEquals(ease(name as keyof typeof EASING_FUNCTIONS, 0.5), value, 1e-12, name);
  }
});

Deno.test("in_out curves are the in curve squeezed into each half, meeting at 0.5", () => {
  for (const base of ["quad", "cubic", "sine", "expo", "back"] as const) {
    const inOut = EASING_FUNCTIONS[`${base}_in_out`];
    assertAlmostEquals(inOut(0.5), 0.5, 1e-12, base);
    assertAlmostEquals(inOut(0.25) + inOut(0.75), 1, 1e-12, `${base} is point-symmetric`);
  }
  assertAlmostEquals(EASING_FUNCTIONS.quad_in_out(0.25), 0.125, 1e-12);
});

Deno.test("back curves overshoot, the rest stay in [0, 1]", () => {
  assert(ease("back_in", 0.2) < 0);
  assert(ease("back_out", 0.8) > 1);
  for (const name of EASINGS.filter((n) => !n.startsWith("back"))) {
    for (let i = 0; i <= 100; i++) {
      const v = ease(name, i / 100);
      assert(v >= -1e-12 && v <= 1 + 1e-12, `${name}(${i / 100}) = ${v}`);
    }
  }
});

Deno.test("progress outside [0, 1] is clamped", () => {
  assertAlmostEquals(ease("quad_out", -1), 0, 0);
  assertAlmostEquals(ease("quad_out", 3), 1, 0);
});
