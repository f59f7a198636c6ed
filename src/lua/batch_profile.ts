/**
 * The profiling part of the batch protocol. A batch whose header carries
 * {@linkcode PROFILE_FLAG} is answered with what its callbacks cost, summed
 * per callback function, after the usual results:
 *
 * ```
 * <results> <cost>... <I4 bytes of the costs> <I4 PROFILED_MARK>
 * cost = <B kind> <s4 function> <I4 calls> <d ms> <d instructions> <I4 commands> <I4 errors>
 * ```
 *
 * With {@linkcode EACH_COST_FLAG} too, with each callback's cost instead, in
 * request order and without names (the sender knows what it sent):
 *
 * ```
 * <results> <each>... <I4 bytes of them> <I4 EACH_COST_MARK>
 * each = <d ms> <d instructions> <I4 commands> <I4 failed>
 * ```
 *
 * {@linkcode splitProfile} takes the costs off so the results decode as
 * usual. The Lua half is `batch_profile.lua` (and `tools/lua_wasm/hot_path.c`).
 *
 * @example
 * ```ts
 * import { splitProfile } from "./batch_profile.ts";
 * const { results, costs } = splitProfile(new Uint8Array(4)); // an empty batch, not profiled
 * console.log(results.length, costs.length); // 4 0
 * ```
 *
 * @module
 */
import { ByteReader, DecodeError } from "./bytes.ts";
import type { CallbackKind } from "./batch_types.ts";

/**
 * The header flag (beside 1: snapshot, 2: input) that asks for the costs.
 *
 * @example
 * ```ts
 * import { PROFILE_FLAG } from "./batch_profile.ts";
 * PROFILE_FLAG; // 4
 * ```
 */
export const PROFILE_FLAG = 4;

/**
 * The header flag that, with {@linkcode PROFILE_FLAG}, asks for each
 * callback's cost on its own, in request order, instead of the sums per
 * function: the engine then counts only the callbacks whose outcomes it keeps
 * (a collision batch may be cut, and the callbacks after the cut run again).
 *
 * @example
 * ```ts
 * import { EACH_COST_FLAG } from "./batch_profile.ts";
 * EACH_COST_FLAG; // 8
 * ```
 */
export const EACH_COST_FLAG = 8;

/**
 * The last word of a reply that carries costs, in the place of the callback
 * count (which never comes near it: the refusal count is `0xFFFFFFFF`).
 *
 * @example
 * ```ts
 * import { PROFILED_MARK } from "./batch_profile.ts";
 * PROFILED_MARK === 0xfffffffe; // true
 * ```
 */
export const PROFILED_MARK = 0xfffffffe;

/**
 * The last word of a reply that carries each callback's cost (see {@linkcode EACH_COST_FLAG}).
 *
 * @example
 * ```ts
 * import { EACH_COST_MARK } from "./batch_profile.ts";
 * EACH_COST_MARK === 0xfffffffd; // true
 * ```
 */
export const EACH_COST_MARK = 0xfffffffd;

/**
 * What one callback cost (a reply to a request with {@linkcode EACH_COST_FLAG}).
 *
 * @example
 * ```ts
 * import type { CallbackCost } from "./batch_profile.ts";
 * const cost: CallbackCost = { ms: 0.002, instructions: 40, commands: 2, failed: false };
 * ```
 */
export interface CallbackCost {
  /**
   * Wall milliseconds in the worker from its start to the next callback's (the runner's work for
   * it between the two included); the last one's until the batch's callbacks are done.
   */
  ms: number;
  /** Instruction budget used: Lua instructions plus the allocation charge. */
  instructions: number;
  /** Commands it issued (none when it failed). */
  commands: number;
  /** Whether it failed. */
  failed: boolean;
}

/**
 * What the callbacks of one function and kind cost in one batch.
 *
 * @example
 * ```ts
 * import type { RunCost } from "./batch_profile.ts";
 * const cost: RunCost = {
 *   kind: 3, name: "drift", calls: 100, ms: 0.4, instructions: 5200, commands: 100, errors: 0,
 * };
 * ```
 */
