/**
 * Table-driven processors: one small function per command name, looked up
 * by `cmd.name`, with the command typed by that name.
 *
 * @module
 */
import type { Category, Command } from "../api/mod.ts";
import type { ApplyContext } from "./context.ts";

/**
 * The commands of category `K`.
 *
 * @example
 * ```ts
 * import type { CategoryCommand } from "./processor.ts";
 * type Audio = CategoryCommand<"audio">["name"]; // "play_music" | ...
 * ```
 */
export type CategoryCommand<K extends Category> = Extract<Command, { readonly category: K }>;

/**
 * Applies one command of type `C`.
 *
 * @example
 * ```ts
 * import type { Processor } from "./processor.ts";
 * import type { CategoryCommand } from "./processor.ts";
 * const p: Processor<CategoryCommand<"group">> = (ctx) => ctx.state.tracked.clear();
 * ```
 */
export type Processor<C extends Command> = (ctx: ApplyContext, cmd: C) => void;

/**
 * One processor per command name of `C`, each given its own command type.
 *
 * @example
 * ```ts
 * import type { CategoryCommand, ProcessorTable } from "./processor.ts";
 * const groups: ProcessorTable<CategoryCommand<"group">> = {
 *   track_group: (ctx, cmd) => ctx.state.tracked.track(cmd.args.group),
 *   untrack_group: (ctx, cmd) => ctx.state.tracked.untrack(cmd.args.group),
 *   clear_tracked_groups: (ctx) => ctx.state.tracked.clear(),
 * };
 * ```
 */
export type ProcessorTable<C extends Command> = {
  readonly [N in C["name"]]: Processor<Extract<C, { readonly name: N }>>;
};

/**
 * A processor dispatching on `cmd.name` through `table`.
 *
 * @example
 * ```ts
 * import { byName, type CategoryCommand } from "./processor.ts";
 * const processGroup = byName<CategoryCommand<"group">>({
 *   track_group: (ctx, cmd) => ctx.state.tracked.track(cmd.args.group),
 *   untrack_group: (ctx, cmd) => ctx.state.tracked.untrack(cmd.args.group),
 *   clear_tracked_groups: (ctx) => ctx.state.tracked.clear(),
 * });
 * ```
 */
export function byName<C extends Command>(table: ProcessorTable<C>): Processor<C> {
  // A Map: looking a name up in an object of some thirty keys was a measurable share of applying
  // a frame's commands. The table is keyed by every name of C, so an entry matches cmd's type.
  const byKey = new Map(Object.entries(table) as [string, Processor<C>][]);
  const dispatch: Processor<C> = (ctx, cmd) => byKey.get(cmd.name)!(ctx, cmd);
  TABLES.set(dispatch, byKey);
  return dispatch;
}

// The table behind each processor byName made (see processorOf).
const TABLES = new WeakMap<object, ReadonlyMap<string, unknown>>();

/**
 * The processor `process` runs for commands named `name`: its entry when
 * {@linkcode byName} made it and has one, else `process` itself.
 *
 * @example
 * ```ts
 * import { byName, processorOf, type CategoryCommand } from "./processor.ts";
 * const track = (ctx: unknown) => {};
 * const process = byName<CategoryCommand<"group">>({
 *   track_group: track,
 *   untrack_group: () => {},
 *   clear_tracked_groups: () => {},
 * });
 * console.assert(processorOf(process, "track_group") === track);
 * ```
 */
export function processorOf<C extends Command>(process: Processor<C>, name: string): Processor<C> {
  // The table is keyed by every name of C: an entry there runs C's commands of that name.
  return (TABLES.get(process)?.get(name) as Processor<C> | undefined) ?? process;
}
