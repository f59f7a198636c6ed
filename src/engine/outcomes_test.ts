import { assertEquals } from "@std/assert";
import { type Command, encodeCommands } from "../api/mod.ts";
import { CommandTape, compactCommands } from "../commands/mod.ts";
import { getComponent, spawnEntity, Velocity } from "../ecs/mod.ts";
import { CallbackKind } from "../lua/batch_types.ts";
import { createGameState, type GameState } from "../state/game_state.ts";
import type { CallbackOutcome } from "./batch_outcomes.ts";
import { type ApplyMode, OutcomeApplier } from "./outcomes.ts";

function command(name: Command["name"], args: Record<string, unknown>): Command {
  return { op: 0, name, category: "entity", collision: false, args } as Command;
}

// One outcome per entry, an update of its entity; compact ones also carry their commands as numbers.
function outcomes(
  entries: [kind: number, entity: number, commands: Command[]][],
  compact: boolean,
): CallbackOutcome[] {
  const tape = new CommandTape();
  return entries.map(([kind, entity, commands], index) => {
    const bytes = encodeCommands(commands);
    const range = compact ? compactCommands(bytes, 0, bytes.length, tape) : undefined;
    return {
      planned: { kind, fn: "f", ctx: entity, entity } as CallbackOutcome["planned"],
      index,
      commands,
      compact: range,
      logs: [],
    };
  });
}

function applied(list: CallbackOutcome[], mode: ApplyMode): GameState {
  const state = createGameState();
  for (let i = 0; i < 3; i++) spawnEntity(state.world);
  new OutcomeApplier(state).apply(list, mode);
  return state;
}

const velocities = (s: GameState) => [1, 2, 3].map((id) => getComponent(s.world, id, Velocity));

Deno.test("compact outcomes apply as their commands do, in queue order or out of it, in every mode", () => {
  const inOrder: [number, number, Command[]][] = [
    [CallbackKind.PhaseUpdate, 1, [command("entity_set_velocity", { id: 2, vx: 1, vy: 1 })]],
    [CallbackKind.PhaseUpdate, 2, [command("entity_set_velocity", { id: 2, vx: 2, vy: 2 })]],
    [CallbackKind.PhaseUpdate, 3, [command("entity_despawn", { id: 1 })]],
  ];
  // A timer's callback listed before the updates still applies after them (its kind ranks later).
  const outOfOrder: [number, number, Command[]][] = [
    [CallbackKind.Timer, 3, [command("entity_set_velocity", { id: 3, vx: 9, vy: 9 })]],
    ...inOrder,
    [CallbackKind.PhaseUpdate, 3, [command("entity_set_velocity", { id: 3, vx: 5, vy: 5 })]],
  ];
  for (const entries of [inOrder, outOfOrder]) {
    for (const mode of ["apply_stage", "now", "collision"] as const) {
      const plain = applied(outcomes(entries, false), mode);
      const compact = applied(outcomes(entries, true), mode);
      assertEquals(velocities(compact), velocities(plain), mode);
      assertEquals(compact.log.entries, plain.log.entries, mode);
    }
  }
  assertEquals(velocities(applied(outcomes(outOfOrder, true), "apply_stage")), [
    undefined,
    { x: 2, y: 2 },
    { x: 9, y: 9 },
  ]);
});
