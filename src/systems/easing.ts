/**
 * Easing curves for tweens, one table entry per name of
 * {@linkcode EASINGS}: each maps progress `t` in [0, 1] to eased progress,
 * with `f(0) = 0` and `f(1) = 1` (back curves overshoot in between).
 *
 * @module
 */
import type { Easing } from "../gameplay/mod.ts";

/** Overshoot of the back curves (Penner's constant, about 10%). */
const BACK = 1.70158;
const BACK_IN_OUT = BACK * 1.525;

function bounceOut(t: number): number {
  const n = 7.5625;
  const d = 2.75;
  if (t < 1 / d) return n * t * t;
  if (t < 2 / d) return n * (t -= 1.5 / d) * t + 0.75;
  if (t < 2.5 / d) return n * (t -= 2.25 / d) * t + 0.9375;
  return n * (t -= 2.625 / d) * t + 0.984375;
}

/** `in_out` from an `in` curve: the in curve on the first half, mirrored on the second. */
function inOut(easeIn: (t: number) => number): (t: number) => number {
  return (t) => t < 0.5 ? easeIn(2 * t) / 2 : 1 - easeIn(2 - 2 * t) / 2;
}

/** `out` from an `in` curve. */
function out(easeIn: (t: number) => number): (t: number) => number {
  return (t) => 1 - easeIn(1 - t);
}

const quadIn = (t: number) => t * t;
const cubicIn = (t: number) => t * t * t;
const sineIn = (t: number) => 1 - Math.cos((t * Math.PI) / 2);
// Exactly 0 at t = 0 (2^-10 would leave a visible step).
const expoIn = (t: number) => t === 0 ? 0 : Math.pow(2, 10 * t - 10);
const backIn = (t: number) => (BACK + 1) * t * t * t - BACK * t * t;

/**
 * Every easing by name.
 *
 * @example
 * ```ts
 * import { EASING_FUNCTIONS } from "./easing.ts";
 * console.assert(EASING_FUNCTIONS.quad_in(0.5) === 0.25);
 * ```
 */
export const EASING_FUNCTIONS: Readonly<Record<Easing, (t: number) => number>> = Object.freeze({
  linear: (t: number) => t,
  quad_in: quadIn,
  quad_out: out(quadIn),
  quad_in_out: inOut(quadIn),
  cubic_in: cubicIn,
  cubic_out: out(cubicIn),
  cubic_in_out: inOut(cubicIn),
  sine_in: sineIn,
  sine_out: out(sineIn),
  sine_in_out: inOut(sineIn),
  expo_in: expoIn,
  expo_out: out(expoIn),
  expo_in_out: inOut(expoIn),
  back_in: backIn,
  back_out: out(backIn),
  // The in-out back curve uses the larger overshoot of Penner's original.
  back_in_out: inOut((t) => (BACK_IN_OUT + 1) * t * t * t - BACK_IN_OUT * t * t),
  bounce_out: bounceOut,
});

/**
 * Eased progress of `t` (clamped to [0, 1]) under `easing`.
 *
 * @example
 * ```ts
 * import { ease } from "./easing.ts";
 * console.assert(ease("linear", 2) === 1 && ease("bounce_out", 1) === 1);
 * ```
 */
export function ease(easing: Easing, t: number): number {
  const clamped = t <= 0 ? 0 : t >= 1 ? 1 : t;
  return EASING_FUNCTIONS[easing](clamped);
}
