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
import { applyCompact } from "./compact.ts";
import { type ApplyContext, ProvisionalIds, type QueuedCallback } from "./context.ts";
import { processEntity } from "./entity.ts";
import { SkippedCommandError } from "./errors.ts";
import { processConsole, processCvar } from "./external.ts";
import type { GameState } from "../state/game_state.ts";
import { processGroup } from "./group.ts";
import { processPhase } from "./phase.ts";
import { ID_PARAMS } from "./reach.ts";
import { type CategoryCommand, type Processor, processorOf } from "./processor.ts";
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
const ENTITY_RANK = RANK.get("entity")!;

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

/** How a command of one name and category is applied: worked out once, looked up per command. */
interface Route {
  readonly name: string;
  readonly category: Category;
  /** Apply-order rank of the category (one past the last for an unknown one). */
  readonly rank: number;
  /** Its parameters that take entity ids (resolved when provisional). */
  readonly ids: readonly string[] | undefined;
  readonly process: Processor<Command>;
}

// One lookup per command instead of one each for the rank, the id parameters, the category's
// processor and the name's (a measurable share of applying a frame's commands): by opcode, which
// decoded commands carry, checked against the name and category; else by name.
const ROUTES = new Map<string, Route>();
const BY_OP: (Route | undefined)[] = [];

function routeOf(cmd: Command): Route {
  const known = BY_OP[cmd.op];
  if (known !== undefined && known.name === cmd.name && known.category === cmd.category) {
    return known;
  }
  const route = ROUTES.get(cmd.name);
  if (route !== undefined && route.category === cmd.category) return route;
  const process = PROCESSORS[cmd.category] as Processor<Command> | undefined;
  const made: Route = {
    name: cmd.name,
    category: cmd.category,
    rank: RANK.get(cmd.category) ?? CATEGORY_ORDER.length,
    ids: ID_PARAMS.get(cmd.name),
    // An unknown category fails as it did before routes: calling undefined throws.
    process: process === undefined
      ? process as unknown as Processor<Command>
      : processorOf(process, cmd.name),
  };
  // The first route of a name is kept: a command of that name under another category (made up, as
  // tests do) is routed afresh each time.
  if (route === undefined) {
    ROUTES.set(cmd.name, made);
    if (Number.isInteger(cmd.op) && cmd.op >= 0 && cmd.op < 0x10000) BY_OP[cmd.op] ??= made;
  }
  return made;
}

function resolveIds(
  ctx: ApplyContext,
  cmd: Command,
  names: readonly string[] | undefined,
): Command {
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
  let route: Route;
  try {
    route = routeOf(cmd);
  } catch (e) {
    return failed(ctx, cmd, e);
  }
  return applyRouted(ctx, cmd, route);
}

// applyCommand once the command's route is known.
function applyRouted(ctx: ApplyContext, cmd: Command, route: Route): boolean {
  try {
    // Called as a plain function, as before routes (a made-up category may name anything).
    const process = route.process;
    process(ctx, resolveIds(ctx, cmd, route.ids));
    return true;
  } catch (e) {
    return failed(ctx, cmd, e);
  }
}

function failed(ctx: ApplyContext, cmd: Command, e: unknown): false {
  report(ctx.state, cmd.name, e);
  return false;
}

// A skipped command is a warning, any other failure an error line.
function report(state: GameState, name: string, e: unknown): void {
  const message = `${name}: ${e instanceof Error ? e.message : String(e)}`;
  if (e instanceof SkippedCommandError) state.log.warn(message);
  else state.log.error(message);
}

/** One category's commands in queue order, each beside its callback's context. */
interface CategoryList {
  readonly cmds: Command[];
  readonly ctxs: ApplyContext[];
}

// Within a category: by callback kind's rank, entity id, callback index. A
// stable sort keeps each callback's commands in issue order, as queued.
function compareQueued(x: QueuedCallback, y: QueuedCallback): number {
  return x.rank - y.rank || x.entity - y.entity || x.index - y.index;
}

function compareOrigins(a: ApplyContext, b: ApplyContext): number {
  return compareQueued(a.origin, b.origin);
}

function rankOf(cmd: Command): number {
  return routeOf(cmd).rank;
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
  for (let q = 1; q < queued.length; q++) {
    if (compareQueued(queued[q - 1]!, queued[q]!) > 0) return applyByLists(state, queued);
  }
  // The queue is in apply order (a frame of one callback kind usually is): each category's
  // commands are applied in one pass over it, the order the lists below would give, without
  // building them (a tenth of applying the swarm's commands, measured). Each command's route is
  // found once, in queue order. A callback's compact commands (all entity writes) run from their
  // numbers in the entity pass.
  let present = 0;
  const routes: Route[] = [];
  const fail = (name: string, e: unknown) => report(state, name, e);
  for (let q = 0; q < queued.length; q++) {
    if (queued[q]!.compact !== undefined) {
      present |= 1 << ENTITY_RANK;
      continue;
    }
    const commands = queued[q]!.commands;
    for (let i = 0; i < commands.length; i++) {
      const route = routeOf(commands[i]!);
      routes.push(route);
      present |= 1 << route.rank;
    }
  }
  // One context per callback, shared by its categories (provisional ids outlive a category).
  const ctxs: (ApplyContext | undefined)[] = [];
  for (let rank = 0; rank < RANKS; rank++) {
    if ((present & (1 << rank)) === 0) continue;
    const mixed = present !== 1 << rank;
    let k = 0;
    for (let q = 0; q < queued.length; q++) {
      const origin = queued[q]!, commands = origin.commands;
      if (origin.compact !== undefined) {
        if (rank === ENTITY_RANK) applyCompact(state, origin.compact, fail);
        continue;
      }
      for (let i = 0; i < commands.length; i++) {
        const route = routes[k++]!;
        if (mixed && route.rank !== rank) continue;
        const ctx = ctxs[q] ??= { state, origin, ids: new ProvisionalIds() };
        applyRouted(ctx, commands[i]!, route);
      }
    }
  }
}

// Category ranks, the unknown one included: one bit each in `present` above.
const RANKS = CATEGORY_ORDER.length + 1;
if (RANKS > 31) throw new Error("apply.ts: more command categories than bits in a mask");

// One list per category, filled in queue order; a list is sorted only when
// it is not in order already.
function applyByLists(state: GameState, queued: readonly QueuedCallback[]): void {
  const byCategory: (CategoryList | undefined)[] = [];
  for (let q = 0; q < queued.length; q++) {
    const origin = queued[q]!;
    const ctx: ApplyContext = { state, origin, ids: new ProvisionalIds() };
    const commands = origin.compact === undefined ? origin.commands : origin.compact.decode();
    for (let issue = 0; issue < commands.length; issue++) {
      const cmd = commands[issue]!;
      const list = byCategory[rankOf(cmd)] ??= { cmds: [], ctxs: [] };
      list.cmds.push(cmd);
      list.ctxs.push(ctx);
    }
  }
  for (let rank = 0; rank < byCategory.length; rank++) {
    const list = byCategory[rank];
    if (list !== undefined) applyList(list);
  }
}
