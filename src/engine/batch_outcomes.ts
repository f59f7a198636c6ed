/**
 * What each callback of a batch produced, read from the batch's reply: its
 * decoded commands, returned text, error and logs, in plan order.
 *
 * @module
 */
import { type Command, decodeCommands } from "../api/codec.ts";
import { decodeResults, type PlannedCallback } from "../lua/batch_codec.ts";
import { BatchResults } from "../lua/batch_results.ts";
import type { CallbackResult, LoggedLine } from "../lua/batch_types.ts";
import type { ComponentReads } from "../lua/components_part.ts";
import { LuaCallError, WorkerCrashedError } from "../lua/host_errors.ts";
import { type CommandTape, compactCommands, type CompactRange } from "../commands/mod.ts";

/**
 * What one callback produced.
 *
 * @example
 * ```ts
 * import type { CallbackOutcome } from "./batch_outcomes.ts";
 * const failed = (o: CallbackOutcome) => o.error !== undefined;
 * ```
 */
export interface CallbackOutcome {
  /** The plan it ran. */
  planned: PlannedCallback;
  /** Position in the frame's order. */
  index: number;
  /** Its commands in issue order (empty when it failed). */
  commands: Command[];
  /**
   * Its commands as compact ones, when they all are entity writes (see `commands/compact.ts`);
   * `commands` is then decoded only if read.
   */
  compact?: CompactRange;
  /** A string it returned (phase transition, console result). */
  returned?: string;
  /** Error text with `file:line` and traceback, when it failed. */
  error?: string;
  /** Lines it logged (kept when it failed). */
  logs: LoggedLine[];
  /**
   * Set when it succeeded in the runtime but its commands could not be read here: it counts as
   * failed, though the runtime kept what it gave the later callbacks of its batch.
   */
  undecoded?: true;
  /**
   * The entities whose components it read (`ecs.getComponent`), if any (listed for collision
   * callbacks only); `"any"` when unknown (no result came back).
   */
  componentReads?: ComponentReads;
}

/**
 * The name a planned callback is known by: its function, or a chunk's name.
 *
 * @example
 * ```ts
 * import { callbackName } from "./batch_outcomes.ts";
 * import { CallbackKind } from "../lua/batch_types.ts";
 * callbackName({ kind: CallbackKind.Call, fn: "on_setup", args: [], entity: 0 }); // "on_setup"
 * ```
 */
export function callbackName(p: PlannedCallback): string {
  return "fn" in p ? p.fn : p.chunkName;
}

/** What {@linkcode outcomeOf} reads of one callback's result. */
type ResultFields = Pick<
  BatchResults,
  | "ok"
  | "bytes"
  | "commandsStart"
  | "commandsEnd"
  | "returned"
  | "error"
  | "logs"
  | "componentReads"
>;

/**
 * The outcome of planned callback `p` from its result; bad command data fails it alone. With a
 * tape, its commands are also kept there when they can be (see `commands/compact.ts`).
 */
function outcomeOf(
  p: PlannedCallback,
  index: number,
  r: ResultFields,
  tape: CommandTape | undefined,
): CallbackOutcome {
  const { logs, componentReads } = r;
  if (!r.ok) {
    return { planned: p, index, commands: NO_COMMANDS, error: r.error, logs, componentReads };
  }
  if (r.commandsEnd === r.commandsStart) {
    return { planned: p, index, commands: NO_COMMANDS, returned: r.returned, logs, componentReads };
  }
  const compact = tape === undefined
    ? undefined
    : compactCommands(r.bytes, r.commandsStart, r.commandsEnd, tape);
  if (compact !== undefined) {
    return new CompactOutcome(p, index, compact, r.returned, logs, componentReads);
  }
  try {
    const commands = decodeCommands(r.bytes, r.commandsStart, r.commandsEnd);
    return { planned: p, index, commands, returned: r.returned, logs, componentReads };
  } catch (e) {
    const error = `bad command data: ${(e as Error).message}`;
    return {
      planned: p,
      index,
      commands: NO_COMMANDS,
      error,
      logs,
      componentReads,
      undecoded: true,
    };
  }
}

// An outcome whose commands are compact ones: their objects are decoded from the reply only if
// asked for (the apply stage runs the compact ones).
class CompactOutcome implements CallbackOutcome {
  #commands: Command[] | undefined;
  constructor(
    readonly planned: PlannedCallback,
    readonly index: number,
    readonly compact: CompactRange,
    readonly returned: string | undefined,
    readonly logs: LoggedLine[],
    readonly componentReads: ComponentReads | undefined,
  ) {}

  get commands(): Command[] {
    return this.#commands ??= this.compact.decode();
  }
}

/**
 * The one frozen list that outcomes (and queue entries) without commands share: most callbacks of
 * a frame issue some, many none.
 *
 * @example
 * ```ts
 * import { NO_COMMANDS } from "./batch_outcomes.ts";
 * console.assert(NO_COMMANDS.length === 0 && Object.isFrozen(NO_COMMANDS));
 * ```
 */
export const NO_COMMANDS: Command[] = Object.freeze([]) as unknown as Command[];

