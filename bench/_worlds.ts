/**
 * The bench worlds every side runs, and the engine game folders for them.
 *
 * - **swarm**: `entities` entities, each with a phase whose update callback
 *   is one of {@linkcode SWARM_CALLBACKS} (`go_update` is the workload; the
 *   others are its prefixes, for the per-entity cost table), or no phase.
 * - **storm**: `pairs` overlapping a/b pairs met every frame through the
 *   rule `a`/`b` -> `hit` (`rule`; `scored`: `hit_scored`, which also adds
 *   each hit to a world score; `components`: `hit_components`, which reads
 *   b's velocity with `ecs.getComponent`), the same world without the rule
 *   (`none`), or (native reference and wasm floor only) the pairs found but
 *   no callback called (`detect`).
 *
 * @module
 */
import { luaSource } from "./_lua_sources.ts";

/**
 * Swarm callbacks, each the one before plus one step; "none" spawns no phase.
 *
 * @example
 * ```ts
 * import { SWARM_CALLBACKS } from "./_worlds.ts";
 * console.log(SWARM_CALLBACKS.at(-1)); // "go_update"
 * ```
 */
export const SWARM_CALLBACKS = [
  "none",
  "go_empty",
  "go_read",
  "go_random",
  "go_velocity",
  "go_update",
] as const;

/**
 * A swarm callback variant.
 *
 * @example
 * ```ts
 * import type { SwarmCallback } from "./_worlds.ts";
 * const callback: SwarmCallback = "go_update";
 * ```
 */
export type SwarmCallback = typeof SWARM_CALLBACKS[number];

/**
 * What a storm world runs each frame.
 *
 * @example
 * ```ts
 * import type { StormMode } from "./_worlds.ts";
 * const mode: StormMode = "rule";
 * ```
 */
export type StormMode = "rule" | "scored" | "components" | "detect" | "none";

// The rule callback of each storm mode (the engine game has no detect-only world).
const STORM_CALLBACKS: Readonly<Record<StormMode, string>> = {
  rule: "hit",
  scored: "hit_scored",
  components: "hit_components",
  detect: "hit",
  none: "hit",
};

/**
 * A world to run.
 *
 * @example
 * ```ts
 * import type { World } from "./_worlds.ts";
 * const storm: World = { kind: "storm", pairs: 1000, mode: "rule" };
 * ```
 */
export type World =
  | { kind: "swarm"; entities: number; callback: SwarmCallback }
  | { kind: "storm"; pairs: number; mode: StormMode };

/**
 * How much the world's checksum (sum of the `count` and `hits` integer
 * signals) grows per frame: one per entity for `go_update`, one per pair with
 * the rule (either callback), else nothing.
 *
 * @example
 * ```ts
 * import { checksumPerFrame } from "./_worlds.ts";
 * console.log(checksumPerFrame({ kind: "storm", pairs: 300, mode: "rule" })); // 300
 * ```
 */
export function checksumPerFrame(world: World): number {
  if (world.kind === "swarm") return world.callback === "go_update" ? world.entities : 0;
  return world.mode === "detect" || world.mode === "none" ? 0 : world.pairs;
}

/**
 * A short label for tables and errors.
 *
 * @example
 * ```ts
 * import { worldLabel } from "./_worlds.ts";
 * console.log(worldLabel({ kind: "swarm", entities: 2000, callback: "go_update" }));
 * ```
 */
export function worldLabel(world: World): string {
  return world.kind === "swarm"
    ? `swarm ${world.entities} ${world.callback}`
    : `storm ${world.pairs} ${world.mode}`;
}

/**
 * Write `world` as an engine game folder in a new temporary directory
 * (`main.lua`, the callbacks, the layout and a generated `config.lua`) and
 * return its path; the caller removes it. The engine has no detect-only
 * world, so `detect` is refused.
 *
 * @example
 * ```ts ignore
 * import { writeGame } from "./_worlds.ts";
 * const dir = await writeGame({ kind: "swarm", entities: 2000, callback: "go_update" });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeGame(world: World): Promise<string> {
  if (world.kind === "storm" && world.mode === "detect") {
    throw new Error("the engine has no detect-only storm world");
  }
  const dir = await Deno.makeTempDir({ prefix: "moonglow_bench_game_" });
  const config = world.kind === "swarm"
    ? `return { entities = ${world.entities}, callback = "${world.callback}" }\n`
    : `return { pairs = ${world.pairs}, rule = ${world.mode !== "none"}, callback = "${
      STORM_CALLBACKS[world.mode]
    }" }\n`;
  const main = world.kind === "swarm" ? "swarm_main.lua" : "storm_main.lua";
  const callbacks = world.kind === "swarm" ? "swarm_callbacks.lua" : "storm_callbacks.lua";
  await Deno.writeTextFile(`${dir}/config.lua`, config);
  await Deno.writeTextFile(`${dir}/main.lua`, await luaSource(main));
  await Deno.writeTextFile(`${dir}/${callbacks}`, await luaSource(callbacks));
  await Deno.writeTextFile(`${dir}/layout.lua`, await luaSource("layout.lua"));
  // Only this world's game mentions getComponent: the engine carries components for it alone.
  if (world.kind === "storm" && world.mode === "components") {
    await Deno.writeTextFile(
      `${dir}/storm_components.lua`,
      await luaSource("storm_components.lua"),
    );
  }
  return dir;
}
