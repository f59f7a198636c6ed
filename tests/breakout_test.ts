/** The breakout example replayed from its input log. */
import { assert, assertEquals } from "@std/assert";
import { Engine } from "../src/engine/engine.ts";
import { readInputLog } from "../src/input/input_log.ts";
import type { DumpState } from "../src/cli/dump_state.ts";

const GAME = new URL("../examples/breakout", import.meta.url).pathname;

async function replay(workers: number): Promise<DumpState> {
  const inputLog = await readInputLog(`${GAME}/input.json`);
  const engine = await Engine.load({ gameDir: GAME, workers, seed: 3, inputLog });
  try {
    while (engine.frame < 600) await engine.step();
    return engine.dump();
  } finally {
    engine.close();
  }
}

Deno.test("breakout replays identically with 1 and 4 workers, and plays", async () => {
  const one = await replay(1);
  const four = await replay(4);
  assertEquals(four.hash, one.hash);
  assertEquals(one.errors, []);
  assertEquals(one.scene, "level");
  // Bricks were hit and scored, sounds were played, and the console changed the ball speed CVar.
  assert((one.signals.integers.score ?? 0) > 0);
  assert(one.group_counts.brick !== undefined && one.group_counts.brick < 40);
  assert(one.audio.some((a) => a.id === "hit"));
  assert(one.log.some((l) => l.message === "console: ball_speed = 520.0"));
});
