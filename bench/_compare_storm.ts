/**
 * The collision storm section of `compare.ts`: 300 and 1,000 overlapping
 * pairs met every frame through a Lua collision rule, the engine with 1
 * worker against the native reference and the wasm floor, in interleaved
 * rounds. Per-callback time is taken within each round: the engine's frame
 * with the rule minus the same world without it, over the pairs (so it
 * includes the engine's TypeScript detection of each pair); the reference's
 * frame minus the same frame that finds the pairs but calls nothing (its
 * Lua grid broad phase is left out: the least it needs for the callbacks).
 *
 * @module
 */
import { type CompareContext, FRAME_BUDGET_MS } from "./_compare_context.ts";
import { frameRow } from "./_compare_swarm.ts";
import { engineSide } from "./_engine_side.ts";
import { median } from "./_shared.ts";
import { medianRatio, perRound, runRounds, type SideRounds } from "./_rounds.ts";
import { type FrameSide, warmAndVerify } from "./_side.ts";
import { checksumPerFrame, type StormMode, type World } from "./_worlds.ts";

/**
 * The storm rows: pair counts and rule callbacks. `scored` also adds each hit
 * to a world score, as games keep theirs: every callback then changes the
 * snapshot the next one reads. `components` reads b's velocity with
 * `ecs.getComponent`, as games that look entities up do: the engine then
 * carries every entity's components.
 */
const STORMS = [
  { pairs: 300, mode: "rule" },
  { pairs: 1_000, mode: "rule" },
  { pairs: 1_000, mode: "scored" },
  { pairs: 1_000, mode: "components" },
] as const;

/**
 * Run the storm section into `ctx.report`.
 *
 * @example
 * ```ts ignore
 * await stormSection(ctx);
 * ```
 */
export async function stormSection(ctx: CompareContext): Promise<void> {
  const { report, effort } = ctx;
  for (const { pairs, mode: rule } of STORMS) {
    const world = (mode: StormMode): World => ({ kind: "storm", pairs, mode });
    const sides: FrameSide[] = [];
    try {
      sides.push(await engineSide(world(rule), 1), await engineSide(world("none"), 1));
      sides.push(await ctx.native.world(world(rule)), await ctx.native.world(world("detect")));
      sides.push(ctx.floor.world(world(rule)), ctx.floor.world(world("detect")));
      const modes = [rule, "none", rule, "detect", rule, "detect"] as const;
      for (const [i, side] of sides.entries()) {
        const perFrame = checksumPerFrame(world(modes[i]!));
        await warmAndVerify(side, i < 2 ? effort.warmFrames : 5, perFrame);
      }
      const [eRule, eNone, nRule, nDetect, fRule, fDetect] = await runRounds(sides, {
        rounds: effort.rounds,
        frames: effort.frames,
        split: [true, true],
      }) as [SideRounds, SideRounds, SideRounds, SideRounds, SideRounds, SideRounds];
      const callbackUs = (rule: SideRounds, base: SideRounds) => (r: number) =>
        ((rule.ms[r] ?? NaN) - (base.ms[r] ?? NaN)) / pairs * 1000;
      const eUs = callbackUs(eRule, eNone), nUs = callbackUs(nRule, nDetect);
      const fUs = callbackUs(fRule, fDetect);
      const at = `storm ${pairs.toLocaleString("en-US")} pairs${
        rule === "rule" ? "" : `, ${rule}`
      }`;
      report.row(frameRow(`${at}: engine frame with the rule, 1 worker`, eRule));
      report.row({
        measure: `${at}: engine frame, same world without the rule`,
        value: median(eNone.ms),
        unit: "ms",
      });
      report.row({
        measure: `${at}: native reference frame (lua5.4)`,
        value: median(nRule.ms),
        unit: "ms",
        note:
          `physics, a uniform-grid broad phase in Lua (${
            median(nDetect.ms).toFixed(2)
          } ms of it without callbacks), then per pair: fill the pooled ctx.a/ctx.b, call the ` +
          "rule's callback, apply its commands at once; " +
          "no sandbox, budget, seeded random or encoding",
      });
      report.row({
        measure: `${at}: wasm floor frame`,
        value: median(fRule.ms),
        unit: "ms",
        note: `the reference in one plain in-thread Lua state (${
          median(fDetect.ms).toFixed(2)
        } ms without callbacks)`,
      });
      report.row({
        measure: `${at}: engine per callback`,
        value: perRound(effort.rounds, eUs),
        unit: "us",
        note: "(frame with rule - frame without) / pairs, per round; includes the " +
          "TypeScript detection of the pair and the sync round trip to the worker",
      });
      report.row({
        measure: `${at}: native per callback`,
        value: perRound(effort.rounds, nUs),
        unit: "us",
        note: "(frame with callbacks - frame that only finds the pairs) / pairs, per round",
      });
      report.row({
        measure: `${at}: wasm floor per callback`,
        value: perRound(effort.rounds, fUs),
        unit: "us",
      });
      const ratio = perRound(effort.rounds, (r) => eUs(r) / nUs(r));
      // The targets are the plain storm's; the scored and components ones show common patterns.
      const targeted = rule === "rule";
      report.row({
        measure: `${at}: engine / native per callback`,
        value: ratio,
        unit: "x",
        ...(targeted ? { target: "<= 6x", met: ratio <= 6 } : {}),
        note: `wasm floor / native per callback: ${
          perRound(effort.rounds, (r) => fUs(r) / nUs(r)).toFixed(2)
        }x`,
      });
      report.row({
        measure: `${at}: engine frame / native frame`,
        value: medianRatio(eRule.ms, nRule.ms),
        unit: "x",
      });
      if (pairs === 1_000 && targeted) {
        const ms = perRound(effort.rounds, (r) => eUs(r) * pairs / 1000);
        report.row({
          measure: `${at}: 1,000 callbacks in a frame (engine, with rule - without)`,
          value: ms,
          unit: "ms",
          target: "<= 8 ms",
          met: ms <= 8,
          note: `${(ms / FRAME_BUDGET_MS * 100).toFixed(0)}% of a 60 fps frame`,
        });
      }
    } finally {
      for (const side of sides) await side.close();
    }
  }
}