export interface RunCost {
  /** The callbacks' kind. */
  kind: CallbackKind;
  /** The function's name (a chunk's name for chunks). */
  name: string;
  /** Callbacks run. */
  calls: number;
  /**
   * Wall milliseconds in the worker from the first callback's context to the
   * last one's result (the function's runs timed whole, see callback_costs.ts).
   */
  ms: number;
  /** Instruction budget used: Lua instructions plus the allocation charge. */
  instructions: number;
  /** Commands issued by the callbacks that succeeded. */
  commands: number;
  /** Callbacks that failed. */
  errors: number;
}

/** A reply split into the batch results and the costs it carried. */
export interface SplitReply {
  /** The results, as `BatchResults` reads them (the whole reply when it had no costs). */
  results: Uint8Array;
  /** The costs per function, none when the batch was not profiled (or asked for each one's). */
  costs: RunCost[];
  /** Each callback's cost, when the batch asked for them ({@linkcode EACH_COST_FLAG}). */
  each?: CallbackCost[];
}

/**
 * Whether a batch reply carries costs: its last word is {@linkcode PROFILED_MARK} or
 * {@linkcode EACH_COST_MARK}. Reads four bytes and allocates nothing, so an unprofiled reply
 * costs nothing to check.
 *
 * @example
 * ```ts
 * import { hasCosts } from "./batch_profile.ts";
 * hasCosts(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff])); // true
 * ```
 */
export function hasCosts(reply: Uint8Array): boolean {
  if (reply.length < 8) return false;
  const mark = lastWord(reply);
  return mark === PROFILED_MARK || mark === EACH_COST_MARK;
}

// The reply's last `<I4>`, read from its bytes (no view: replies without costs are checked too).
function lastWord(reply: Uint8Array): number {
  const n = reply.length;
  return (reply[n - 4]! | reply[n - 3]! << 8 | reply[n - 2]! << 16 | reply[n - 1]! << 24) >>> 0;
}

// One callback's cost: <d ms> <d instructions> <I4 commands> <I4 failed>.
const EACH_BYTES = 24;

/**
 * Take the costs off a batch reply (see the module docs).
 *
 * @throws {DecodeError} when the costs are malformed.
 * @example
 * ```ts
 * import { splitProfile } from "./batch_profile.ts";
 * splitProfile(new Uint8Array([0, 0, 0, 0])).costs; // []
 * ```
 */
export function splitProfile(reply: Uint8Array): SplitReply {
  if (!hasCosts(reply)) return { results: reply, costs: [] };
  const n = reply.length;
  const view = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
  const length = view.getUint32(n - 8, true);
  const at = n - 8 - length;
  if (at < 0) throw new DecodeError(`Truncated batch costs (need ${length} bytes)`, 0);
  const r = new ByteReader(reply.subarray(at, n - 8));
  if (lastWord(reply) === EACH_COST_MARK) {
    if (length % EACH_BYTES !== 0) {
      throw new DecodeError(
        `Callback costs of ${length} bytes, not a multiple of ${EACH_BYTES}`,
        0,
      );
    }
    const each: CallbackCost[] = [];
    while (r.remaining > 0) {
      each.push({
        ms: r.f64("milliseconds"),
        instructions: r.f64("instructions"),
        commands: r.u32("commands"),
        failed: r.u32("failed") !== 0,
      });
    }
    return { results: reply.subarray(0, at), costs: [], each };
  }
  const costs: RunCost[] = [];
  while (r.remaining > 0) {
    costs.push({
      kind: r.u8("callback kind") as CallbackKind,
      name: r.str("callback name"),
      calls: r.u32("calls"),
      ms: r.f64("milliseconds"),
      instructions: r.f64("instructions"),
      commands: r.u32("commands"),
      errors: r.u32("errors"),
    });
  }
  return { results: reply.subarray(0, at), costs };
}