/**
 * Append the outcomes of `planned[from, to)` (request indices from `first + from`) read from a
 * batch reply, in plan order whatever order the request ran them in (see `run_order.ts`); a reply
 * whose indices are not those of the request is read again, by index. Given a `tape`, the
 * commands of each callback whose commands all can be are also kept there as compact commands.
 *
 * @throws {DecodeError} when the reply is malformed.
 * @example
 * ```ts
 * import { readOutcomes } from "./batch_outcomes.ts";
 * import type { CallbackOutcome } from "./batch_outcomes.ts";
 * const out: CallbackOutcome[] = [];
 * readOutcomes([], 0, 0, 0, new Uint8Array(4), out); // a reply of no callbacks
 * ```
 */
export function readOutcomes(
  planned: readonly PlannedCallback[],
  from: number,
  to: number,
  first: number,
  output: Uint8Array,
  out: CallbackOutcome[],
  tape?: CommandTape,
): void {
  const r = new BatchResults(output);
  if (r.count !== to - from) {
    outcomesByIndex(planned, from, to, first, decodeResults(output), out);
    return;
  }
  // Results come in request order: read each in place, no object per result. That is plan order
  // unless the request grouped a frame's callbacks (see run_order.ts); from the first result out
  // of plan order on, each outcome is put at its plan position.
  const base = out.length, n = to - from;
  let k = 0;
  for (; k < n; k++) {
    r.next();
    if (r.index !== first + from + k) break;
    out.push(outcomeOf(planned[from + k]!, r.index, r, tape));
  }
  if (k < n) {
    const placed = new Uint8Array(n).fill(1, 0, k);
    out.length = base + n;
    for (let m = k; m < n; m++) {
      if (m > k) r.next();
      const i = r.index - first - from;
      if (!(i >= 0 && i < n) || placed[i] === 1) {
        // Not the request's callbacks after all: look every result up by index instead.
        out.length = base;
        outcomesByIndex(planned, from, to, first, decodeResults(output), out);
        return;
      }
      placed[i] = 1;
      out[base + i] = outcomeOf(planned[from + i]!, r.index, r, tape);
    }
  }
  r.next(); // checks that nothing is left over
}

/**
 * Append the outcomes of `planned[from, to)` from decoded results, matched by request index; a
 * callback without a result fails.
 *
 * @example
 * ```ts
 * import { type CallbackOutcome, outcomesByIndex } from "./batch_outcomes.ts";
 * const out: CallbackOutcome[] = [];
 * outcomesByIndex([], 0, 0, 0, [], out);
 * ```
 */
export function outcomesByIndex(
  planned: readonly PlannedCallback[],
  from: number,
  to: number,
  first: number,
  results: readonly CallbackResult[],
  out: CallbackOutcome[],
): void {
  const byIndex = new Map(results.map((x) => [x.index, x]));
  for (let i = from; i < to; i++) {
    const p = planned[i]!;
    const index = first + i;
    const r = byIndex.get(index);
    if (!r) {
      out.push({
        planned: p,
        index,
        commands: NO_COMMANDS,
        error: "callback produced no result",
        logs: [],
        componentReads: "any",
      });
    } else if (!r.ok) {
      const { error, logs, componentReads } = r;
      out.push({ planned: p, index, commands: NO_COMMANDS, error, logs, componentReads });
    } else {
      const { commands } = r;
      out.push(outcomeOf(p, index, {
        ok: true,
        bytes: commands,
        commandsStart: 0,
        commandsEnd: commands.length,
        returned: r.returned,
        error: undefined,
        logs: r.logs,
        componentReads: r.componentReads,
      }, undefined));
    }
  }
}

/**
 * Append failed outcomes for `planned[from, to)`, each with the error `why`.
 *
 * @example
 * ```ts
 * import { type CallbackOutcome, failedOutcomes } from "./batch_outcomes.ts";
 * import { CallbackKind } from "../lua/batch_types.ts";
 * const out: CallbackOutcome[] = [];
 * failedOutcomes([{ kind: CallbackKind.Call, fn: "f", args: [], entity: 0 }], 0, 1, 0, "lost", out);
 * ```
 */
export function failedOutcomes(
  planned: readonly PlannedCallback[],
  from: number,
  to: number,
  first: number,
  why: string,
  out: CallbackOutcome[],
): void {
  for (let i = from; i < to; i++) {
    out.push({
      planned: planned[i]!,
      index: first + i,
      commands: NO_COMMANDS,
      error: why,
      logs: [],
    });
  }
}

/**
 * The error of callbacks lost with their batch, in the game's words: what
 * stopped them, not which worker or state (a verbose run logs the crash).
 *
 * @example
 * ```ts
 * import { lostError } from "./batch_outcomes.ts";
 * lostError(new Error("worker gone")); // "lost: worker gone"
 * ```
 */
export function lostError(e: unknown): string {
  const reason = e instanceof WorkerCrashedError
    ? e.reason
    : e instanceof LuaCallError
    ? e.luaMessage
    : e instanceof Error
    ? e.message
    : String(e);
  return `lost: ${reason}`;
}
