/**
 * A bench world run through the whole engine: its game folder is written to
 * a temporary directory, loaded with `Engine.load`, and each frame is one
 * `engine.step({ render: false })`.
 *
 * @module
 */
import { Engine } from "../src/engine/engine.ts";
import type { FrameSide } from "./_side.ts";
import { type World, worldLabel, writeGame } from "./_worlds.ts";

/** An engine side, with its engine for figures beyond frame times. */
export interface EngineSide extends FrameSide {
  /** The running engine. */
  readonly engine: Engine;
}

/**
 * Load `world` as a game with `workers` Lua workers; `profile` runs it with
 * the profiler on.
 *
 * @example
 * ```ts ignore
 * import { engineSide } from "./_engine_side.ts";
 * const side = await engineSide({ kind: "swarm", entities: 2000, callback: "go_update" }, 1);
 * console.log(await side.frame(), "ms");
 * await side.close();
 * ```
 */
export async function engineSide(
  world: World,
  workers: number,
  options: { profile?: boolean } = {},
): Promise<EngineSide> {
  const dir = await writeGame(world);
  let engine: Engine;
  try {
    engine = await Engine.load({ gameDir: dir, workers, profile: options.profile });
  } catch (e) {
    await Deno.remove(dir, { recursive: true });
    throw e;
  }
  const label = `engine ${worldLabel(world)}, ${workers} worker(s)${
    options.profile ? ", profiled" : ""
  }`;
  return {
    label,
    engine,
    async frame() {
      const t0 = performance.now();
      await engine.step({ render: false });
      return performance.now() - t0;
    },
    checksum() {
      const dump = engine.dump();
      if (dump.errors.length > 0) {
        throw new Error(
          `${label}: ${dump.errors.length} errors, first: ${dump.errors[0]?.message}`,
        );
      }
      let sum = 0;
      for (const e of dump.entities) {
        sum += (e.signals.integers.count ?? 0) + (e.signals.integers.hits ?? 0);
      }
      return Promise.resolve(sum);
    },
    async close() {
      engine.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
