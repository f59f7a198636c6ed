/**
 * Phase state machines (`with_phase`): the phases with their callbacks and
 * the runtime state the phase system advances.
 *
 * @module
 */
import type { LuaTable } from "../api/mod.ts";
import type { Result } from "../core/errors.ts";
import { isTable, stringField, tableField } from "./lua_table.ts";

/**
 * Callback names of one phase (global Lua functions).
 *
 * @example
 * ```ts
 * import type { PhaseCallbacks } from "./phase_data.ts";
 * const c: PhaseCallbacks = { update: "on_playing" };
 * ```
 */
export interface PhaseCallbacks {
  /** Run once when the phase is entered. */
  enter?: string;
  /** Run every frame; may return a phase name to transition. */
  update?: string;
  /** Run once when the phase is left. */
  exit?: string;
}

/**
 * A phase machine: its phases and where it is.
 *
 * `entered` is false until the phase system has run the enter callback of
 * `current`, so the initial phase gets its enter call on the first frame.
 *
 * @example
 * ```ts
 * import type { PhaseData } from "./phase_data.ts";
 * const p: PhaseData = {
 *   initial: "idle", current: "idle", previous: null, pending: null,
 *   timeInPhase: 0, entered: false, callbacks: { idle: {} },
 * };
 * ```
 */
export interface PhaseData {
  /** Phase the machine starts in. */
  initial: string;
  /** Current phase. */
  current: string;
  /** Phase before the last transition, `null` before the first one. */
  previous: string | null;
  /** Transition requested by `phase_transition` or an update return value. */
  pending: string | null;
  /** Seconds since `current` was entered. */
  timeInPhase: number;
  /** Whether the enter callback of `current` has run. */
  entered: boolean;
  /** Callbacks by phase name: fixed once the machine is made (plans are kept by machine). */
  readonly callbacks: Readonly<Record<string, Readonly<PhaseCallbacks>>>;
}

const SPEC_KEYS = { enter: "enter", update: "update", exit: "exit" } as const;
const SEED_KEYS = { enter: "on_enter", update: "on_update", exit: "on_exit" } as const;

function readCallbacks(t: LuaTable, keys: typeof SPEC_KEYS | typeof SEED_KEYS): PhaseCallbacks {
  const out: PhaseCallbacks = {};
  for (const slot of ["enter", "update", "exit"] as const) {
    const fn = stringField(t, keys[slot]);
    if (fn !== undefined) out[slot] = fn;
  }
  return out;
}

/**
 * Parse a `with_phase` table. Both shapes are accepted:
 * `{initial=, callbacks={name="fn" | {enter=, update=, exit=}}}` (a bare
 * string is the update callback) and
 * `{initial=, phases={name={on_enter=, on_update=, on_exit=}}}`. Returns the
 * machine or a sentence saying what is wrong.
 *
 * @example
 * ```ts
 * import { parsePhaseDef } from "./phase_data.ts";
 * const def = new Map<string | number, unknown>([
 *   ["initial", "idle"],
 *   ["callbacks", new Map([["idle", "on_idle"]])],
 * ]);
 * const p = parsePhaseDef(def as never);
 * console.assert(p.ok && p.value.callbacks.idle?.update === "on_idle");
 * ```
 */
export function parsePhaseDef(def: LuaTable): Result<PhaseData> {
  const initial = stringField(def, "initial");
  if (initial === undefined) return { ok: false, error: "the phase table has no string 'initial'" };
  const callbacks: Record<string, PhaseCallbacks> = {};
  const specTable = tableField(def, "callbacks");
  const seedTable = tableField(def, "phases");
  for (const [name, value] of specTable ?? []) {
    if (typeof value === "string") callbacks[String(name)] = { update: value };
    else if (isTable(value)) callbacks[String(name)] = readCallbacks(value, SPEC_KEYS);
    else return { ok: false, error: `phase '${String(name)}' must be a function name or a table` };
  }
  for (const [name, value] of seedTable ?? []) {
    if (!isTable(value)) return { ok: false, error: `phase '${String(name)}' must be a table` };
    callbacks[String(name)] = readCallbacks(value, SEED_KEYS);
  }
  callbacks[initial] ??= {};
  return {
    ok: true,
    value: {
      initial,
      current: initial,
      previous: null,
      pending: null,
      timeInPhase: 0,
      entered: false,
      callbacks,
    },
  };
}

/**
 * The same machine back at its initial phase, not yet entered (used when an
 * entity is cloned: the clone starts its own life).
 *
 * @example
 * ```ts
 * import { restartPhase } from "./phase_data.ts";
 * const p = restartPhase({
 *   initial: "a", current: "b", previous: "a", pending: null,
 *   timeInPhase: 3, entered: true, callbacks: {},
 * });
 * console.assert(p.current === "a" && !p.entered);
 * ```
 */
export function restartPhase(p: PhaseData): PhaseData {
  return {
    ...structuredClone(p),
    current: p.initial,
    previous: null,
    pending: null,
    timeInPhase: 0,
    entered: false,
  };
}
