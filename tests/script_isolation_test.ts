/**
 * End-to-end, through real workers and the real API: what one callback does
 * cannot reach another callback or outlive its owner (large output, writes
 * into the tables a callback is given, collision rules of despawned entities).
 */
import { assertEquals } from "@std/assert";
import { Engine } from "../src/engine/engine.ts";
import type { DumpState } from "../src/engine/dump_state.ts";

const game = (name: string) => new URL(`./games/${name}`, import.meta.url).pathname;

async function play(
  gameDir: string,
  frames: number,
  options: { workers?: number; scene?: string } = {},
): Promise<DumpState> {
  const engine = await Engine.load({
    gameDir,
    workers: options.workers ?? 1,
    seed: 3,
    scene: options.scene,
  });
  try {
    while (engine.frame < frames) await engine.step();
    return engine.dump();
  } finally {
    engine.close();
  }
}

Deno.test("a collision rule ends with its carrier's despawn and with the scene", async () => {
  const d = await play(game("rule_owner"), 20, { scene: "play" });
  assertEquals(d.errors, []);
  assertEquals(d.scene, "after");
  // 20 frames ran; the ball overlapped the wall in every one of them.
  assertEquals(d.signals.integers.frames, 20);
  // "keeper" was despawned by the update of frame 5, before that frame's collisions.
  assertEquals(d.signals.integers.keeper_hits, 4);
  // The scene switch at the end of frame 10 took the other carrier.
  assertEquals(d.signals.integers.scene_hits, 10);
});

Deno.test("callbacks that write into their input and context and fail leave nothing behind, with any worker count", async () => {
  const one = await play(game("shared_tables"), 6, { workers: 1 });
  const three = await play(game("shared_tables"), 6, { workers: 3 });
  const readers = one.entities.filter((e) => e.signals.strings?.seen !== undefined);
  assertEquals(readers.length, 40);
  // No reader saw a forged key press, mouse position or context field.
  assertEquals(
    readers.filter((e) => e.signals.strings?.seen !== "").map((e) => e.signals.strings),
    [],
  );
  // Every writer failed every frame, at the write the runtime refused.
  assertEquals(one.errors.length, 9 * 6);
  assertEquals(one.errors.filter((e) => /read-only/.test(e.message)).length, 9 * 6);
  assertEquals(three.hash, one.hash);
});

Deno.test("a callback's oversized output fails it alone; the rest of its batch is applied", async () => {
  const d = await play(game("big_output"), 3);
  const ticks = d.entities.map((e) => e.signals.integers?.ticks).filter((t) => t !== undefined);
  assertEquals(ticks, Array(10).fill(3));
  assertEquals(d.signals.strings.blob, undefined);
  const firstLines = d.errors.map((e) => `${e.callback} ${e.message.split("\n")[0]}`);
  assertEquals(
    firstLines,
    [1, 2, 3].flatMap(() => [
      "big_string main.lua:20: set_string: output exceeds 4 MB of commands in one callback",
      "big_print main.lua:24: print: output exceeds 1 MB of log text in one callback",
    ]),
  );
});
