/**
 * The apply stage: queued commands of a frame's callbacks applied in a
 * deterministic order with provisional ids resolved per callback.
 *
 * @module
 */
import { APPLY_ORDER, type Category, type Command } from "../api/mod.ts";
import { processAnimation } from "./animation.ts";
import { processAsset } from "./asset.ts";
import { processAudio } from "./audio.ts";
import { processCamera } from "./camera.ts";
import { processClone } from "./clone.ts";
import { type ApplyContext, ProvisionalIds, type QueuedCallback } from "./context.ts";
import { processEntity } from "./entity.ts";
import { SkippedCommandError } from "./errors.ts";
import { processConsole, processCvar } from "./external.ts";
import type { GameState } from "../state/game_state.ts";
import { processGroup } from "./group.ts";
import { processPhase } from "./phase.ts";
import { ID_PARAMS } from "./reach.ts";
import type { CategoryCommand, Processor } from "./processor.ts";
import { processRender } from "./render.ts";
import { processSignal } from "./signal.ts";
import { processSpawn } from "./spawn.ts";
import { processTilemap } from "./tilemap.ts";

/**
 * Category apply order: `log` first, then the frame's category order, then
 * `cvar` and `console` last. (`log` commands never reach the apply stage today: Lua
 * logs through `rt.log`; the slot keeps the contract if they ever do.)
 *
 * @example
 * ```ts
 * import { CATEGORY_ORDER } from "./apply.ts";
 * console.assert(CATEGORY_ORDER.indexOf("spawn") < CATEGORY_ORDER.indexOf("entity"));
 * ```
 */
export const CATEGORY_ORDER: readonly Category[] = Object.freeze(["log", ...APPLY_ORDER]);

const RANK: ReadonlyMap<Category, number> = new Map(CATEGORY_ORDER.map((c, i) => [c, i]));

function notApplied(): never {
  throw new SkippedCommandError("this category is not applied by the engine");
}

const PROCESSORS: { readonly [K in Category]: Processor<CategoryCommand<K>> } = {
  log: notApplied,
  input: notApplied,
  asset: processAsset,
  spawn: processSpawn,
  clone: processClone,
  entity: processEntity,
  signal: processSignal,
  group: processGroup,
  phase: processPhase,
  audio: processAudio,
  camera: processCamera,
  tilemap: processTilemap,
  animation: processAnimation,
  render: processRender,
  cvar: processCvar,
  console: processConsole,
};

function resolveIds(ctx: ApplyContext, cmd: Command): Command {
  const names = ID_PARAMS.get(cmd.name);
  if (names === undefined) return cmd;
  const args = ctx.ids.resolveArgs(cmd.args as Record<string, unknown>, names);
  return args === cmd.args ? cmd : { ...cmd, args } as Command;
}

/**
 * Apply one command now. Never throws: a skipped command (dead id,
 * unresolvable provisional id, missing precondition) writes one warning
 * `<command>: <reason>`; any other failure (such as an invalid signal
 * value) one error line.
 *
 * @example
 * ```ts
 * import { applyCommand } from "./apply.ts";
 * import { ProvisionalIds } from "./context.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * const ctx = { state, origin: { index: 0, rank: 1, entity: 0, commands: [] }, ids: new ProvisionalIds() };
 * const ok = applyCommand(ctx, {
 *   op: 0, name: "entity_despawn", category: "entity", collision: false, args: { id: 42 },
 * });
 * console.assert(!ok && state.log.entries[0]?.message === "entity_despawn: entity 42 does not exist");
 * ```
 */
export function applyCommand(ctx: ApplyContext, cmd: Command): boolean {
  try {
    const resolved = resolveIds(ctx, cmd);
    const process = PROCESSORS[resolved.category] as Processor<Command>;
    process(ctx, resolved);
    return true;
  } catch (e) {
    const message = `${cmd.name}: ${e instanceof Error ? e.message : String(e)}`;
    if (e instanceof SkippedCommandError) ctx.state.log.warn(message);
    else ctx.state.log.error(message);
    return false;
  }
}

/** One category's commands in queue order, each beside its callback's context. */
interface CategoryList {
  readonly cmds: Command[];
  readonly ctxs: ApplyContext[];
}

// Within a category: by callback kind's rank, entity id, callback index. A
// stable sort keeps each callback's commands in issue order, as queued.
function compareOrigins(a: ApplyContext, b: ApplyContext): number {
  const x = a.origin, y = b.origin;
  return x.rank - y.rank || x.entity - y.entity || x.index - y.index;
}

function inOrder(ctxs: readonly ApplyContext[]): boolean {
  for (let i = 1; i < ctxs.length; i++) {
    if (ctxs[i - 1] !== ctxs[i] && compareOrigins(ctxs[i - 1]!, ctxs[i]!) > 0) return false;
  }
  return true;
}

function applyList({ cmds, ctxs }: CategoryList): void {
  if (inOrder(ctxs)) {
    for (let i = 0; i < cmds.length; i++) applyCommand(ctxs[i]!, cmds[i]!);
    return;
  }
  const order = cmds.map((_, i) => i).sort((i, j) => compareOrigins(ctxs[i]!, ctxs[j]!));
  for (const i of order) applyCommand(ctxs[i]!, cmds[i]!);
}

/**
 * Apply the commands of a frame's callbacks: by category in
 * {@linkcode CATEGORY_ORDER}, within a category by (callback kind, entity
 * id, callback index, issue order) — never in the order callbacks finished.
 * Provisional ids resolve within their own callback only. Collision queues
 * use the same function with one callback right after it ran.
 *
 * @example
 * ```ts
 * import { applyCallbackCommands } from "./apply.ts";
 * import { createGameState } from "../state/game_state.ts";
 * const state = createGameState();
 * applyCallbackCommands(state, [{
 *   index: 0, rank: 1, entity: 0,
 *   commands: [{ op: 0, name: "set_integer", category: "signal", collision: false, args: { key: "score", value: 5 } }],
 * }]);
 * console.assert(state.signals.getInteger("score") === 5);
 * ```
 */
export function applyCallbackCommands(state: GameState, queued: readonly QueuedCallback[]): void {
  // One list per category, filled in queue order; a list is sorted only when
  // it is not in order already (a frame of one callback kind usually is).
  const byCategory: (CategoryList | undefined)[] = [];
  for (let q = 0; q < queued.length; q++) {
    const origin = queued[q]!;
    const ctx: ApplyContext = { state, origin, ids: new ProvisionalIds() };
    const commands = origin.commands;
    for (let issue = 0; issue < commands.length; issue++) {
      const cmd = commands[issue]!;
      const rank = RANK.get(cmd.category) ?? CATEGORY_ORDER.length;
      const list = byCategory[rank] ??= { cmds: [], ctxs: [] };
      list.cmds.push(cmd);
      list.ctxs.push(ctx);
    }
  }
  for (let rank = 0; rank < byCategory.length; rank++) {
    const list = byCategory[rank];
    if (list !== undefined) applyList(list);
  }
}
