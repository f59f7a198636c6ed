/**
 * The order a frame request's callbacks run in: grouped by kind and function, and where needed by
 * context layout within a function.
 *
 * A frame plan lists callbacks in entity id order, so a game whose entities of several kinds were
 * spawned over time alternates functions (and an entity with a phase and a timer alternates
 * kinds). The runtime runs callbacks in runs of one kind, function and context layout; a run as
 * short as one callback cost an empty one about 1.5 us where a long run costs 0.35. Encoding each
 * group's callbacks together, each with its index in the plan, makes the runs long; the outcomes
 * are put back in plan order as they are read, and commands apply by kind, entity and plan index
 * as before. Only the order in which one state runs its callbacks changes, which a game cannot
 * rely on anyway: which callbacks share a state already depends on the number of workers (globals
 * are frozen so that game state lives in the world, and `math.random` is seeded per callback).
 *
 * @module
 */
import type { PlannedCallback } from "../lua/batch_codec.ts";
import { CallbackKind } from "../lua/batch_types.ts";

// The kinds a frame plan holds: other callbacks (collisions above all, whose queues apply between
// them) keep their order.
const GROUPED: ReadonlySet<number> = new Set([
  CallbackKind.SceneUpdate,
  CallbackKind.PhaseEnter,
  CallbackKind.PhaseUpdate,
  CallbackKind.PhaseExit,
  CallbackKind.Timer,
]);

/**
 * The plan positions of `planned[from, to)` in the order to run them: grouped by kind and
 * function, groups in the order they first appear, plan order within each; or undefined when
 * they are grouped already, or hold a kind that keeps its order.
 *
 * @example
 * ```ts
 * import { runOrder } from "./run_order.ts";
 * import { CallbackKind } from "../lua/batch_types.ts";
 * const walk = { kind: CallbackKind.PhaseUpdate, fn: "walk", ctx: 1, entity: 1 } as const;
 * const fly = { kind: CallbackKind.PhaseUpdate, fn: "fly", ctx: 2, entity: 2 } as const;
 * console.log(runOrder([walk, fly, walk], 0, 3)); // Int32Array [0, 2, 1]
 * console.log(runOrder([walk, walk, fly], 0, 3)); // undefined
 * ```
 */
export function runOrder(
  planned: readonly PlannedCallback[],
  from: number,
  to: number,
): Int32Array | undefined {
  // Each callback's group, numbered as groups first appear; looked up (and the kind checked) only
  // where the kind or function changes: a frame of one function compares strings and no more.
  const group = new Int32Array(to - from);
  const groups: (Map<string, number> | undefined)[] = [];
  let runs = 0, count = 0, kind = -1, fn: string | undefined, g = -1;
  for (let i = from; i < to; i++) {
    const p = planned[i]!;
    if (p.kind !== kind || (p as { fn?: string }).fn !== fn) {
      if (!GROUPED.has(p.kind) || !("fn" in p)) return undefined;
      kind = p.kind;
      fn = p.fn;
      const byName = groups[kind] ??= new Map();
      let found = byName.get(fn);
      if (found === undefined) byName.set(fn, found = count++);
      g = found;
      runs++;
    }
    group[i - from] = g;
  }
  if (runs === count) return undefined;
  return byGroup(group, count).map((k) => from + k);
}

// The positions of `group` sorted by their group (numbered from 0, `count` of them), the order
// within each kept: a counting sort. Each group's first slot, then every position in its group's
// next slot.
function byGroup(group: ArrayLike<number>, count: number): Int32Array {
  const next = new Int32Array(count + 1);
  for (let k = 0; k < group.length; k++) next[group[k]! + 1]!++;
  for (let g = 1; g < count; g++) next[g]! += next[g - 1]!;
  const out = new Int32Array(group.length);
  for (let k = 0; k < group.length; k++) out[next[group[k]!]!++] = k;
  return out;
}

/**
 * `order` (plan positions in run order) with each stretch of one kind and function sorted by
 * layout: `layouts[k]` numbers the context layout of the callback at `order[k]`. Layouts come in
 * the order they first appear in the stretch, plan order within each. The runtime's runs are of
 * one layout too: where entities of one function alternate layouts (a flag set on some, a
 * component on others), each callback was a run of its own.
 *
 * @example
 * ```ts
 * import { layoutOrder } from "./run_order.ts";
 * import { CallbackKind } from "../lua/batch_types.ts";
 * const walk = (entity: number) => ({ kind: CallbackKind.PhaseUpdate, fn: "walk", ctx: entity, entity });
 * const planned = [walk(1), walk(2), walk(3)];
 * console.log(layoutOrder(planned, Int32Array.of(0, 1, 2), Int32Array.of(5, 9, 5))); // [0, 2, 1]
 * ```
 */
export function layoutOrder(
  planned: readonly PlannedCallback[],
  order: Int32Array,
  layouts: Int32Array,
): Int32Array {
  const out = new Int32Array(order.length);
  for (let start = 0, end = 0; start < order.length; start = end) {
    const head = planned[order[start]!]!;
    end = start + 1;
    while (end < order.length && sameFunction(planned[order[end]!]!, head)) end++;
    // The stretch's layouts numbered as they first appear, then sorted by them.
    const slot = new Map<number, number>(), group = new Int32Array(end - start);
    for (let k = start; k < end; k++) {
      let j = slot.get(layouts[k]!);
      if (j === undefined) slot.set(layouts[k]!, j = slot.size);
      group[k - start] = j;
    }
    const sorted = byGroup(group, slot.size);
    for (let k = 0; k < sorted.length; k++) out[start + k] = order[start + sorted[k]!]!;
  }
  return out;
}

function sameFunction(a: PlannedCallback, b: PlannedCallback): boolean {
  return a.kind === b.kind && (a as { fn?: string }).fn === (b as { fn?: string }).fn;
}
