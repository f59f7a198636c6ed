/** The breakout example replayed from its input log. */
import { assert, assertEquals } from "@std/assert";
import { Engine } from "../src/engine/engine.ts";
import { readInputLog } from "../src/input/input_log.ts";
import type { DumpState } from "../src/engine/dump_state.ts";

const GAME = new URL("../examples/breakout", import.meta.url).pathname;

async function replay(
  workers: number,
): Promise<{ dump: DumpState; maxSparks: number; firstBricks: number }> {
  const inputLog = await readInputLog(`${GAME}/input.json`);
  const engine = await Engine.load({ gameDir: GAME, workers, seed: 3, inputLog });
  try {
    let maxSparks = 0;
    let firstBricks = 0;
    while (engine.frame < 600) {
      await engine.step();
      const counts = engine.dump().group_counts;
      maxSparks = Math.max(maxSparks, counts.spark ?? 0);
      if (engine.scene === "level" && firstBricks === 0) firstBricks = counts.brick ?? 0;
    }
    return { dump: engine.dump(), maxSparks, firstBricks };
  } finally {
    engine.close();
  }
}

Deno.test("breakout replays identically with 1 and 4 workers, and plays", async () => {
  const first = await replay(1);
  const one = first.dump;
  const four = (await replay(4)).dump;
  assertEquals(four.hash, one.hash);
  // Level 1 comes from levels/1.json (four rows of ten), and breaking bricks bursts sparks.
  assertEquals(first.firstBricks, 40);
  assert(first.maxSparks > 5, `only ${first.maxSparks} sparks at most`);
  // Every spark had a TTL of at most 0.5 s: by the end only the template is left.
  assertEquals(one.group_counts.spark, 1);
  assertEquals(one.errors, []);
  assertEquals(one.scene, "level");
  // Bricks were hit and scored, sounds were played, and the console changed the ball speed CVar.
  assert((one.signals.integers.score ?? 0) > 0);
  assert(one.group_counts.brick !== undefined && one.group_counts.brick < 40);
  assert(one.audio.some((a) => a.id === "hit"));
  assert(one.log.some((l) => l.message === "console: ball_speed = 520.0"));
});
