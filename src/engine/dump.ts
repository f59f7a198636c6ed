/**
 * The `--dump-state` view of a running game.
 *
 * @module
 */
import type { GameState } from "../state/game_state.ts";
import {
  createDumpState,
  type DumpState,
  type EntityDump,
  type ProfileDump,
} from "./dump_state.ts";
import { aliveIds, eidOf, hasComponent, Position, Velocity } from "../ecs/mod.ts";

/**
 * Build the dump of `state` at `frame` in `scene`. `group_counts` lists every
 * group with live members plus tracked groups (which may be 0); `profile`,
 * when given, is the profiler's section.
 *
 * @example
 * ```ts
 * import { createGameState } from "../state/game_state.ts";
 * import { buildDump } from "./dump.ts";
 * const dump = buildDump(createGameState(), 0, "menu");
 * dump.entities.length; // 0
 * ```
 */
export function buildDump(
  state: GameState,
  frame: number,
  scene: string,
  profile?: ProfileDump,
): DumpState {
  const { world, gameplay } = state;
  const s = world.components;
  const entities: EntityDump[] = [];
  for (const id of aliveIds(world)) {
    const eid = eidOf(world, id);
    if (eid === undefined) continue;
    const signals = world.entitySignals.get(eid)?.snapshot();
    const hasPos = hasComponent(world, id, Position);
    const hasVel = hasComponent(world, id, Velocity);
    entities.push({
      id,
      groups: [...world.groups.of(eid)],
      position: hasPos ? [s.position.x[eid] ?? 0, s.position.y[eid] ?? 0] : [0, 0],
      velocity: hasVel ? [s.velocity.x[eid] ?? 0, s.velocity.y[eid] ?? 0] : [0, 0],
      phase: gameplay.phase.get(eid)?.current ?? null,
      signals: signals
        ? {
          scalars: { ...signals.scalars },
          integers: { ...signals.integers },
          strings: { ...signals.strings },
          flags: Object.keys(signals.flags),
        }
        : { scalars: {}, integers: {}, strings: {}, flags: [] },
      zindex: s.zindex.value[eid] ?? 0,
    });
  }
  const ws = state.signals.snapshot();
  const groupCounts: Record<string, number> = { ...world.groups.counts() };
  for (const [name, n] of Object.entries(state.tracked.snapshot())) groupCounts[name] = n;
  return createDumpState({
    frame,
    scene,
    signals: {
      scalars: { ...ws.scalars },
      integers: { ...ws.integers },
      strings: { ...ws.strings },
      flags: Object.keys(ws.flags),
      entities: { ...ws.entities },
    },
    group_counts: groupCounts,
    entities,
    log: state.log.entries.map((e) => ({ frame: e.frame, level: e.level, message: e.message })),
    errors: state.log.errors.map((e) => ({ ...e })),
    audio: state.audio.map((a) => ({ frame: a.frame, action: a.action, id: a.id ?? null })),
    ...(profile ? { profile } : {}),
  });
}
