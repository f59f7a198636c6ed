// Test helpers: commands are built through the API's own codec (encode, then
// decode), so tests see exactly what the engine gets from Lua.
import {
  type BuilderRecord,
  type Command,
  type CommandOf,
  decodeCommands,
  encodeCommand,
  type FunctionCommand,
} from "../api/mod.ts";
import { eidOf } from "../ecs/mod.ts";
import { applyCallbackCommands } from "./apply.ts";
import type { QueuedCallback } from "./context.ts";
import type { GameState } from "../state/game_state.ts";

function roundTrip(cmd: unknown): Command {
  const [decoded] = decodeCommands(encodeCommand(cmd as Command));
  if (decoded === undefined) throw new Error("Round trip lost the command");
  return decoded;
}

/** A decoded function command. */
export function fn<N extends FunctionCommand["name"]>(
  name: N,
  args: CommandOf<N>["args"],
  collision = false,
): Command {
  return roundTrip({ op: 0, name, category: "entity", collision, args });
}

/** A decoded spawn command. */
export function spawn(provisionalId: number, records: BuilderRecord[] = []): Command {
  return roundTrip({
    op: 0,
    name: "spawn",
    category: "spawn",
    collision: false,
    args: { provisionalId, records },
  });
}

/** A decoded clone command. */
export function clone(provisionalId: number, sourceKey: string, records: BuilderRecord[] = []) {
  return roundTrip({
    op: 0,
    name: "clone",
    category: "clone",
    collision: false,
    args: { provisionalId, sourceKey, records },
  });
}

/** One callback's queue. */
export function queued(
  index: number,
  commands: Command[],
  rank = 1,
  entity = 0,
): QueuedCallback {
  return { index, rank, entity, commands };
}

/** Apply `commands` as one scene-update callback. */
export function run(state: GameState, ...commands: Command[]): void {
  applyCallbackCommands(state, [queued(0, commands)]);
}

/** Lua table from nested entries. */
export function table(entries: Record<string, unknown> | unknown[]): Map<string | number, never> {
  const pairs = Array.isArray(entries)
    ? entries.map((v, i) => [i + 1, v] as const)
    : Object.entries(entries);
  return new Map(
    pairs.map((
      [k, v],
    ) => [
      k,
      (typeof v === "object" && v !== null && !(v instanceof Map)
        ? table(v as Record<string, unknown>)
        : v) as never,
    ]),
  );
}

/** The eid of a live entity (test failure otherwise). */
export function eid(state: GameState, id: number): number {
  const e = eidOf(state.world, id);
  if (e === undefined) throw new Error(`Entity ${id} is not alive`);
  return e;
}

/** Messages of the log, in order. */
export function logged(state: GameState): string[] {
  return state.log.entries.map((e) => e.message);
}
