/**
 * How a frame's callbacks are spread over the workers: one shard per worker
 * (fewer when there are few callbacks), each sent as a pipeline of chunks
 * when the machine has cores to spare for it.
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
 * Callbacks per request within a shard. A larger shard is sent as several
 * requests posted back to back, so the worker runs one chunk while the main
 * thread encodes the next or decodes the last. That pays off only when the
 * main thread has a core of its own, so by default a stage pipelines only with
 * at least one core more than workers (see {@linkcode chunkSize}); smaller
 * chunks pay more per message than they overlap.
 *
 * @example
 * ```ts
 * import type { LuaHost } from "../lua/lua_host.ts";
 * import { PIPELINE_CHUNK } from "./shards.ts";
 * import { ScriptStage } from "./script_stage.ts";
 * declare const host: LuaHost;
 * const stage = new ScriptStage(host, 42, { chunk: PIPELINE_CHUNK * 2 });
 * ```
 */
export const PIPELINE_CHUNK = 1024;

/**
 * The chunk size of a stage over `workers` workers: `chunk` when given (a
 * positive integer or `Infinity`), else {@linkcode PIPELINE_CHUNK} when there
 * is a core for the main thread and one for each worker, else `Infinity` (no
 * pipelining).
 *
 * @throws {RangeError} When `chunk` is not a positive integer or `Infinity`.
 * @example
 * ```ts
 * import { chunkSize } from "./shards.ts";
 * chunkSize(2, 512); // 512
 * ```
 */
export function chunkSize(workers: number, chunk?: number): number {
  const spareCores = (navigator.hardwareConcurrency || 1) >= workers + 1;
  const size = chunk ?? (spareCores ? PIPELINE_CHUNK : Infinity);
  if (!(size === Infinity || (Number.isInteger(size) && size >= 1))) {
    throw new RangeError(`Chunk size must be a positive integer or Infinity, got ${size}`);
  }
  return size;
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
 * Split `count` callbacks into one shard per leased state, none of them chunked yet.
 *
 * @example
 * ```ts
 * import type { StateHandle } from "../lua/host_options.ts";
 * import { splitShards } from "./shards.ts";
 * declare const leased: StateHandle[];
 * splitShards(leased, 100).length === leased.length; // true
 * ```
 */
export function splitShards(leased: readonly StateHandle[], count: number): Shard[] {
  const size = Math.ceil(count / leased.length);
  const out: Shard[] = [];
  for (let s = 0; s < leased.length; s++) {
    const from = s * size;
    const to = Math.min(count, from + size);
    if (to > from) out.push({ handle: leased[s]!, from, to, chunks: [] });
  }
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

/**
 * One request of a shard's pipeline: a range of the plan and its reply.
 *
 * @example
 * ```ts
 * import type { Chunk } from "./shards.ts";
 * const chunk: Chunk = { from: 0, to: 10, full: true, reply: Promise.resolve({ ok: true, output: new Uint8Array(4) }) };
 * ```
 */
export interface Chunk {
  from: number;
  to: number;
  /** Whether it carries both tables (a stale refusal is then final). */
  full: boolean;
  reply: Promise<Reply>;
}

/**
 * One worker's share of a frame, sent as a pipeline of chunks.
 *
 * @example
 * ```ts
 * import type { Shard } from "./shards.ts";
 * const whole = (s: Shard) => s.to - s.from;
 * ```
 */
export interface Shard {
  handle: StateHandle;
  from: number;
  to: number;
  chunks: Chunk[];
}
