/**
 * The profiling part of the batch protocol. A batch whose header carries
 * {@linkcode PROFILE_FLAG} is answered with what its callbacks cost, summed
 * per callback function (with what earlier batches kept), after the usual
 * results; with {@linkcode KEEP_COSTS_FLAG} too, the state keeps the costs
 * for a later batch instead (collisions: one callback per batch):
 *
 * ```
 * <results> <cost>... <I4 bytes of the costs> <I4 PROFILED_MARK>
 * cost = <B kind> <s4 function> <I4 calls> <d ms> <d instructions> <I4 commands> <I4 errors>
 * ```
 *
 * {@linkcode splitProfile} takes the costs off so the results decode as
 * usual. The Lua half is `batch_profile.lua`.
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
 * The header flag that, with {@linkcode PROFILE_FLAG}, keeps the batch's
 * costs in the state until a profiled batch without it (an empty one will
 * do) collects them: the batches of one callback each (collisions) then do
 * not each carry a cost record across the sync channel.
 *
 * @example
 * ```ts
 * import { KEEP_COSTS_FLAG } from "./batch_profile.ts";
 * KEEP_COSTS_FLAG; // 8
 * ```
 */
export const KEEP_COSTS_FLAG = 8;

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
  /** The costs, none when the batch was not profiled. */
  costs: RunCost[];
}

/**
 * Whether a batch reply carries costs: its last word is {@linkcode PROFILED_MARK}.
 * Reads four bytes and allocates nothing, so an unprofiled reply costs nothing to check.
 *
 * @example
 * ```ts
 * import { hasCosts } from "./batch_profile.ts";
 * hasCosts(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff])); // true
 * ```
 */
export function hasCosts(reply: Uint8Array): boolean {
  const n = reply.length;
  return n >= 8 && reply[n - 4] === 0xfe && reply[n - 3] === 0xff && reply[n - 2] === 0xff &&
    reply[n - 1] === 0xff;
}

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
