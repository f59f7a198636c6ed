/**
 * How a frame's callbacks are spread over the workers: one leased state per
 * worker (fewer when there are few callbacks), the plan cut into requests
 * that are dealt to the states as they finish.
 *
 * @module
 */
import type { StateHandle } from "../lua/host_options.ts";
import type { LuaHost } from "../lua/lua_host.ts";

/**
 * Callbacks per shard below which splitting across workers costs more than it saves.
 *
 * @example
 * ```ts
 * import { MIN_SHARD } from "./shards.ts";
 * MIN_SHARD; // 32
 * ```
 */
export const MIN_SHARD = 32;

/**
 * Most callbacks in one request.
 *
 * @example
 * ```ts
 * import { MAX_CHUNK } from "./shards.ts";
 * MAX_CHUNK; // 1024
 * ```
 */
export const MAX_CHUNK = 1024;

/**
 * Fewest callbacks in one request while a state has more to run: below it a
 * request's fixed costs (a message each way, its header) outweigh what a
 * finer split balances.
 *
 * @example
 * ```ts
 * import { MIN_CHUNK } from "./shards.ts";
 * MIN_CHUNK; // 128
 * ```
 */
export const MIN_CHUNK = 128;

/**
 * Requests a frame is cut into when it runs in one state (within {@linkcode MIN_CHUNK} and
 * {@linkcode MAX_CHUNK}): the main thread reads the first reply while the worker runs the
 * second, on a core the worker does not use. Several states get one request each (more only
 * past `MAX_CHUNK`): they run side by side, and each request more costs a message each way, a
 * gap in the worker, and main-thread work that competes with the workers for the cores (a swarm
 * of 2,000 in two states: 0.97x the frame time and 0.93x the workers' CPU with one request each
 * instead of two, alternated in separate processes).
 *
 * @example
 * ```ts
 * import { LONE_STATE_CHUNKS } from "./shards.ts";
 * LONE_STATE_CHUNKS; // 2
 * ```
 */
export const LONE_STATE_CHUNKS = 2;

/**
 * Requests a state has posted at once: one running and one queued behind it,
 * so a worker never waits for the main thread to read a reply before it has
 * its next request.
 *
 * @example
 * ```ts
 * import { IN_FLIGHT } from "./shards.ts";
 * IN_FLIGHT; // 2
 * ```
 */
export const IN_FLIGHT = 2;

/**
 * Check a requested chunk size: a positive integer or `Infinity`, or
 * undefined for the default (see {@linkcode chunkRanges}).
 *
 * @throws {RangeError} When `chunk` is not a positive integer or `Infinity`.
 * @example
 * ```ts
 * import { chunkSize } from "./shards.ts";
 * chunkSize(512); // 512
 * ```
 */
export function chunkSize(chunk?: number): number | undefined {
  if (chunk === undefined || chunk === Infinity || (Number.isInteger(chunk) && chunk >= 1)) {
    return chunk;
  }
  throw new RangeError(`Chunk size must be a positive integer or Infinity, got ${chunk}`);
}

/**
 * A range of the plan sent as one request, `[from, to)`.
 *
 * @example
 * ```ts
 * import type { ChunkRange } from "./shards.ts";
 * const first: ChunkRange = { from: 0, to: 128 };
 * ```
 */
export interface ChunkRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Cut `count` callbacks into the requests dealt to `states` states: of
 * about `chunk` callbacks each when given (`Infinity`: one per state), else
 * one per state ({@linkcode LONE_STATE_CHUNKS} for a lone state, fewer when
 * they would be smaller than {@linkcode MIN_CHUNK}), more when larger than
 * {@linkcode MAX_CHUNK}; never fewer requests than states (while there are
 * callbacks for them). Sizes differ by at most one.
 *
 * @example
 * ```ts
 * import { chunkRanges } from "./shards.ts";
 * chunkRanges(2000, 2).length; // 2, of 1000
 * chunkRanges(2000, 1).length; // 2, of 1000
 * chunkRanges(100, 2); // [{ from: 0, to: 50 }, { from: 50, to: 100 }]
 * ```
 */
export function chunkRanges(count: number, states: number, chunk?: number): ChunkRange[] {
  const each = Math.min(Math.max(1, states), count);
  let n = Math.max(Math.ceil(count / (chunk ?? MAX_CHUNK)), each);
  if (chunk === undefined && each === 1) {
    n = Math.max(n, Math.min(LONE_STATE_CHUNKS, Math.floor(count / MIN_CHUNK)));
  }
  const out: ChunkRange[] = [];
  for (let k = 0; k < n; k++) {
    out.push({ from: Math.floor(k * count / n), to: Math.floor((k + 1) * count / n) });
  }
  return out;
}

/**
 * Lease the states to run `count` callbacks in from `host`'s pool: one per
 * worker, fewer when there are few callbacks (see {@linkcode MIN_SHARD}).
 * Each worker's state in `last` is taken when free (its tables are likely
 * still there), else any free state of that worker; a worker whose states are
 * all leased elsewhere is skipped, and when every state is leased this waits
 * for one. `last` is updated with what was leased.
 *
 * @throws {PoolClosedError} When the pool is or gets closed while waiting.
 * @example
 * ```ts
 * import type { LuaHost } from "../lua/lua_host.ts";
 * import { leaseShards } from "./shards.ts";
 * declare const host: LuaHost;
 * const leased = await leaseShards(host, 100, []);
 * for (const h of leased) host.pool.release(h);
 * ```
 */
export async function leaseShards(
  host: LuaHost,
  count: number,
  last: (StateHandle | undefined)[],
): Promise<StateHandle[]> {
  const { pool } = host;
  const wanted = Math.max(1, Math.min(host.workers, Math.ceil(count / MIN_SHARD)));
  const out: StateHandle[] = [];
  for (let w = 0; w < host.workers && out.length < wanted; w++) {
    const p = last[w];
    const h = (p && pool.tryAcquireWhere((h) => h === p)) ??
      pool.tryAcquireWhere((h) => h.worker === w);
    if (h) out.push(h);
  }
  if (out.length === 0) out.push(await pool.acquire());
  for (const h of out) last[h.worker] = h;
  return out;
}

/**
 * A call's outcome as a value, so a reply that fails before it is awaited is not unhandled.
 *
 * @example
 * ```ts
 * import type { Reply } from "./shards.ts";
 * const lost: Reply = { ok: false, error: new Error("worker gone") };
 * ```
 */
export type Reply = { ok: true; output: Uint8Array } | { ok: false; error: Error };
