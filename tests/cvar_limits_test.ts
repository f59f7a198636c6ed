/**
 * The engine's safety limits against the game that runs under them: game
 * code cannot lift them, what it reads is what is in force, and the
 * console and the command line still set them within their ceilings.
 */
import { assert, assertEquals } from "@std/assert";
import { Engine } from "../src/engine/engine.ts";
import type { EngineOptions } from "../src/engine/engine_options.ts";
import type { DumpState } from "../src/engine/dump_state.ts";

const GAME = new URL("./games/cvar_guard", import.meta.url).pathname;
const WHY = "cannot be changed by the game (an engine safety limit: " +
  "set it from the console or with +set)";
// Well below the spin callback's need, so a lifted budget shows as spins.
const SMALL_BUDGET = { name: "lua_max_instructions", value: "100000" };

async function play(frames: number, options: Partial<EngineOptions> = {}): Promise<DumpState> {
  const engine = await Engine.load({ gameDir: GAME, workers: 1, ...options });
  try {
    while (engine.frame < frames) await engine.step();
    return engine.dump();
  } finally {
    engine.close();
  }
}

/** The dump's log has a line reading exactly `message`. */
function assertLogged(d: DumpState, message: string): void {
  assert(d.log.some((l) => l.message === message), JSON.stringify(d.log));
}

Deno.test("game code cannot lift its instruction budget or memory cap, from on_setup or a frame", async () => {
  const d = await play(4, { sets: [SMALL_BUDGET] });
  // Refused where the game called, with the CVar named.
  assertEquals(d.signals.strings.setup_error, `main.lua:8: cvar.set: lua_max_instructions ${WHY}`);
  assertEquals(
    d.signals.strings.update_error,
    `main.lua:19: cvar.set: lua_max_instructions ${WHY}`,
  );
  assertEquals(
    d.signals.strings.console_error,
    `main.lua:21: console.execute: argument 1 (cmd) would set lua_max_instructions, which ${WHY}`,
  );
  // cvar.get reports what is in force, and the budget in force stopped every spin.
  assertEquals([d.signals.integers.budget, d.signals.integers.memory], [100_000, 64]);
  assertEquals(d.signals.integers.spins, undefined);
  const spins = d.errors.filter((e) => e.callback === "spin");
  assertEquals(spins.length, 4);
  assert(spins.every((e) => e.message.includes("instruction budget exceeded (100000)")));
  assert(!d.log.some((l) => l.message.startsWith("console: lua_max")), JSON.stringify(d.log));
});

Deno.test("the console raises a safety limit within its ceiling, and the game sees it in force", async () => {
  const d = await play(4, {
    sets: [SMALL_BUDGET],
    inputLog: [
      { frame: 1, console: "set lua_max_instructions 50000000" },
      { frame: 1, console: "set lua_max_memory_mb 4096" },
    ],
  });
  assertEquals([d.signals.integers.budget, d.signals.integers.memory], [50_000_000, 64]);
  // Frame 0 ran under the small budget; frames 1 to 3 under the console's.
  assertEquals(d.errors.filter((e) => e.callback === "spin").length, 1);
  assertEquals(d.signals.integers.spins, 3);
  assertLogged(
    d,
    "console: lua_max_memory_mb: 4096 is above the maximum 512 (the hard ceiling of this safety limit)",
  );
});

Deno.test("+set above a ceiling is refused with the ceiling named, and the default stays", async () => {
  const d = await play(1, {
    sets: [{ name: "lua_max_instructions", value: "9007199254740991" }],
  });
  assertEquals(d.signals.integers.budget, 10_000_000);
  assertLogged(
    d,
    "+set: lua_max_instructions: 9007199254740991 is above the maximum 200000000 (the hard ceiling of this safety limit)",
  );
});
