/**
 * The per-entity cost table of `compare.ts`: the swarm callback built up one
 * step at a time (no phase, empty callback, + signal read, + math.random,
 * + entity_set_velocity, + entity_signal_set_integer), 10,000 entities, the
 * engine with 1 worker beside the wasm floor and the native reference. Each
 * row is the marginal cost of its step in us per entity per frame, taken
 * within a round (variant minus the one before) and then the median over
 * rounds. The engine's main-thread and worker columns are CPU time read from
 * `/proc/self/task` around each side's frames.
 *
 * @module
 */
import type { CompareContext } from "./_compare_context.ts";
import { engineSide } from "./_engine_side.ts";
import { perRound, runRounds, type SideRounds } from "./_rounds.ts";
import { type FrameSide, warmAndVerify } from "./_side.ts";
import { checksumPerFrame, SWARM_CALLBACKS, type World } from "./_worlds.ts";

/** Entities of the cost table's worlds. */
const COST_ENTITIES = 10_000;

const STEPS: Readonly<Record<typeof SWARM_CALLBACKS[number], string>> = {
  none: "no phase: whole frame / entity (physics, snapshot, apply; no callback)",
  go_empty: "+ empty phase callback (go_empty)",
  go_read: "+ ctx.signals.integers.count read (go_read)",
  go_random: "+ math.random() (go_random)",
  go_velocity: "+ engine.entity_set_velocity with cos/sin (go_velocity)",
  go_update: "+ engine.entity_signal_set_integer (go_update, the swarm callback)",
};

/**
 * Run the cost table into `ctx.report`.
 *
 * @example
 * ```ts ignore
 * await costSection(ctx);
 * ```
 */
export async function costSection(ctx: CompareContext): Promise<void> {
  const { report, effort } = ctx;
  const n = COST_ENTITIES;
  const sides: FrameSide[] = [];
  try {
    for (const callback of SWARM_CALLBACKS) {
      const world: World = { kind: "swarm", entities: n, callback };
      const engine = await engineSide(world, 1);
      sides.push(engine, ctx.floor.world(world), await ctx.native.world(world));
      await warmAndVerify(engine, effort.warmFrames, checksumPerFrame(world));
      await warmAndVerify(sides[sides.length - 2]!, 2, checksumPerFrame(world));
      await warmAndVerify(sides[sides.length - 1]!, 2, checksumPerFrame(world));
    }
    const frames = Math.max(2, effort.frames >> 1);
    const out = await runRounds(sides, {
      rounds: effort.rounds,
      frames,
      split: sides.map((_, i) => i % 3 === 0),
    });
    const at = (v: number, side: 0 | 1 | 2) => out[v * 3 + side]!;
    const us = (v: number, side: 0 | 1 | 2, pick: (s: SideRounds) => number[]) =>
      perRound(effort.rounds, (r) => {
        const here = pick(at(v, side))[r] ?? NaN;
        const before = v === 0 ? 0 : pick(at(v - 1, side))[r] ?? NaN;
        return (here - before) / n * 1000;
      });
    report.costTitle =
      `Per-entity cost, ${n.toLocaleString("en-US")} entities, 1 worker: marginal us per ` +
      `entity per frame (first row: the whole frame / entity with no callback; median of ` +
      `per-round differences; ${effort.rounds} rounds x ${frames} frames)`;
    SWARM_CALLBACKS.forEach((callback, v) => {
      report.cost({
        step: STEPS[callback],
        engineUs: us(v, 0, (s) => s.ms),
        mainUs: us(v, 0, (s) => s.mainMs),
        workerUs: us(v, 0, (s) => s.workerMs),
        floorUs: us(v, 1, (s) => s.ms),
        nativeUs: us(v, 2, (s) => s.ms),
      });
    });
    const last = SWARM_CALLBACKS.length - 1;
    const whole = (side: 0 | 1 | 2, pick: (s: SideRounds) => number[]) =>
      perRound(effort.rounds, (r) => {
        const a = pick(at(last, side))[r] ?? NaN, b = pick(at(0, side))[r] ?? NaN;
        return (a - b) / n * 1000;
      });
    report.cost({
      step: "whole swarm callback (go_update - no phase)",
      engineUs: whole(0, (s) => s.ms),
      mainUs: whole(0, (s) => s.mainMs),
      workerUs: whole(0, (s) => s.workerMs),
      floorUs: whole(1, (s) => s.ms),
      nativeUs: whole(2, (s) => s.ms),
    });
  } finally {
    for (const side of sides) await side.close();
  }
}
